"""The convolutional VAE of chapter 08 (autoencoder_course.lessons.convolutional_vae): the closed-form
Gaussian KL against Monte Carlo, the summed BCE and its floor, the reparameterisation layer, the model's
shapes, loss terms, training and sampling, the digit classifier, and the settings the chapter trains with."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # 3: also the C++ "NodeDef mentions attribute" lines
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
import pytest
from keras import ops

from autoencoder_course.lessons.convolutional_vae import (
    VAE_SETTINGS,
    ConvVAE,
    Sampling,
    bce_floor,
    build_digit_classifier,
    build_vae_decoder,
    build_vae_encoder,
    confident_fraction,
    gaussian_kl,
    monte_carlo_kl,
    summed_bce_from_logits,
    train_digit_classifier,
)


def numpy_of(tensor):
    return np.asarray(ops.convert_to_numpy(tensor))


# --- KL divergence -------------------------------------------------------------------------------


def test_kl_closed_form_matches_monte_carlo_within_four_standard_errors():
    rng = np.random.default_rng(1)
    z_mean = rng.normal(0, 1.5, size=(6, 3))
    z_log_var = rng.normal(0, 1.0, size=(6, 3))
    exact = numpy_of(gaussian_kl(z_mean, z_log_var))
    estimate, stderr = monte_carlo_kl(z_mean, z_log_var, 40_000, rng)
    assert exact.shape == (6,) and estimate.shape == (6,) and stderr.shape == (6,)
    assert np.all(np.abs(exact - estimate) < 4 * stderr + 1e-3), (exact, estimate, stderr)


def test_monte_carlo_kl_agrees_with_an_independent_density_computation():
    # log q - log p from scipy's normal densities, for the same draws of eps as monte_carlo_kl makes.
    from scipy.stats import norm

    z_mean, z_log_var = np.array([[0.5, -1.0]]), np.array([[np.log(0.3), np.log(2.0)]])
    estimate, _ = monte_carlo_kl(z_mean, z_log_var, 5_000, np.random.default_rng(8))
    eps = np.random.default_rng(8).standard_normal((5_000, 1, 2))
    z = z_mean + np.exp(0.5 * z_log_var) * eps
    terms = (norm.logpdf(z, z_mean, np.exp(0.5 * z_log_var)) - norm.logpdf(z)).sum(axis=-1)
    assert estimate == pytest.approx(terms.mean(axis=0), rel=1e-10)


def test_kl_is_zero_at_the_prior_and_positive_elsewhere():
    zeros = np.zeros((4, 5))
    assert np.allclose(numpy_of(gaussian_kl(zeros, zeros)), 0.0, atol=1e-6)
    rng = np.random.default_rng(2)
    kl = numpy_of(gaussian_kl(rng.normal(size=(50, 5)), rng.normal(size=(50, 5))))
    assert np.all(kl > 0)


def test_kl_of_a_shifted_unit_gaussian_is_half_the_squared_distance():
    z_mean = np.array([[3.0, 4.0]])
    assert numpy_of(gaussian_kl(z_mean, np.zeros((1, 2))))[0] == pytest.approx(12.5, rel=1e-6)


# --- reconstruction term -------------------------------------------------------------------------


def test_summed_bce_matches_the_formula_and_sums_over_pixels():
    rng = np.random.default_rng(3)
    images = rng.uniform(size=(3, 28, 28, 1)).astype(np.float32)
    logits = rng.normal(size=(3, 28, 28, 1)).astype(np.float32)
    p = 1 / (1 + np.exp(-logits.astype(np.float64)))
    expected = -np.sum(images * np.log(p) + (1 - images) * np.log(1 - p), axis=(1, 2, 3))
    got = numpy_of(summed_bce_from_logits(images, logits))
    assert got.shape == (3,)
    assert np.allclose(got, expected, rtol=1e-4)
    # Summed, not averaged: about 784 times the per-pixel mean.
    assert got.mean() > 784 * 0.5


def test_summed_bce_is_finite_for_extreme_logits():
    images = np.ones((1, 28, 28, 1), np.float32)
    logits = np.full((1, 28, 28, 1), -200.0, np.float32)
    assert np.isfinite(numpy_of(summed_bce_from_logits(images, logits))).all()


def test_bce_floor_is_the_minimum_over_reconstructions():
    rng = np.random.default_rng(4)
    images = rng.uniform(size=(2, 28, 28, 1)).astype(np.float32)
    floor = bce_floor(images)
    assert floor.shape == (2,)
    exact_logits = np.log(np.clip(images, 1e-6, 1 - 1e-6) / np.clip(1 - images, 1e-6, 1))
    at_target = numpy_of(summed_bce_from_logits(images, exact_logits.astype(np.float32)))
    elsewhere = numpy_of(summed_bce_from_logits(images, (exact_logits + 0.5).astype(np.float32)))
    assert np.allclose(floor, at_target, rtol=1e-3)
    assert np.all(elsewhere > floor)
    assert np.allclose(bce_floor(np.round(images)), 0.0, atol=1e-6)  # binary targets: floor is zero


def test_bce_floor_value_for_grey_half_pixels():
    # Every pixel 0.5: the entropy is log 2 per pixel, 784 log 2 per image.
    assert bce_floor(np.full((3, 28, 28, 1), 0.5)) == pytest.approx(np.full(3, 784 * np.log(2.0)))


# --- sampling layer and model --------------------------------------------------------------------


def test_sampling_layer_has_the_requested_mean_and_spread():
    layer = Sampling(seed=5)
    z_mean = np.full((20_000, 2), [1.0, -2.0], np.float32)
    z_log_var = np.full((20_000, 2), [0.0, np.log(4.0)], np.float32)
    z = numpy_of(layer([z_mean, z_log_var]))
    assert np.allclose(z.mean(axis=0), [1.0, -2.0], atol=0.05)
    assert np.allclose(z.std(axis=0), [1.0, 2.0], atol=0.05)


def test_sampling_layer_lets_the_gradient_through_mean_and_log_var():
    import tensorflow as tf

    layer = Sampling(seed=9)
    z_mean = tf.Variable(np.full((50_000, 1), 1.5, np.float32))
    z_log_var = tf.Variable(np.full((50_000, 1), 2 * np.log(0.7), np.float32))
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(layer([z_mean, z_log_var])))  # E[z^2] = mu^2 + sigma^2
    grad_mean, grad_log_var = (g.numpy().sum() for g in tape.gradient(loss, [z_mean, z_log_var]))
    assert grad_mean == pytest.approx(2 * 1.5, abs=0.03)  # d/dmu = 2 mu
    assert grad_log_var == pytest.approx(0.7**2, abs=0.03)  # d/dlog_var = sigma^2


def test_encoder_and_decoder_shapes():
    encoder, decoder = build_vae_encoder(3), build_vae_decoder(3)
    z_mean, z_log_var = encoder(np.zeros((2, 28, 28, 1), np.float32))
    assert tuple(z_mean.shape) == (2, 3) and tuple(z_log_var.shape) == (2, 3)
    assert tuple(decoder(np.zeros((2, 3), np.float32)).shape) == (2, 28, 28, 1)


@pytest.fixture(scope="module")
def tiny_digits():
    """64 smooth blob 'images' in [0, 1]: enough to see the loss go down in a few steps."""
    rng = np.random.default_rng(6)
    yy, xx = np.mgrid[0:28, 0:28]
    centres = rng.uniform(8, 20, size=(64, 2))
    images = np.exp(-((yy - centres[:, :1, None]) ** 2 + (xx - centres[:, 1:, None]) ** 2) / 18.0)
    return images[..., None].astype(np.float32)


def test_model_outputs_logs_both_terms_and_the_loss_decreases(tiny_digits):
    keras.utils.set_random_seed(0)
    vae = ConvVAE(latent_dim=2, encoder_filters=(8, 16), dense_units=8)
    vae.compile(optimizer=keras.optimizers.Adam(3e-3))
    outputs = vae(tiny_digits[:4])
    assert tuple(outputs["logits"].shape) == (4, 28, 28, 1)
    assert tuple(outputs["z_mean"].shape) == (4, 2) and tuple(outputs["z_log_var"].shape) == (4, 2)
    history = vae.fit(tiny_digits, epochs=6, batch_size=16, verbose=0).history
    assert {"loss", "reconstruction", "kl"} <= set(history)
    assert history["loss"][-1] < history["loss"][0]
    # beta = 1: the loss is the sum of the two logged terms (one-sample negative ELBO).
    assert history["loss"][-1] == pytest.approx(history["reconstruction"][-1] + history["kl"][-1], rel=1e-4)
    assert history["reconstruction"][-1] > 100  # summed over 784 pixels, not averaged


def test_beta_weights_the_kl_term(tiny_digits):
    vae = ConvVAE(latent_dim=2, beta=4.0, encoder_filters=(8, 16), dense_units=8)
    vae.compile(optimizer="adam")
    logs = vae.evaluate(tiny_digits, batch_size=64, verbose=0, return_dict=True)
    assert logs["loss"] == pytest.approx(logs["reconstruction"] + 4.0 * logs["kl"], rel=1e-4)


def test_encode_decode_and_sample_shapes_and_ranges(tiny_digits):
    vae = ConvVAE(latent_dim=3, encoder_filters=(8, 16), dense_units=8)
    z_mean, z_log_var = vae.encode(tiny_digits[:5])
    assert z_mean.shape == (5, 3) and z_log_var.shape == (5, 3)
    decoded = vae.decode(z_mean)
    assert isinstance(decoded, np.ndarray) and decoded.shape == (5, 28, 28, 1)
    samples = vae.sample(7, np.random.default_rng(0))
    assert samples.shape == (7, 28, 28, 1)
    assert samples.min() >= 0 and samples.max() <= 1
    same = vae.sample(7, np.random.default_rng(0))
    assert np.allclose(samples, same)  # same generator seed, same digits


# --- digit classifier ----------------------------------------------------------------------------


def test_classifier_shapes_and_confident_fraction(tiny_digits):
    model = build_digit_classifier(seed=0)
    probabilities = model.predict(tiny_digits[:3], verbose=0)
    assert probabilities.shape == (3, 10)
    assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    fraction, labels, top = confident_fraction(model, tiny_digits[:10], threshold=0.0 + 1e-9)
    assert fraction == 1.0 and labels.shape == (10,) and top.shape == (10,)
    fraction, _, _ = confident_fraction(model, tiny_digits[:10], threshold=1.0)
    assert fraction < 1.0  # an untrained classifier is not certain


def test_trained_classifier_learns_a_separable_task(tiny_digits):
    # Label each blob by whether it sits in the left or right half: easy, so accuracy must rise.
    rng = np.random.default_rng(7)
    images = np.concatenate([tiny_digits, tiny_digits[:, :, ::-1]])
    centre_x = (images[..., 0] * np.arange(28)).sum(axis=(1, 2)) / images[..., 0].sum(axis=(1, 2))
    labels = (centre_x > 13.5).astype(np.int64)
    order = rng.permutation(len(labels))
    model = train_digit_classifier(images[order], labels[order], epochs=15, batch_size=16)
    assert model.evaluate(images, labels, verbose=0)[1] > 0.9


# --- the chapter's settings ----------------------------------------------------------------------


def test_settings_build_the_chapter_model():
    assert {"latent_dim", "batch_size", "encoder_filters", "learning_rate", "epochs"} <= set(VAE_SETTINGS)
    vae = ConvVAE(
        latent_dim=VAE_SETTINGS["latent_dim"],
        beta=VAE_SETTINGS["beta"],
        encoder_filters=VAE_SETTINGS["encoder_filters"],
        dense_units=VAE_SETTINGS["dense_units"],
        seed=VAE_SETTINGS["seed"],
    )
    z_mean, _ = vae.encode(np.zeros((2, 28, 28, 1), np.float32))
    assert z_mean.shape == (2, VAE_SETTINGS["latent_dim"])

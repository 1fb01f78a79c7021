"""The VAE helpers: the closed-form Gaussian KL against Monte Carlo, the summed BCE and its floor,
the reparameterisation layer, the model's shapes, loss terms and sampling, the digit classifier,
and clear errors for bad input."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
import pytest
from keras import ops

from autoencoder_course.vae import (
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
    assert exact.shape == (6,)
    assert np.all(np.abs(exact - estimate) < 4 * stderr + 1e-3), (exact, estimate, stderr)


def test_kl_is_zero_at_the_prior_and_positive_elsewhere():
    zeros = np.zeros((4, 5))
    assert np.allclose(numpy_of(gaussian_kl(zeros, zeros)), 0.0, atol=1e-6)
    rng = np.random.default_rng(2)
    kl = numpy_of(gaussian_kl(rng.normal(size=(50, 5)), rng.normal(size=(50, 5))))
    assert np.all(kl > 0)


def test_kl_of_a_shifted_unit_gaussian_is_half_the_squared_distance():
    z_mean = np.array([[3.0, 4.0]])
    assert numpy_of(gaussian_kl(z_mean, np.zeros((1, 2))))[0] == pytest.approx(12.5, rel=1e-6)


def test_kl_refuses_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        gaussian_kl(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="dimensions"):
        gaussian_kl(np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match="NaN"):
        gaussian_kl(np.full((1, 2), np.nan), np.zeros((1, 2)))
    with pytest.raises(TypeError):
        gaussian_kl("mean", np.zeros((1, 2)))
    with pytest.raises(TypeError, match="Generator"):
        monte_carlo_kl(np.zeros((1, 2)), np.zeros((1, 2)), 10, rng=0)
    with pytest.raises(ValueError, match="at least 2"):
        monte_carlo_kl(np.zeros((1, 2)), np.zeros((1, 2)), 1, np.random.default_rng(0))


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
    exact_logits = np.log(np.clip(images, 1e-6, 1 - 1e-6) / np.clip(1 - images, 1e-6, 1))
    at_target = numpy_of(summed_bce_from_logits(images, exact_logits.astype(np.float32)))
    elsewhere = numpy_of(summed_bce_from_logits(images, (exact_logits + 0.5).astype(np.float32)))
    assert np.allclose(floor, at_target, rtol=1e-3)
    assert np.all(elsewhere > floor)
    assert np.allclose(bce_floor(np.round(images)), 0.0, atol=1e-6)  # binary targets: floor is zero


def test_reconstruction_helpers_refuse_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        summed_bce_from_logits(np.zeros((2, 28, 28, 1)), np.zeros((2, 28, 28)))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        bce_floor(np.full((1, 4, 4), 255.0))


# --- sampling layer and model --------------------------------------------------------------------

def test_sampling_layer_has_the_requested_mean_and_spread():
    layer = Sampling(seed=5)
    z_mean = np.full((20_000, 2), [1.0, -2.0], np.float32)
    z_log_var = np.full((20_000, 2), [0.0, np.log(4.0)], np.float32)
    z = numpy_of(layer([z_mean, z_log_var]))
    assert np.allclose(z.mean(axis=0), [1.0, -2.0], atol=0.05)
    assert np.allclose(z.std(axis=0), [1.0, 2.0], atol=0.05)


def test_sampling_refuses_a_negative_seed():
    with pytest.raises(ValueError):
        Sampling(seed=-1)


def test_encoder_and_decoder_shapes():
    encoder, decoder = build_vae_encoder(3), build_vae_decoder(3)
    z_mean, z_log_var = encoder(np.zeros((2, 28, 28, 1), np.float32))
    assert tuple(z_mean.shape) == (2, 3) and tuple(z_log_var.shape) == (2, 3)
    assert tuple(decoder(np.zeros((2, 3), np.float32)).shape) == (2, 28, 28, 1)
    with pytest.raises(ValueError, match="two"):
        build_vae_encoder(2, filters=(8,))


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
    samples = vae.sample(7, np.random.default_rng(0))
    assert samples.shape == (7, 28, 28, 1)
    assert samples.min() >= 0 and samples.max() <= 1
    same = vae.sample(7, np.random.default_rng(0))
    assert np.allclose(samples, same)  # same generator seed, same digits


def test_model_refuses_bad_input(tiny_digits):
    with pytest.raises(ValueError):
        ConvVAE(latent_dim=0)
    with pytest.raises(ValueError):
        ConvVAE(beta=-1.0)
    vae = ConvVAE(latent_dim=2, encoder_filters=(8, 16), dense_units=8)
    with pytest.raises(ValueError, match="28, 28, 1"):
        vae.encode(np.zeros((2, 28, 28), np.float32))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        vae.encode(tiny_digits[:2] * 255)
    with pytest.raises(ValueError, match="columns"):
        vae.decode(np.zeros((2, 5)))
    with pytest.raises(TypeError, match="Generator"):
        vae.sample(3, rng=42)


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


def test_classifier_helpers_refuse_bad_input(tiny_digits):
    with pytest.raises(ValueError, match="length"):
        train_digit_classifier(tiny_digits, np.zeros(3, np.int64))
    with pytest.raises(ValueError, match="0-9"):
        train_digit_classifier(tiny_digits[:2], np.array([0, 12]))
    with pytest.raises(ValueError, match="probability"):
        confident_fraction(build_digit_classifier(), tiny_digits[:2], threshold=2.0)

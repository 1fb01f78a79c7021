"""The convolutional variational autoencoder and the small digit classifier that judges its samples.

Defined in "Convolutional variational autoencoders" (``chapters/11_convolutional_vae.ipynb``, which
shows the source of :class:`ConvVAE` with ``inspect.getsource``) and reused by the VAE miniprojects
(``homework/masters/``) and "Applications" (``chapters/13_applications.ipynb``).

Everything inside the model is written with ``keras.ops`` and ``keras.random``, and the loss lives in
``compute_loss`` (called by every backend's own ``train_step``), so no TensorFlow-only code is needed.

The functions:

* :func:`gaussian_kl` -- closed-form KL( N(mean, exp(log_var)) || N(0, I) ), per example, in nats.
* :func:`monte_carlo_kl` -- the same KL estimated by sampling, to check the formula.
* :func:`summed_bce_from_logits` -- reconstruction term: binary cross-entropy summed over pixels.
* :func:`bce_floor` -- the smallest summed BCE any model can reach on non-binary targets.
* :class:`Sampling` -- the reparameterisation trick as a layer.
* :func:`build_vae_encoder`, :func:`build_vae_decoder`, :class:`ConvVAE` -- the model.
* :func:`build_digit_classifier`, :func:`train_digit_classifier`, :func:`confident_fraction`.
"""

from __future__ import annotations

import numpy as np
import keras
from keras import layers, ops

from ._validate import as_array, check_count, check_positive, check_rng, check_unit_range

IMAGE_SHAPE = (28, 28, 1)


def _check_pair(z_mean, z_log_var):
    """Static checks on (mean, log-variance) pairs; works for arrays and backend tensors."""
    for name, value in (("z_mean", z_mean), ("z_log_var", z_log_var)):
        if isinstance(value, (str, bytes)) or value is None:
            raise TypeError(f"{name} must be an array or tensor of numbers, got {type(value).__name__}.")
    if isinstance(z_mean, (list, tuple, np.ndarray)) or np.isscalar(z_mean):
        z_mean = as_array(z_mean, "z_mean", ndim=2).astype(np.float32)
    if isinstance(z_log_var, (list, tuple, np.ndarray)) or np.isscalar(z_log_var):
        z_log_var = as_array(z_log_var, "z_log_var", ndim=2).astype(np.float32)
    mean_shape, log_var_shape = tuple(z_mean.shape), tuple(z_log_var.shape)
    if len(mean_shape) != 2:
        raise ValueError(f"z_mean must have shape (batch, latent_dim), got {mean_shape}.")
    if mean_shape != log_var_shape:
        raise ValueError(f"z_mean and z_log_var must have the same shape, got {mean_shape} and {log_var_shape}.")
    return z_mean, z_log_var


def gaussian_kl(z_mean, z_log_var):
    """KL divergence from N(z_mean, diag(exp(z_log_var))) to the prior N(0, I), per example, in nats.

    Takes two ``(batch, latent_dim)`` arrays or backend tensors; returns a ``(batch,)`` tensor of
    ``-0.5 * sum(1 + log_var - mean**2 - exp(log_var))`` (summed over latent dimensions).  Refuses
    shapes that differ or are not 2-D, and NumPy input with NaN.  Used as the KL term of
    :class:`ConvVAE` and checked against :func:`monte_carlo_kl` in chapter 11.
    """
    z_mean, z_log_var = _check_pair(z_mean, z_log_var)
    return -0.5 * ops.sum(1.0 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=-1)


def monte_carlo_kl(z_mean, z_log_var, n_samples, rng):
    """Estimate the same KL as :func:`gaussian_kl` by sampling; returns ``(estimate, standard_error)``.

    Draws ``n_samples`` codes z ~ q = N(mean, exp(log_var)) per example with ``rng`` and averages
    ``log q(z) - log p(z)``.  Both results are NumPy arrays of shape ``(batch,)``.  NumPy only (it is
    a check, not part of training).
    """
    z_mean = as_array(z_mean, "z_mean", ndim=2).astype(np.float64)
    z_log_var = as_array(z_log_var, "z_log_var", ndim=2).astype(np.float64)
    _check_pair(z_mean, z_log_var)
    n_samples = check_count(n_samples, "n_samples", minimum=2)
    rng = check_rng(rng)
    std = np.exp(0.5 * z_log_var)
    eps = rng.standard_normal((n_samples, *z_mean.shape))
    z = z_mean + std * eps
    # log q(z) - log p(z); the log(2*pi) terms cancel.
    log_q = -0.5 * np.sum(z_log_var + eps**2, axis=-1)
    log_p = -0.5 * np.sum(z**2, axis=-1)
    terms = log_q - log_p  # (n_samples, batch)
    return terms.mean(axis=0), terms.std(axis=0, ddof=1) / np.sqrt(n_samples)


def summed_bce_from_logits(images, logits):
    """Binary cross-entropy of pixel targets in [0, 1] against decoder logits, SUMMED over pixels.

    Returns a ``(batch,)`` tensor in nats per image: ``sum(softplus(l) - x * l)``, the negative
    Bernoulli log-likelihood, computed from logits so that it never takes log(0).  Summing (rather
    than averaging over 784 pixels) puts it on the same scale as the KL term.
    """
    for name, value in (("images", images), ("logits", logits)):
        if isinstance(value, (str, bytes)) or value is None:
            raise TypeError(f"{name} must be an array or tensor of numbers, got {type(value).__name__}.")
    if tuple(images.shape) != tuple(logits.shape):
        raise ValueError(f"images and logits must have the same shape, got {tuple(images.shape)} and {tuple(logits.shape)}.")
    images = ops.cast(images, logits.dtype)
    per_pixel = ops.softplus(logits) - images * logits
    return ops.sum(ops.reshape(per_pixel, (ops.shape(per_pixel)[0], -1)), axis=-1)


def bce_floor(images):
    """The smallest summed BCE any model can reach on these targets: their own entropy, per image.

    ``images`` are floats in [0, 1] (grey MNIST pixels are not 0/1, so the BCE against a perfect
    reconstruction is still ``-sum(x log x + (1-x) log(1-x))``).  Returns a NumPy ``(n,)`` array in nats.
    """
    images = as_array(images, "images", min_ndim=2).astype(np.float64)
    check_unit_range(images, "images")
    x = np.clip(images.reshape(images.shape[0], -1), 1e-12, 1 - 1e-12)
    return -np.sum(x * np.log(x) + (1 - x) * np.log(1 - x), axis=1)


class Sampling(layers.Layer):
    """The reparameterisation trick: ``z = mean + exp(log_var / 2) * eps`` with ``eps ~ N(0, I)``.

    Called on ``[z_mean, z_log_var]``; the randomness comes from a seeded ``keras.random.SeedGenerator``
    so the gradient flows through ``mean`` and ``log_var`` and runs are reproducible.
    """

    def __init__(self, seed=0, **kwargs):
        super().__init__(**kwargs)
        self.seed = check_count(seed, "seed", minimum=0)
        self.seed_generator = keras.random.SeedGenerator(self.seed)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        eps = keras.random.normal(ops.shape(z_mean), dtype=z_mean.dtype, seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * eps

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


def build_vae_encoder(latent_dim=2, filters=(32, 64), dense_units=16):
    """Convolutional encoder q(z|x): image ``(28, 28, 1)`` -> ``[z_mean, z_log_var]``, each ``(latent_dim,)``.

    Two stride-2 3x3 convolutions (28 -> 14 -> 7), a small dense layer, then two linear heads.
    """
    latent_dim = check_count(latent_dim, "latent_dim")
    dense_units = check_count(dense_units, "dense_units")
    if len(filters) != 2:
        raise ValueError(f"filters must give two numbers of filters, got {filters}.")
    images = keras.Input(shape=IMAGE_SHAPE, name="image")
    x = layers.Conv2D(check_count(filters[0], "filters"), 3, strides=2, padding="same", activation="relu")(images)
    x = layers.Conv2D(check_count(filters[1], "filters"), 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Flatten()(x)
    x = layers.Dense(dense_units, activation="relu")(x)
    z_mean = layers.Dense(latent_dim, name="z_mean")(x)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
    return keras.Model(images, [z_mean, z_log_var], name="encoder")


def build_vae_decoder(latent_dim=2, filters=(64, 32)):
    """Convolutional decoder p(x|z): code ``(latent_dim,)`` -> pixel LOGITS ``(28, 28, 1)``.

    Mirrors the encoder with transposed convolutions (7 -> 14 -> 28).  It returns logits, not
    probabilities: the loss uses them directly and :meth:`ConvVAE.decode` applies the sigmoid.
    """
    latent_dim = check_count(latent_dim, "latent_dim")
    if len(filters) != 2:
        raise ValueError(f"filters must give two numbers of filters, got {filters}.")
    codes = keras.Input(shape=(latent_dim,), name="z")
    x = layers.Dense(7 * 7 * check_count(filters[0], "filters"), activation="relu")(codes)
    x = layers.Reshape((7, 7, filters[0]))(x)
    x = layers.Conv2DTranspose(filters[0], 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2DTranspose(check_count(filters[1], "filters"), 3, strides=2, padding="same", activation="relu")(x)
    logits = layers.Conv2DTranspose(1, 3, padding="same", name="pixel_logits")(x)
    return keras.Model(codes, logits, name="decoder")


class ConvVAE(keras.Model):
    """Convolutional VAE trained on the negative ELBO: summed-BCE reconstruction + beta * KL, in nats per image.

    ``ConvVAE(latent_dim=2, beta=1.0)``, then ``compile(optimizer=...)`` (no loss: the model brings its
    own) and ``fit(images, ...)`` with images ``(n, 28, 28, 1)`` in [0, 1].  Training logs ``loss``
    (reconstruction + beta * KL), ``reconstruction`` and ``kl``; with beta = 1 ``loss`` is the negative
    ELBO estimated with one sample of z per image.  ``encode``, ``decode`` and ``sample`` return NumPy.
    """

    def __init__(self, latent_dim=2, beta=1.0, *, encoder_filters=(32, 64), dense_units=16, seed=0, **kwargs):
        super().__init__(**kwargs)
        self.latent_dim = check_count(latent_dim, "latent_dim")
        self.beta = check_positive(beta, "beta", allow_zero=True)
        self.encoder = build_vae_encoder(latent_dim, encoder_filters, dense_units)
        self.decoder = build_vae_decoder(latent_dim, tuple(reversed(encoder_filters)))
        self.sampling = Sampling(seed=seed)
        self.reconstruction_tracker = keras.metrics.Mean(name="reconstruction")
        self.kl_tracker = keras.metrics.Mean(name="kl")

    def call(self, images, training=False):
        z_mean, z_log_var = self.encoder(images, training=training)
        z = self.sampling([z_mean, z_log_var])
        return {"logits": self.decoder(z, training=training), "z_mean": z_mean, "z_log_var": z_log_var}

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        # Every backend's train_step and test_step call this, so the ELBO is written once.
        if y_pred is None:
            y_pred = self(x, training=training)
        reconstruction = summed_bce_from_logits(x, y_pred["logits"])
        kl = gaussian_kl(y_pred["z_mean"], y_pred["z_log_var"])
        self.reconstruction_tracker.update_state(reconstruction)
        self.kl_tracker.update_state(kl)
        return ops.mean(reconstruction + self.beta * kl)

    def encode(self, images, batch_size=256):
        """Posterior means and log-variances ``(z_mean, z_log_var)`` of ``images``, as NumPy arrays."""
        images = _check_images(images)
        z_mean, z_log_var = self.encoder.predict(images, batch_size=batch_size, verbose=0)
        return z_mean, z_log_var

    def decode(self, codes, batch_size=256):
        """Pixel probabilities ``(n, 28, 28, 1)`` in [0, 1] for latent codes ``(n, latent_dim)``."""
        codes = as_array(codes, "codes", ndim=2).astype(np.float32)
        if codes.shape[1] != self.latent_dim:
            raise ValueError(f"codes must have {self.latent_dim} columns (the latent size), got {codes.shape}.")
        logits = self.decoder.predict(codes, batch_size=batch_size, verbose=0)
        return 1.0 / (1.0 + np.exp(-logits))

    def sample(self, n, rng):
        """Draw ``n`` codes from the prior N(0, I) with ``rng`` and decode them: new digits ``(n, 28, 28, 1)``."""
        n = check_count(n, "n")
        rng = check_rng(rng)
        return self.decode(rng.standard_normal((n, self.latent_dim)).astype(np.float32))

    def get_config(self):
        return {**super().get_config(), "latent_dim": self.latent_dim, "beta": self.beta}


def _check_images(images):
    images = as_array(images, "images").astype(np.float32)
    if images.ndim != 4 or images.shape[1:] != IMAGE_SHAPE:
        raise ValueError(f"images must have shape (n, 28, 28, 1), got {images.shape}.")
    check_unit_range(images, "images")
    return images


def build_digit_classifier(seed=0):
    """A small CNN that maps ``(28, 28, 1)`` images in [0, 1] to 10 class probabilities (compiled, Adam).

    Used to judge generated digits (chapter 11, miniprojects, chapter 13): about 97 % test accuracy
    on the 8,000-image MNIST subset after 3 epochs (roughly 15 s on 2 CPU cores).
    """
    seed = check_count(seed, "seed", minimum=0)
    init = keras.initializers.GlorotUniform(seed=seed)
    model = keras.Sequential(
        [
            keras.Input(shape=IMAGE_SHAPE),
            layers.Conv2D(16, 3, activation="relu", kernel_initializer=init),
            layers.MaxPooling2D(2),
            layers.Conv2D(32, 3, activation="relu", kernel_initializer=init),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(64, activation="relu", kernel_initializer=init),
            layers.Dense(10, activation="softmax", kernel_initializer=init),
        ],
        name="digit_classifier",
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def train_digit_classifier(images, labels, *, epochs=3, batch_size=64, seed=0):
    """Build and train :func:`build_digit_classifier` on ``images`` ``(n, 28, 28, 1)`` and ``labels`` 0-9.

    Returns the trained Keras model (silent training).  Refuses mismatched lengths or labels outside 0-9.
    """
    images = _check_images(images)
    labels = as_array(labels, "labels", ndim=1)
    if labels.shape[0] != images.shape[0]:
        raise ValueError(f"images and labels disagree in length: {images.shape[0]} vs {labels.shape[0]}.")
    if not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0 or labels.max() > 9:
        raise ValueError("labels must be integers 0-9.")
    model = build_digit_classifier(seed)
    model.fit(images, labels, epochs=check_count(epochs, "epochs"), batch_size=check_count(batch_size, "batch_size"),
              verbose=0)
    return model


def confident_fraction(classifier, images, threshold=0.9):
    """Share of ``images`` that ``classifier`` assigns to one class with probability >= ``threshold``.

    Returns ``(fraction, predicted_labels, top_probabilities)``.  A generator whose samples are blank or
    noise scores low; one whose samples look like digits scores close to what real digits score.
    """
    images = _check_images(images)
    threshold = check_positive(threshold, "threshold")
    if threshold > 1:
        raise ValueError(f"threshold is a probability, at most 1, got {threshold}.")
    probabilities = classifier.predict(images, batch_size=256, verbose=0)
    top = probabilities.max(axis=1)
    return float(np.mean(top >= threshold)), probabilities.argmax(axis=1), top

"""The denoising recipe as one reusable pipeline: pairs, training with validation, evaluation.

Used by "Denoising with a dense autoencoder" (``chapters/03_denoising_dense.ipynb``) for every data
set it treats (digits 0 and 1, all ten digits, patches of scikit-image's sample photographs), and
meant for the convolutional chapter as well.  The model itself is *not* defined here: the chapter
passes a ``build_model`` function, so the architecture stays where students read it.

The steps, in order (:func:`run_denoising`):

1. split the clean training images into a training and a validation part (before any noise, so no
   clean image leaks from one part into the other);
2. make (input, target) pairs with :func:`make_training_pairs`;
3. seed Keras and call ``build_model()`` (so two runs with the same seed start from the same weights),
   compile it;
4. train, validating on *noisy -> clean* pairs (the task we care about, whatever the training scheme);
5. evaluate on test images noised separately at each test noise level with :func:`evaluate_denoiser`:
   PSNR of the noisy input, of the denoised output and of the PCA baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._validate import as_array, check_count, check_positive, check_rng, check_unit_range
from .data import add_gaussian_noise
from .metrics import PCABaseline, psnr

SCHEMES = ("noisy_to_clean", "input_equals_target")


def add_noise_at_levels(images, sigma, rng):
    """Gaussian noise clipped to [0, 1]: one level ``sigma`` for all, or a range ``(low, high)``.

    With a range, every image gets its own standard deviation drawn uniformly from [low, high]
    (a "blind" denoiser trained this way copes with noise levels it is not told about).  Returns a
    new float array of the same shape; refuses negative levels, ``low > high`` and non-Generators.
    """
    images = as_array(images, "images", min_ndim=1)
    rng = check_rng(rng)
    if np.ndim(sigma) == 0:
        return add_gaussian_noise(images, check_positive(sigma, "sigma", allow_zero=True), rng)
    levels = [check_positive(s, "sigma", allow_zero=True) for s in np.asarray(sigma, dtype=object).ravel()]
    if len(levels) != 2 or levels[0] > levels[1]:
        raise ValueError(f"sigma must be a number or a range (low, high) with low <= high, got {sigma!r}.")
    if not np.issubdtype(images.dtype, np.floating):
        raise TypeError(f"images must be floats (call normalize_images first), got dtype {images.dtype}.")
    check_unit_range(images, "images")
    per_image = rng.uniform(levels[0], levels[1], size=(images.shape[0],) + (1,) * (images.ndim - 1))
    noisy = images + (per_image * rng.standard_normal(images.shape)).astype(images.dtype)
    return np.clip(noisy, 0.0, 1.0)


def make_training_pairs(clean, sigma, rng, *, scheme="noisy_to_clean", copies=1):
    """Return ``(inputs, targets)`` for training a denoiser on ``clean`` images in [0, 1].

    ``scheme="noisy_to_clean"`` (denoising): ``copies`` independently noised versions of every image
    as inputs, the clean image as target; ``copies * n`` pairs.

    ``scheme="input_equals_target"`` (what the source chapter did): the clean images followed by
    ``copies`` noisy versions, each image its own target; ``(1 + copies) * n`` pairs.  A model
    trained on these is a plain reconstruction autoencoder: nothing ever asks it to remove noise.

    Noise is Gaussian with standard deviation ``sigma`` (a number, or a range ``(low, high)`` drawn
    per image, see :func:`add_noise_at_levels`), clipped to [0, 1], drawn from ``rng`` (a
    ``numpy.random.Generator``).  Raises ValueError for an unknown scheme, pixels outside [0, 1]
    or a negative ``sigma``; TypeError for a missing Generator.
    """
    clean = as_array(clean, "clean", min_ndim=2)
    if not np.issubdtype(clean.dtype, np.floating):
        raise TypeError(f"clean must hold floats in [0, 1] (call normalize_images first), got {clean.dtype}.")
    check_unit_range(clean, "clean")
    rng = check_rng(rng)
    copies = check_count(copies, "copies")
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}.")
    noisy = np.concatenate([add_noise_at_levels(clean, sigma, rng) for _ in range(copies)])
    if scheme == "noisy_to_clean":
        return noisy, np.concatenate([clean] * copies)
    both = np.concatenate([clean, noisy])
    return both, both


def evaluate_denoiser(model, clean, sigmas, rng, *, pca=None, batch_size=256):
    """Noise ``clean`` test images at each level in ``sigmas`` and measure how well ``model`` cleans them.

    Returns a list of dicts, one per sigma, with keys ``sigma``, ``psnr_noisy`` (the noisy input
    itself), ``psnr_denoised`` (the model's output), ``psnr_pca`` (when a fitted
    :class:`~autoencoder_course.metrics.PCABaseline` is given), ``gain_db`` (denoised - noisy), and
    the arrays ``noisy`` and ``denoised``.  ``model`` needs a ``predict`` method (a Keras model).
    The noise of each level is drawn from ``rng`` in order, so the same Generator state gives the
    same test set.  Raises ValueError for an empty ``sigmas`` or images outside [0, 1].
    """
    if not hasattr(model, "predict"):
        raise TypeError(f"model must have a predict method (a Keras model), got {type(model).__name__}.")
    clean = as_array(clean, "clean", min_ndim=2)
    check_unit_range(clean, "clean")
    sigmas = [check_positive(s, "sigma", allow_zero=True) for s in np.atleast_1d(as_array(sigmas, "sigmas"))]
    rng = check_rng(rng)
    batch_size = check_count(batch_size, "batch_size")
    rows = []
    for sigma in sigmas:
        noisy = add_gaussian_noise(clean, sigma, rng)
        denoised = np.clip(np.asarray(model.predict(noisy, batch_size=batch_size, verbose=0)), 0.0, 1.0)
        if denoised.shape != clean.shape:
            raise ValueError(f"model output has shape {denoised.shape}, expected {clean.shape}.")
        row = {"sigma": sigma, "psnr_noisy": psnr(clean, noisy), "psnr_denoised": psnr(clean, denoised)}
        if pca is not None:
            row["psnr_pca"] = psnr(clean, pca.reconstruct(noisy))
        row["gain_db"] = row["psnr_denoised"] - row["psnr_noisy"]
        row["noisy"], row["denoised"] = noisy, denoised
        rows.append(row)
    return rows


@dataclass
class DenoisingRun:
    """What :func:`run_denoising` returns: the trained model, its history and the test results."""

    model: object
    history: object
    results: list
    test_clean: np.ndarray
    pca: PCABaseline
    n_pairs: int
    settings: dict = field(default_factory=dict)

    def table(self):
        """The results as rows of numbers only (no arrays): ``[{sigma, psnr_noisy, ...}, ...]``."""
        return [{k: v for k, v in row.items() if not isinstance(v, np.ndarray)} for row in self.results]

    def result(self, sigma):
        """The result dict for test noise level ``sigma``; KeyError when it was not tested."""
        for row in self.results:
            if np.isclose(row["sigma"], sigma):
                return row
        raise KeyError(f"sigma={sigma} was not tested; tested: {[r['sigma'] for r in self.results]}.")


def run_denoising(build_model, train_images, test_images, *, train_sigma, test_sigmas, seed,
                  scheme="noisy_to_clean", copies=1, epochs=10, batch_size=128,
                  validation_fraction=0.1, loss="binary_crossentropy", learning_rate=1e-3,
                  pca_components=32, callbacks=None):
    """Train a denoiser made by ``build_model()`` and evaluate it; returns a :class:`DenoisingRun`.

    ``train_images`` / ``test_images``: clean float images in [0, 1], already in the shape the model
    takes (e.g. flattened to ``(n, 784)`` for a dense model).  ``train_sigma``: noise of the training
    (and validation) pairs; ``test_sigmas``: the levels the test set is noised at.  ``seed`` fixes
    everything random: the split, the noise (three independent streams for training, validation and
    test), Keras's weight initialisation and shuffling.  ``scheme`` and ``copies`` are passed to
    :func:`make_training_pairs`.  Validation is always noisy -> clean at ``train_sigma``.

    Refuses (ValueError/TypeError) a ``build_model`` that is not callable, images outside [0, 1],
    test images of another shape than the training images, or a validation fraction outside (0, 0.5].
    Used by chapter 03_denoising_dense.
    """
    import keras

    if not callable(build_model):
        raise TypeError("build_model must be a function that returns a new, uncompiled Keras model.")
    train_images = as_array(train_images, "train_images", min_ndim=2)
    test_images = as_array(test_images, "test_images", min_ndim=2)
    for name, images in (("train_images", train_images), ("test_images", test_images)):
        if not np.issubdtype(images.dtype, np.floating):
            raise TypeError(f"{name} must hold floats in [0, 1], got {images.dtype}.")
        check_unit_range(images, name)
    if train_images.shape[1:] != test_images.shape[1:]:
        raise ValueError(f"train and test images differ in shape: {train_images.shape[1:]} vs {test_images.shape[1:]}.")
    seed = check_count(seed, "seed", minimum=0)
    epochs = check_count(epochs, "epochs")
    batch_size = check_count(batch_size, "batch_size")
    validation_fraction = check_positive(validation_fraction, "validation_fraction")
    if validation_fraction > 0.5:
        raise ValueError(f"validation_fraction must be at most 0.5, got {validation_fraction}.")

    split_rng, train_rng, val_rng, test_rng = np.random.default_rng(seed).spawn(4)
    order = split_rng.permutation(len(train_images))
    n_val = max(1, int(round(validation_fraction * len(train_images))))
    val_clean, fit_clean = train_images[order[:n_val]], train_images[order[n_val:]]

    inputs, targets = make_training_pairs(fit_clean, train_sigma, train_rng, scheme=scheme, copies=copies)
    val_inputs, val_targets = make_training_pairs(val_clean, train_sigma, val_rng, scheme="noisy_to_clean")

    keras.utils.set_random_seed(seed)  # same seed -> same initial weights and the same shuffling
    model = build_model()
    if not isinstance(model, keras.Model):
        raise TypeError(f"build_model must return a keras.Model, got {type(model).__name__}.")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss)
    history = model.fit(inputs, targets, validation_data=(val_inputs, val_targets), epochs=epochs,
                        batch_size=batch_size, shuffle=True, verbose=0, callbacks=list(callbacks or []))

    pca = PCABaseline(pca_components).fit(fit_clean)
    results = evaluate_denoiser(model, test_images, test_sigmas, test_rng, pca=pca, batch_size=256)
    settings = dict(train_sigma=train_sigma, seed=seed, scheme=scheme, copies=copies, epochs=epochs,
                    batch_size=batch_size, loss=loss, learning_rate=learning_rate)
    return DenoisingRun(model, history, results, test_images, pca, len(inputs), settings)

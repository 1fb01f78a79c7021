"""Data for the course: MNIST, any other image set, and the synthetic ellipse and sphere.

Used by every chapter that trains a model.  MNIST comes from Keras's download (and its cache) by
default; set the environment variable ``AUTOENCODER_COURSE_MNIST`` to the path of an ``mnist.npz``
file (Keras layout) to use that file instead, e.g. on a machine without internet.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ._validate import as_array, check_count, check_positive, check_rng, check_unit_range

MNIST_ENV_VAR = "AUTOENCODER_COURSE_MNIST"
_MNIST_KEYS = ("x_train", "y_train", "x_test", "y_test")


class MnistUnavailableError(RuntimeError):
    """MNIST could neither be read from a file nor downloaded."""


def _read_mnist_file(path: Path):
    if not path.is_file():
        raise FileNotFoundError(
            f"No MNIST file at {path}. Point {MNIST_ENV_VAR} (or the path argument) at an existing "
            "mnist.npz in Keras layout (keys x_train, y_train, x_test, y_test)."
        )
    try:
        with np.load(path, allow_pickle=False) as archive:
            missing = [key for key in _MNIST_KEYS if key not in archive.files]
            if missing:
                raise ValueError(
                    f"{path} is not an MNIST file in Keras layout: it lacks {', '.join(missing)} "
                    f"(it has {', '.join(archive.files) or 'nothing'})."
                )
            arrays = {key: archive[key] for key in _MNIST_KEYS}
    except (OSError, EOFError) as error:
        raise ValueError(f"{path} could not be read as a .npz file ({error}).") from None
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if images.ndim != 3 or images.shape[1:] != (28, 28) or images.shape[0] != labels.shape[0]:
            raise ValueError(
                f"{path}: x_{split} must have shape (n, 28, 28) matching y_{split} (n,), "
                f"got {images.shape} and {labels.shape}."
            )
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def mnist_source(path=None) -> str:
    """Say where :func:`load_mnist` will read MNIST from (an explicit file or the Keras download)."""
    chosen = path if path is not None else os.environ.get(MNIST_ENV_VAR)
    return f"file {chosen}" if chosen else "Keras download (cached in ~/.keras/datasets)"


def load_mnist(path=None):
    """Load MNIST as ``((x_train, y_train), (x_test, y_test))`` uint8 arrays in Keras layout.

    Where it looks, in order: ``path`` if given; the file named by the environment variable
    ``AUTOENCODER_COURSE_MNIST``; otherwise ``keras.datasets.mnist.load_data()``, which downloads
    the data once and then reads its cache.  Raises :class:`MnistUnavailableError` with
    instructions when the download fails and no file was given.
    """
    chosen = path if path is not None else os.environ.get(MNIST_ENV_VAR)
    if chosen:
        return _read_mnist_file(Path(chosen).expanduser())
    import keras  # imported late: TensorFlow's start-up is slow and not needed with a file

    try:
        return keras.datasets.mnist.load_data()
    except Exception as error:  # no network, proxy, blocked host...
        raise MnistUnavailableError(
            "MNIST could not be downloaded "
            f"({type(error).__name__}: {str(error).splitlines()[0] if str(error) else 'no details'}). "
            f"Download mnist.npz on a machine with internet (keras.datasets.mnist.load_data() saves it to "
            f"~/.keras/datasets/mnist.npz), copy it here, and set {MNIST_ENV_VAR}=/path/to/mnist.npz."
        ) from None


def filter_digits(images, labels, digits):
    """Keep only the images whose label is in ``digits``; returns ``(images, labels)``."""
    images = as_array(images, "images", min_ndim=2)
    labels = as_array(labels, "labels", ndim=1)
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"images and labels disagree in length: {images.shape[0]} vs {labels.shape[0]}.")
    digits = np.atleast_1d(np.asarray(digits))
    if digits.size == 0 or not np.issubdtype(digits.dtype, np.integer) or digits.min() < 0 or digits.max() > 9:
        raise ValueError(f"digits must be integers between 0 and 9, got {digits.tolist()}.")
    keep = np.isin(labels, digits)
    if not keep.any():
        raise ValueError(f"No image has a label in {digits.tolist()}.")
    return images[keep], labels[keep]


def normalize_images(images):
    """Scale uint8 pixels (0-255) to float32 in [0, 1].  Refuses data that is already scaled."""
    images = as_array(images, "images", min_ndim=2)
    if images.dtype != np.uint8:
        raise TypeError(
            f"normalize_images expects raw uint8 pixels (0-255), got dtype {images.dtype}; "
            "float images are assumed to be scaled already."
        )
    return images.astype(np.float32) / np.float32(255.0)


def flatten_images(images):
    """Turn ``(n, height, width[, 1])`` images into ``(n, height*width)`` vectors for dense layers."""
    images = as_array(images, "images", ndim=(3, 4))
    if images.ndim == 4 and images.shape[-1] != 1:
        raise ValueError(f"flatten_images takes one channel, got shape {images.shape}.")
    return images.reshape(images.shape[0], -1)


def add_gaussian_noise(images, sigma, rng, *, clip=True):
    """Return ``images + sigma * N(0, 1)`` drawn from ``rng``, clipped to [0, 1] when ``clip``.

    ``images`` must be floats in [0, 1] when clipping; the input is never modified.
    """
    images = as_array(images, "images")
    sigma = check_positive(sigma, "sigma", allow_zero=True)
    rng = check_rng(rng)
    if not np.issubdtype(images.dtype, np.floating):
        raise TypeError(f"images must be floats (call normalize_images first), got dtype {images.dtype}.")
    if clip:
        check_unit_range(images, "images")
    noisy = images + np.asarray(sigma * rng.standard_normal(images.shape), dtype=images.dtype)
    return np.clip(noisy, 0.0, 1.0) if clip else noisy


def prepare_images(images, size=(28, 28)):
    """Make any image set ready for the denoising recipe: grayscale, ``size``, float32 in [0, 1].

    Accepts ``(n, h, w)`` grayscale or ``(n, h, w, 3|4)`` colour images, uint8 (0-255) or floats
    (already in [0, 1]).  Colour is converted with the ITU-R BT.601 luma weights; alpha is dropped.
    """
    from skimage.transform import resize

    images = as_array(images, "images", ndim=(3, 4))
    is_float = np.issubdtype(images.dtype, np.floating)
    if images.ndim == 4 and images.shape[-1] not in (1, 3, 4):
        raise ValueError(f"Colour images need 1, 3 or 4 channels last, got shape {images.shape}.")
    pixels = images.astype(np.float64)
    if pixels.ndim == 4:
        pixels = pixels[..., 0] if pixels.shape[-1] == 1 else pixels[..., :3] @ np.array([0.299, 0.587, 0.114])
    if is_float:
        check_unit_range(pixels, "images")
    else:
        if pixels.min() < 0 or pixels.max() > 255:
            raise ValueError(f"Integer images must be 0-255 pixels, got [{pixels.min()}, {pixels.max()}].")
        pixels = pixels / 255.0
    scaled = pixels
    height, width = (check_count(int(s), "size") for s in size)
    if scaled.shape[1:] != (height, width):
        scaled = resize(scaled, (scaled.shape[0], height, width), anti_aliasing=True, mode="reflect")
    return np.clip(scaled, 0.0, 1.0).astype(np.float32)


def make_ellipse(n_points, *, semi_axes=(3.0, 2.0), center=(0.0, 0.0), noise=0.0, rng=None):
    """Points on a 2-D ellipse, ``(n_points, 2)``, at evenly spaced angles, plus Gaussian noise.

    ``semi_axes`` are (a, b) along x and y (equal axes give a circle), ``center`` shifts the
    ellipse, ``noise`` is the standard deviation of isotropic noise (needs ``rng`` when above zero).
    """
    n_points = check_count(n_points, "n_points", minimum=3)
    a, b = (check_positive(v, "semi_axes") for v in semi_axes)
    center = as_array(center, "center", ndim=1).astype(float)
    if center.shape != (2,):
        raise ValueError(f"center must have two coordinates, got {center.tolist()}.")
    noise = check_positive(noise, "noise", allow_zero=True)
    angles = np.linspace(0.0, 2.0 * np.pi, n_points, endpoint=False)
    points = np.column_stack([a * np.cos(angles), b * np.sin(angles)]) + center
    if noise > 0:
        points = points + noise * check_rng(rng).standard_normal(points.shape)
    return points


def make_sphere(n_points, *, radius=1.0, center=(0.0, 0.0, 0.0), noise=0.0, rng):
    """Points spread uniformly over a sphere's surface in 3-D, ``(n_points, 3)``, plus noise.

    Directions are normalised Gaussian vectors (uniform on the sphere); ``noise`` is the standard
    deviation of isotropic Gaussian noise added to each coordinate.
    """
    n_points = check_count(n_points, "n_points", minimum=1)
    radius = check_positive(radius, "radius")
    center = as_array(center, "center", ndim=1).astype(float)
    if center.shape != (3,):
        raise ValueError(f"center must have three coordinates, got {center.tolist()}.")
    noise = check_positive(noise, "noise", allow_zero=True)
    rng = check_rng(rng)
    directions = rng.standard_normal((n_points, 3))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    points = radius * directions + center
    if noise > 0:
        points = points + noise * rng.standard_normal(points.shape)
    return points

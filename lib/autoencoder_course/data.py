"""Data for the course: MNIST, any other image set, and the synthetic ellipse and sphere.

Used by every chapter that trains a model.  :func:`load_mnist` returns **the course's data set**
wherever MNIST comes from: the 10,000 images of MNIST's official test set, the first 8,000 for
training and the last 2,000 for testing.  (That test set has two halves written by different people:
the first 5,000 digits by Census Bureau employees, the last 5,000 by high-school students; the
course's test digits all come from the students' half.)  The source is a file named by the
environment variable ``AUTOENCODER_COURSE_MNIST`` (Keras's full ``mnist.npz``, or the course's own
10,000-image file in the same layout), else Keras's download and its cache.  The full 60,000 / 10,000
set is an explicit opt-in: ``load_mnist(full=True)`` or ``AUTOENCODER_COURSE_FULL_MNIST=1``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ._validate import as_array, check_count, check_positive, check_rng, check_unit_range

MNIST_ENV_VAR = "AUTOENCODER_COURSE_MNIST"
FULL_MNIST_ENV_VAR = "AUTOENCODER_COURSE_FULL_MNIST"
_MNIST_KEYS = ("x_train", "y_train", "x_test", "y_test")
# MNIST's official split, and the course's split of its test set.
FULL_SIZES = (60_000, 10_000)
COURSE_SIZES = (8_000, 2_000)
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


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


def _sizes(mnist) -> tuple[int, int]:
    (x_train, _), (x_test, _) = mnist
    return len(x_train), len(x_test)


def course_split(mnist, source="the data"):
    """The course's data set from MNIST in Keras layout: ``((x_train, y_train), (x_test, y_test))``.

    Full MNIST (60,000 / 10,000): its test set, split into the first 8,000 images for training and the
    last 2,000 for testing.  Data that already is the course's split (8,000 / 2,000, e.g. the course's
    own file) is returned as it is.  Refuses any other size, saying which sizes it accepts.
    """
    sizes = _sizes(mnist)
    if sizes == COURSE_SIZES:
        return mnist
    if sizes == FULL_SIZES:
        _, (images, labels) = mnist
        n_train = COURSE_SIZES[0]
        return (images[:n_train], labels[:n_train]), (images[n_train:], labels[n_train:])
    raise ValueError(
        f"{source} holds {sizes[0]:,} training and {sizes[1]:,} test images; the course reads either Keras's "
        f"full MNIST ({FULL_SIZES[0]:,} / {FULL_SIZES[1]:,}) or its own split of MNIST's test set "
        f"({COURSE_SIZES[0]:,} / {COURSE_SIZES[1]:,})."
    )


def full_mnist_requested(full=None) -> bool:
    """Whether :func:`load_mnist` returns full MNIST: ``full`` if given, else ``$AUTOENCODER_COURSE_FULL_MNIST``."""
    if full is not None:
        if not isinstance(full, bool):
            raise TypeError(f"full must be True, False or None, got {full!r}.")
        return full
    value = os.environ.get(FULL_MNIST_ENV_VAR, "").strip().lower()
    if value not in _TRUE + _FALSE:
        raise ValueError(
            f"{FULL_MNIST_ENV_VAR}={value!r}: set it to 1 (full MNIST) or 0 / leave it unset (the course's data)."
        )
    return value in _TRUE


def mnist_source(path=None, *, full=None) -> str:
    """Say which data :func:`load_mnist` returns and where it reads it from."""
    chosen = path if path is not None else os.environ.get(MNIST_ENV_VAR)
    where = f"file {chosen}" if chosen else "Keras's download (cached in ~/.keras/datasets)"
    if full_mnist_requested(full):
        return f"full MNIST ({FULL_SIZES[0]:,} training / {FULL_SIZES[1]:,} test images) from {where}"
    return (
        f"the course's data (MNIST's test set: {COURSE_SIZES[0]:,} training / {COURSE_SIZES[1]:,} test "
        f"images) from {where}"
    )


def load_mnist(path=None, *, full=None):
    """Load the course's MNIST data as ``((x_train, y_train), (x_test, y_test))`` uint8 arrays.

    Returns the course's data set (8,000 training and 2,000 test images, from MNIST's official test
    set: see the module's docstring) whatever the source; ``full=True`` (or
    ``AUTOENCODER_COURSE_FULL_MNIST=1``) returns full MNIST (60,000 / 10,000) instead.
    Where it reads, in order: ``path`` if given; the file named by ``AUTOENCODER_COURSE_MNIST``;
    otherwise ``keras.datasets.mnist.load_data()``, which downloads MNIST once and then reads its
    cache.  Raises :class:`MnistUnavailableError` with instructions when the download fails and no file
    was given, and ``ValueError`` for a file of another size, or full MNIST asked of the course's file.
    """
    want_full = full_mnist_requested(full)
    chosen = path if path is not None else os.environ.get(MNIST_ENV_VAR)
    if chosen:
        source = Path(chosen).expanduser()
        mnist = _read_mnist_file(source)
    else:
        source = "Keras's MNIST download"
        mnist = _download_mnist()
    if not want_full:
        return course_split(mnist, str(source))
    if _sizes(mnist) != FULL_SIZES:
        raise ValueError(
            f"Full MNIST was asked for ({FULL_MNIST_ENV_VAR}=1 or full=True), but {source} holds "
            f"{_sizes(mnist)[0]:,} / {_sizes(mnist)[1]:,} images, not {FULL_SIZES[0]:,} / {FULL_SIZES[1]:,}. "
            f"Point {MNIST_ENV_VAR} at Keras's full mnist.npz (or unset it to download), or drop the opt-in."
        )
    return mnist


def _download_mnist():
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

    ``semi_axes`` are (r₁, r₂) along x and y (equal axes give a circle), ``center`` shifts the
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

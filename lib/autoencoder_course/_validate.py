"""Input checks shared by the public helpers.

They turn bad input into one short ``TypeError``/``ValueError`` that says what was wrong and what
to do, instead of a traceback from deep inside NumPy or Keras.
"""

from __future__ import annotations

import numpy as np


def as_array(values, name: str, *, ndim=None, min_ndim=None, allow_nan: bool = False) -> np.ndarray:
    """Return ``values`` as a numeric NumPy array, or raise a clear error.

    ``ndim`` may be an int or a tuple of allowed dimensionalities; ``min_ndim`` a lower bound.
    """
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(values).__name__}.")
    try:
        array = np.asarray(values)
    except Exception as error:  # ragged lists and the like
        raise TypeError(f"{name} must be an array of numbers; it could not be read as one ({error}).") from None
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise TypeError(f"{name} must hold numbers, got dtype {array.dtype}.")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            wanted = " or ".join(str(n) for n in allowed)
            raise ValueError(f"{name} must have {wanted} dimensions, got shape {array.shape}.")
    if min_ndim is not None and array.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimensions, got shape {array.shape}.")
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}); pass at least one value.")
    if not allow_nan and np.issubdtype(array.dtype, np.floating) and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values; clean or drop them first.")
    return array


def check_unit_range(array: np.ndarray, name: str) -> None:
    """Raise if a float image array is not scaled to [0, 1]."""
    low, high = float(np.min(array)), float(np.max(array))
    if low < 0.0 or high > 1.0:
        hint = " (it looks like raw 0-255 pixels: call normalize_images first)" if high > 1.0 else ""
        raise ValueError(f"{name} must lie in [0, 1], got values in [{low:.3g}, {high:.3g}]{hint}.")


def check_positive(value, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as a float, raising if it is not a finite positive number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}.")
    value = float(value)
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = "zero or more" if allow_zero else "greater than zero"
        raise ValueError(f"{name} must be {bound}, got {value}.")
    return value


def check_count(value, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int, raising if it is not an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}.")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}.")
    return int(value)


def check_rng(rng) -> np.random.Generator:
    """Require a NumPy Generator so that every random draw in the course is seeded."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator, got {type(rng).__name__}; "
            "create one with numpy.random.default_rng(seed)."
        )
    return rng

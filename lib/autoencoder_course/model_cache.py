"""Train a model once, reuse it in later notebooks: trained weights cached under a key of code, settings, data.

A chapter that teaches a model trains it and stores the weights with :func:`store`; a later notebook that
only *uses* that model (chapter 09 and the VAE miniprojects use chapter 08's VAE) calls :func:`load_or_train`,
which loads the stored weights when the key matches and otherwise trains the model itself, saying so.
The key is a SHA-256 of everything the weights depend on: the code that builds and trains the model (pass
the generated lesson module), its settings, the training data and the seed.  A changed chapter therefore
re-trains; an unchanged one does not.  The cache lives in ``$AUTOENCODER_COURSE_CACHE`` (``make test``
points it into ``_build/``), else ``~/.cache/autoencoder-course``.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import types
from pathlib import Path

import numpy as np


def cache_dir() -> Path:
    """The folder holding cached weights (created when needed)."""
    return Path(os.environ.get("AUTOENCODER_COURSE_CACHE") or Path.home() / ".cache" / "autoencoder-course")


def _fingerprint(part) -> str:
    if isinstance(part, types.ModuleType):  # the code: a module's source file, byte for byte
        return "module:" + hashlib.sha256(Path(part.__file__).read_bytes()).hexdigest()
    if isinstance(part, np.ndarray):
        return f"array:{part.dtype}:{part.shape}:" + hashlib.sha256(np.ascontiguousarray(part).tobytes()).hexdigest()
    try:
        return "json:" + json.dumps(part, sort_keys=True)
    except TypeError as error:
        raise TypeError(
            f"cache_key parts must be modules, NumPy arrays or JSON-like values (dicts, lists, "
            f"numbers, strings), got {type(part).__name__}."
        ) from error


def cache_key(*parts) -> str:
    """A short hex key for ``parts`` (modules by their source, arrays by their bytes, the rest as JSON)."""
    if not parts:
        raise ValueError("cache_key needs at least one part (code, settings, data, seed).")
    digest = hashlib.sha256("\n".join(_fingerprint(p) for p in parts).encode())
    return digest.hexdigest()[:16]


def _path(name: str, key: str) -> Path:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"name must be letters, digits and underscores, got {name!r}.")
    return cache_dir() / f"{name}-{key}.weights.h5"


def store(name: str, model, key: str) -> Path:
    """Save ``model``'s weights as ``name`` under ``key``; returns the file written."""
    path = _path(name, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{os.getpid()}-{path.name}")  # never leave a half-written file under the key
    model.save_weights(partial)
    partial.replace(path)
    return path


def load_or_train(name: str, build, train, key: str, *, taught_in: str = "an earlier chapter"):
    """``(model, trained_now)``: ``build()``'s model with cached weights, or trained by ``train(model)`` and stored.

    ``build`` must return a model whose weights exist already (call it on a batch if it is subclassed).
    """
    model = build()
    path = _path(name, key)
    if path.is_file():
        model.load_weights(path)
        print(f"Loaded the {name} trained in {taught_in} (cached weights, key {key}).")
        return model, False
    print(f"No {name} trained in {taught_in} with this code, settings and data is cached: training it now.")
    start = time.perf_counter()
    train(model)
    store(name, model, key)
    print(f"Trained in {time.perf_counter() - start:.0f} s; cached for reuse.")
    return model, True

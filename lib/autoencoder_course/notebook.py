"""One call at the top of every chapter: quiet logs, fixed seeds, readable figures; one at the end: its run time.

``setup_notebook(seed)`` must run before TensorFlow is first imported, because TensorFlow reads its
logging settings only once, at import time.  Used by every chapter notebook.  ``run_time_text()``, in the
chapter's last (hidden) cell, is glued into the frame's Time line: the time of the run that built the page.
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import time

import numpy as np

from ._validate import check_count


def _quiet_tensorflow() -> None:
    # C++ log lines would otherwise appear as stderr blocks on every page of the book.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # 3: also the C++ "NodeDef mentions attribute" noise
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")


@contextlib.contextmanager
def _native_stderr_silenced():
    """Point file descriptor 2 at /dev/null for the duration of the block, then restore it.

    TensorFlow prints "oneDNN custom operations are on" at import time, before its logging reads
    TF_CPP_MIN_LOG_LEVEL, straight to file descriptor 2 (which the Jupyter kernel shows as a stderr
    block).  Turning oneDNN off (TF_ENABLE_ONEDNN_OPTS=0) would also hide it, but oneDNN trains the
    course's conv models 1.5-1.7 times faster on CPU (benchmarks/README.md), so only the line is hidden.
    Python exceptions and warnings go through sys.stderr and still show.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no usable descriptor 2 (some embedded interpreters): nothing to hide
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


_started: float | None = None  # when setup_notebook last ran: the chapter's run starts there


def setup_notebook(seed: int = 0, *, use_keras: bool = True) -> np.random.Generator:
    """Seed Python, NumPy (and Keras when ``use_keras``), style matplotlib and pandas; return a NumPy Generator.

    With ``use_keras=False`` TensorFlow is not imported at all (the NumPy chapters start faster).
    The same seed gives the same numbers on the same machine and library versions.
    """
    global _started
    seed = check_count(seed, "seed", minimum=0)
    _started = time.perf_counter()
    _quiet_tensorflow()
    random.seed(seed)
    if use_keras:
        with _native_stderr_silenced():
            import keras

        keras.utils.set_random_seed(seed)  # seeds Python, NumPy's global state and the backend
        if keras.config.backend() == "tensorflow":
            import tensorflow as tf

            tf.get_logger().setLevel("ERROR")
            # Reproducible reductions on CPU and GPU, at a small cost in speed.
            tf.config.experimental.enable_op_determinism()
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.figsize": (7.0, 4.0),
            "axes.grid": False,
            "image.cmap": "gray",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    try:  # tables: chapters show pandas DataFrames; never cut a cell's text short with "..."
        import pandas as pd

        pd.set_option("display.max_colwidth", None)
    except ImportError:
        pass
    return np.random.default_rng(seed)


def compute_device() -> str:
    """Name the device Keras trains on ("GPU" when one is visible to the backend, else "CPU")."""
    _quiet_tensorflow()
    with _native_stderr_silenced():
        import keras

    backend = keras.config.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        return "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
    if backend == "jax":
        import jax

        return "GPU" if any(d.platform == "gpu" for d in jax.devices()) else "CPU"
    if backend == "torch":
        import torch

        return "GPU" if torch.cuda.is_available() else "CPU"
    return "CPU"


def duration_text(seconds: float) -> str:
    """A run time as a reader reads it: "48 s" under a minute, "1.7 min" above."""
    return f"{seconds:.0f} s" if seconds < 59.5 else f"{seconds / 60:.1f} min"


def run_time_text() -> str:
    """How long this notebook has run since ``setup_notebook``, and on what: "48 s on 2 CPU cores"."""
    if _started is None:
        raise RuntimeError("run_time_text() measures from setup_notebook(): run the notebook's first cell first")
    cores = os.cpu_count() or 1
    where = f"{cores} CPU core" + ("s" if cores != 1 else "")
    if "keras" in sys.modules and compute_device() == "GPU":
        where += " and a GPU"
    return f"{duration_text(time.perf_counter() - _started)} on {where}"

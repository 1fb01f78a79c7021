"""Shared test settings: quiet TensorFlow, and the MNIST subset the course's tests run on."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # 3: also the C++ "NodeDef mentions attribute" lines
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parent.parent
SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist-subset.npz"


@pytest.fixture(scope="session")
def mnist_path():
    """Path to an MNIST file in Keras layout: $AUTOENCODER_COURSE_MNIST, else ../shared/data's subset."""
    path = Path(os.environ.get("AUTOENCODER_COURSE_MNIST", SHARED_MNIST))
    if not path.is_file():
        pytest.fail(f"No MNIST file at {path}: set AUTOENCODER_COURSE_MNIST to an mnist.npz (Keras layout).")
    return path

"""The site tests check the built book in _build/html (override with AUTOENCODER_COURSE_SITE)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("AUTOENCODER_COURSE_SITE", ROOT / "_build" / "html"))


@pytest.fixture(scope="session")
def site_dir():
    if not (SITE / "index.html").exists():
        pytest.fail(f"No built book at {SITE}: run `make build` (or jupyter-book build . -W) first.")
    return SITE

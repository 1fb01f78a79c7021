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


# --- Real-browser fixtures (tests/site/test_pages_browser.py, test_live_code.py) -------------------
# The tests start scripts/serve.py themselves, on free ports, with its Jupyter server, and drive
# Debian's Chromium through Playwright (never `playwright install`: it downloads a browser).
from browser_support import CHROMIUM, CHROMIUM_ARGS, PageWatch, Served  # noqa: E402


@pytest.fixture(scope="session")
def served_site(site_dir):
    """The built site and its Jupyter server, as `make serve` runs them (on free ports)."""
    served = Served(site_dir)
    yield served
    served.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: install Debian's chromium (make setup-test does) "
            "or set AUTOENCODER_COURSE_CHROMIUM."
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: pip install -e '.[test]' (make setup-test does).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Open fresh tabs (each in its own browser context unless `context` is given); closed at the end."""
    contexts = []

    def make(context=None):
        if context is None:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            contexts.append(context)
        page = context.new_page()
        page.watch = PageWatch(page)
        return page

    yield make
    for context in contexts:
        context.close()

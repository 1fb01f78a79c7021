"""Every page of the built site, in a real browser (Chromium via Playwright), served by scripts/serve.py.

Each page must load with no console error, no uncaught exception, no failed request and no request
to any host but 127.0.0.1; its math must be typeset by MathJax (no raw LaTeX left); every image must
load.  Set AUTOENCODER_COURSE_SITE to test another build (default: _build/html of this repository).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Same rule as the site_dir fixture in conftest.py (parametrisation needs it at collection time).
SITE = Path(os.environ.get("AUTOENCODER_COURSE_SITE", Path(__file__).resolve().parents[2] / "_build" / "html"))

# What MathJax must have typeset, and text that must not be left on the page (outside code).
UNTYPESET_JS = """() => {
  const math = Array.from(document.querySelectorAll('.math, .jp-RenderedLatex'));
  const raw = math.filter(el => !el.querySelector('mjx-container')).map(el => el.textContent.slice(0, 80));
  const article = (document.querySelector('main') || document.body).cloneNode(true);
  article.querySelectorAll('pre, code, script, style, textarea, .highlight, mjx-container').forEach(el => el.remove());
  const text = article.textContent;
  return {count: math.length, raw, dollars: text.includes('$$'), brackets: /\\\\\\[|\\\\\\(/.test(text)};
}"""

IMAGES_JS = """() => Array.from(document.images).map(img => ({
  src: img.currentSrc || img.src, complete: img.complete, width: img.naturalWidth}))"""


def _skipped(relative: Path) -> bool:
    """Theme fragments under _static, and stray folders such as .pytest_cache, are not pages."""
    return any(part == "_static" or part.startswith(".") for part in relative.parts)


def _pages():
    if not (SITE / "index.html").exists():
        return ["index.html"]  # the site_dir fixture then fails with its own message
    return sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html") if not _skipped(p.relative_to(SITE)))


@pytest.mark.parametrize("page_path", _pages())
def test_page_loads_cleanly_typesets_math_and_shows_images(page_path, served_site, new_page):
    page = new_page()
    page.goto(served_site.url + page_path, wait_until="load")
    # MathJax 3 typesets after load; wait for it (pages without math have no MathJax at all).
    page.wait_for_function("!window.MathJax || !MathJax.startup || !!MathJax.startup.promise", timeout=15000)
    page.evaluate("async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }")
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
    page.wait_for_function("Array.from(document.images).every(img => img.complete)", timeout=15000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # late console messages (widget manager, fonts)

    assert not page.watch.outside, f"{page_path} fetched from outside 127.0.0.1: {page.watch.outside[:5]}"
    assert not page.watch.errors, f"{page_path} logged errors: {page.watch.errors[:5]}"

    math = page.evaluate(UNTYPESET_JS)
    assert not math["raw"], f"{page_path}: math left untypeset by MathJax: {math['raw'][:3]}"
    assert not math["dollars"], f"{page_path}: raw $$ left in the page's text"
    assert not math["brackets"], f"{page_path}: raw \\[ or \\( left in the page's text"

    broken = [img["src"][:120] for img in page.evaluate(IMAGES_JS) if not img["width"]]
    assert not broken, f"{page_path}: images that did not load: {broken[:5]}"


def test_some_page_has_math_and_images(site_dir):
    """Guard: the checks above must have had something to check on the intro or a chapter."""
    found_math = found_images = 0
    for page_path in _pages():
        if page_path in ("genindex.html", "search.html"):
            continue
        text = (SITE / page_path).read_text(encoding="utf-8", errors="replace")
        found_math += 'class="math' in text
        found_images += "<img" in text
    assert found_math, "no page with math: the MathJax check checked nothing"
    assert found_images, "no page with an image: the image check checked nothing"

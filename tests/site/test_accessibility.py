"""Every page of the built site, as a screen-reader user and a phone reader meet it.

- axe-core (vendored from npm, vendor/package.json; injected by the test, never served by the site) finds
  no critical or serious WCAG 2.1 A/AA violation caused by the course's own content;
- no page is wider than a 390-px phone screen (nothing makes the reader scroll sideways);
- every chapter figure is numbered and captioned ("Figure 3.2. ...") and has alt text that describes it
  rather than naming its file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_pages_browser import SITE, _pages

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "vendor" / "node_modules" / "axe-core" / "axe.min.js"
PHONE_WIDTH = 390
# Violations left to the tools that write the page, not the course's content: (rule, CSS selector) -> why.
NOT_OURS = {
    # docutils 0.21's HTML5 writer marks the bibliography <div role="list"> and its entries
    # role="doc-biblioentry" (DPUB-ARIA); axe expects role="listitem" children. The entries are read fine.
    ("aria-required-children", ".citation-list"): "docutils' citation list markup (bibliography page)"
}
AXE_JS = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    resultTypes: ['violations'],
  });
  return result.violations
    .filter(v => v.impact === 'critical' || v.impact === 'serious')
    .flatMap(v => v.nodes.map(n => ({id: v.id, impact: v.impact, help: v.help,
                                      target: n.target.join(' '), html: n.html.slice(0, 160)})));
}"""
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = Array.from(document.querySelectorAll('main *'))
    .filter(el => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed')
    .filter(el => !el.closest('pre, .highlight, table, .MathJax, mjx-container, .output_area, .cell_output, .table-wrapper'))
    .slice(0, 3).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""
CHAPTER = re.compile(r"^chapters/(\d\d)_[^/]+\.html$")


def _content_pages() -> list[str]:
    """Every page but the redirect stubs (index.html only sends the browser on to the intro)."""

    def redirect(page: str) -> bool:
        path = SITE / page
        return path.exists() and 'http-equiv="refresh"' in path.read_text(errors="replace")[:2000].lower()

    return [page for page in _pages() if not redirect(page)]


def _open(new_page, served_site, page_path):
    page = new_page()
    page.goto(served_site.url + page_path, wait_until="load")
    page.evaluate("async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }")
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("page_path", _content_pages())
def test_page_is_accessible_and_fits_a_phone(page_path, served_site, new_page):
    """One page load per page: axe-core at desktop width, then the same page at phone width."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `python scripts/vendor_assets.py` (make setup does).")
    page = _open(new_page, served_site, page_path)
    page.add_script_tag(path=str(AXE))
    violations = [v for v in page.evaluate(AXE_JS) if (v["id"], v["target"]) not in NOT_OURS]
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 900})
    page.wait_for_timeout(200)
    found = page.evaluate(OVERFLOW_JS)
    problems = [f"{v['impact']} {v['id']} ({v['help']}): {v['target']} :: {v['html']}" for v in violations]
    if found["scroll"] > found["width"]:
        problems.append(
            f"{found['scroll'] - found['width']} px wider than a {PHONE_WIDTH}-px screen; past the edge: {found['wide']}"
        )
    assert not problems, f"{page_path}:\n" + "\n".join(problems[:8])


@pytest.mark.parametrize("page_path", [p for p in _pages() if CHAPTER.match(p)])
def test_chapter_figures_are_numbered_captioned_and_described(page_path, site_dir):
    page = (SITE / page_path).read_text(encoding="utf-8")
    html = page[page.index('<article class="bd-article"') : page.index("</article>")]  # not the theme's logos
    chapter = int(CHAPTER.match(page_path)[1])
    images = re.findall(r"<img [^>]*>", html)
    assert images, f"{page_path}: no figure at all"
    for img in images:
        alt = re.search(r'alt="([^"]*)"', img)
        assert alt and len(alt[1].split()) >= 4, f"{page_path}: an image without a description as alt text: {img[:160]}"
        assert not re.search(r"\.(png|svg|jpe?g)\b|_images/", alt[1]), f"{page_path}: alt text names a file: {alt[1]}"
    figures = re.findall(r'<figure [^>]*id="figure-(\d+)-(\d+)"', html)
    outputs = [img for img in images if 'src="../_images/' in img]  # a cell's figure (not chapter 8's explorer)
    assert len(figures) == len(outputs), (
        f"{page_path}: {len(outputs)} output images but {len(figures)} numbered figures (give each figure cell a "
        "caption, CONTRIBUTING.md, Figures)"
    )
    assert figures == [(str(chapter), str(k)) for k in range(1, len(figures) + 1)]


@pytest.mark.parametrize("page_path", [p for p in _pages() if CHAPTER.match(p)])
def test_a_chapter_shows_a_result_within_its_first_five_code_cells(page_path, site_dir):
    """Insight before plumbing (issue 23): a figure comes before the sixth code cell the reader sees."""
    page = (SITE / page_path).read_text(encoding="utf-8")
    html = page[page.index('<article class="bd-article"') : page.index("</article>")]
    first = min((i for i in (html.find("<img "), html.find("<svg")) if i >= 0), default=len(html))
    cells = sum(  # code cells shown unfolded before the first figure
        "hide-input" not in classes and "hide-cell" not in classes
        for classes in re.findall(r'<div class="(cell [^"]*)"', html[:first])
    )
    assert cells <= 5, f"{page_path}: {cells} code cells before the first figure (at most 5)"

"""Chapter 8's latent explorer works from the page file alone, in a real browser (Chromium via Playwright).

The explorer is plain HTML and JavaScript written into the page at build time, with the decoded digits
inside it as PNG data URIs, so the page is opened as a file: no web server and no Jupyter. Moving a slider
or clicking the map must swap the decoded digit and update the code z shown beside it.
"""

from __future__ import annotations

import re

import pytest

PAGE = "chapters/08_convolutional_vae.html"
GRID = 15  # the chapter decodes a 15 x 15 grid over [-3, 3]^2
CANVAS, PAD = 280, 10  # the map's canvas size and its margin, in canvas pixels (see the chapter's script)

STATE_JS = """root => {
  const img = root.querySelector('img.latent-digit');
  return {src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth, alt: img.alt,
          z: root.querySelector('.latent-z').textContent,
          sliders: Array.from(root.querySelectorAll('input[type=range]')).map(s => Number(s.value))};
}"""


def _z(text: str) -> tuple[float, float]:
    """'z = (−0.43, 2.14)' -> (-0.43, 2.14); the page writes minus signs as U+2212."""
    numbers = re.findall(r"[−-]?\d+\.\d+", text)
    assert len(numbers) == 2, f"the explorer shows no z pair: {text!r}"
    return tuple(float(n.replace("−", "-")) for n in numbers)


@pytest.fixture
def explorer(site_dir, new_page):
    path = site_dir / PAGE
    if not path.exists():
        pytest.fail(f"{PAGE} is not in the built site at {site_dir}")
    page = new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    root = page.locator("#latent-explorer")
    root.wait_for(state="visible", timeout=10000)
    page.wait_for_function(
        "() => { const i = document.querySelector('#latent-explorer img.latent-digit');"
        " return i && i.complete && i.naturalWidth > 0; }",
        timeout=10000,
    )
    return page, root


def test_the_page_carries_the_explorer_and_its_images(site_dir):
    html = (site_dir / PAGE).read_text(encoding="utf-8")
    # (the cell's source, folded on the page, spells the same markup escaped: &lt;div ...)
    assert html.count('<div id="latent-explorer"') == 1, "the explorer should appear exactly once on the page"
    data = re.search(r'<script type="application/json" class="latent-data">(.*?)</script>', html, re.S)
    assert data, "the explorer's data block did not reach the page"
    images = re.findall(r'"data:image/png;base64,[A-Za-z0-9+/=]+"', data.group(1))
    assert len(images) == GRID * GRID, f"expected {GRID * GRID} decoded digits, found {len(images)}"
    weight = sum(len(image) for image in images)
    assert weight < 300_000, f"the explorer's images weigh {weight / 1024:.0f} KB; keep the page light"
    assert re.search(
        r'<script>\s*\(function \(\) \{\s*var root = document\.getElementById\("latent-explorer"\)', html
    ), "the explorer's script did not reach the page as a script"


def test_sliders_swap_the_digit_and_the_code(explorer):
    page, root = explorer
    start = root.evaluate(STATE_JS)
    assert start["loaded"] == 28, f"the decoded digit did not load: {start}"
    assert start["src"].startswith("data:image/png;base64,")
    assert _z(start["z"]) == (0.0, 0.0), start["z"]

    # A reader's key press on the z1 slider: one grid step to the right.
    root.locator("input.latent-z1").focus()
    page.keyboard.press("ArrowRight")
    moved = root.evaluate(STATE_JS)
    assert moved["src"] != start["src"], "moving the z1 slider did not change the decoded digit"
    assert _z(moved["z"])[0] == pytest.approx(6 / (GRID - 1), abs=0.006) and _z(moved["z"])[1] == 0.0, moved["z"]

    # Set z2 as a script would, then announce it the way a slider does.
    root.locator("input.latent-z2").evaluate(
        "el => { el.value = 2; el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    again = root.evaluate(STATE_JS)
    assert again["src"] not in (start["src"], moved["src"]), "moving the z2 slider did not change the digit"
    assert _z(again["z"]) == pytest.approx((6 / (GRID - 1), -3 + 2 * 6 / (GRID - 1)), abs=0.006), again["z"]
    assert again["z"] in again["alt"], "the image's alt text should name the code it shows"
    page.wait_for_function("() => document.querySelector('#latent-explorer img.latent-digit').naturalWidth === 28")
    assert not [e for e in page.watch.errors if e.startswith("uncaught")], page.watch.errors


def test_clicking_the_map_decodes_the_nearest_grid_point(explorer):
    page, root = explorer
    canvas = root.locator("canvas.latent-map")
    box = canvas.bounding_box()
    scale = box["width"] / CANVAS  # the canvas may be drawn smaller than its 280 pixels on a narrow page

    canvas.click(position={"x": (PAD + 1) * scale, "y": (PAD + 1) * scale})  # top-left corner of the square
    corner = root.evaluate(STATE_JS)
    assert _z(corner["z"]) == (-3.0, 3.0), corner["z"]
    assert corner["sliders"] == [0, GRID - 1], "the click should move the sliders with it"

    canvas.click(position={"x": (CANVAS - PAD - 1) * scale, "y": (CANVAS / 2) * scale})  # middle of the right edge
    right = root.evaluate(STATE_JS)
    assert _z(right["z"]) == (3.0, 0.0), right["z"]
    assert right["src"] != corner["src"], "a click elsewhere on the map should show another digit"
    assert not [e for e in page.watch.errors if e.startswith("uncaught")], page.watch.errors
    fetched = [url for url in page.watch.outside if url.startswith(("http:", "https:"))]
    assert not fetched, f"the page fetched from the network: {fetched[:5]}"

"""Chapter 8's latent explorer (autoencoder_course.latent_explorer): the HTML that the page carries.

The browser test tests/site/test_latent_explorer.py drives the built page; these tests check, without a
browser, what it relies on: the element ids and classes, one image per grid point, the data block's JSON.
"""

import base64
import io
import json
import re

import numpy as np
import pytest
from PIL import Image

from autoencoder_course.latent_explorer import explorer_data, latent_explorer_html, png_data_uri


def grid(n=5, size=28):
    rng = np.random.default_rng(0)
    steps = np.linspace(-3, 3, n)
    images = rng.random((n * n, size, size, 1))
    points = rng.normal(size=(40, 2))
    labels = np.arange(40) % 10
    return steps, images, points, labels


def test_png_data_uri_is_a_grey_png_of_the_image():
    image = np.linspace(0, 1, 28 * 28).reshape(28, 28)
    uri = png_data_uri(image)
    assert uri.startswith("data:image/png;base64,")
    decoded = np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))))
    assert decoded.shape == (28, 28) and decoded.dtype == np.uint8
    assert decoded[0, 0] == 0 and decoded[-1, -1] == 255
    assert png_data_uri(np.full((28, 28), 2.0)) == png_data_uri(np.ones((28, 28))), "values above 1 are clipped"
    with pytest.raises(ValueError, match="2-D"):
        png_data_uri(np.zeros((28, 28, 1)))
    with pytest.raises(ValueError, match="NaN"):
        png_data_uri(np.full((2, 2), np.nan))


def test_the_data_holds_one_image_per_grid_point_and_the_class_centres():
    steps, images, points, labels = grid()
    data = explorer_data(steps, images, points, labels)
    assert len(data["images"]) == len(steps) ** 2 and data["steps"][0] == -3.0
    assert len(data["points"]) == len(points) and data["points"][3][2] == 3
    assert data["centres"][3] == pytest.approx(points[labels == 3].mean(axis=0), abs=0.006)
    some = explorer_data(steps, images, points[:3], labels[:3])
    assert some["centres"][5] is None, "a class without points has no centre"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda s, i, p, l: (s[::-1], i, p, l), "increasing"),
        (lambda s, i, p, l: (s, i[:-1], p, l), "n \\* n"),
        (lambda s, i, p, l: (s, i, p[:, :1], l), "points"),
        (lambda s, i, p, l: (s, i, p, l + 5), "digits"),
    ],
)
def test_inputs_that_do_not_fit_are_refused(change, message):
    with pytest.raises(ValueError, match=message):
        explorer_data(*change(*grid()))


def test_the_html_carries_what_the_page_test_drives():
    steps, images, points, labels = grid(n=15)
    html = latent_explorer_html(steps, images, points, labels)
    assert html.count('<div id="latent-explorer"') == 1
    for selector in ('canvas class="latent-map"', 'img class="latent-digit"', 'class="latent-z"'):
        assert selector in html
    for slider in ("latent-z1", "latent-z2"):
        assert re.search(rf'class="{slider}" type="range" min="0" max="14" step="1" value="7" aria-label=', html)
    block = re.search(r'<script type="application/json" class="latent-data">(.*?)</script>', html, re.S)
    assert json.loads(block.group(1)) == explorer_data(steps, images, points, labels)
    # the site test finds the script by its first line
    assert re.search(r'<script>\s*\(function \(\) \{\s*var root = document\.getElementById\("latent-explorer"\)', html)
    assert html.count("</script>") == 2


def test_the_data_cannot_end_its_script_element(monkeypatch):
    from autoencoder_course import latent_explorer

    monkeypatch.setattr(latent_explorer, "png_data_uri", lambda image: "</script><b>")
    html = latent_explorer_html(*grid(n=2))
    assert html.count("</script>") == 2
    block = re.search(r'class="latent-data">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["images"][0] == "</script><b>"

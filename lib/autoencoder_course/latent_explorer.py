"""The latent explorer of chapter ``08_convolutional_vae``: a 2-D code space to walk through in the page itself.

The chapter decodes a square grid of codes with its VAE and passes the images here, with the codes of some
test digits and their labels.  :func:`latent_explorer_html` returns one self-contained piece of HTML: a map of
the code space (a canvas with the test codes as coloured dots and each digit's number at its class centre),
the decoded digit at the chosen grid point, and two sliders.  The images travel inside the page as small PNG
data URIs and the behaviour is plain JavaScript, so the built website needs no kernel and fetches nothing.

The page's element ids and classes (``#latent-explorer``, ``canvas.latent-map``, ``img.latent-digit``,
``.latent-z``, ``input.latent-z1`` / ``input.latent-z2``, ``script.latent-data``) are what the browser test
``tests/site/test_latent_explorer.py`` drives; the explorer appears once per page.
"""

from __future__ import annotations

import base64
import io
import json

import numpy as np

__all__ = ["EXPLORER_SCRIPT", "EXPLORER_TEMPLATE", "png_data_uri", "explorer_data", "latent_explorer_html"]

#: The explorer's behaviour.  It reads its data from the JSON block inside ``#latent-explorer``; the grid's
#: image ``j * n + i`` is the code (steps[i], steps[j]), z1 varying fastest and z2 from the bottom.
EXPLORER_SCRIPT = r"""
(function () {
  var root = document.getElementById("latent-explorer");
  var data = JSON.parse(root.querySelector("script.latent-data").textContent);
  var steps = data.steps, n = steps.length, low = steps[0], high = steps[n - 1];
  var canvas = root.querySelector("canvas.latent-map"), context = canvas.getContext("2d");
  var sliders = [root.querySelector("input.latent-z1"), root.querySelector("input.latent-z2")];
  var digit = root.querySelector("img.latent-digit"), readout = root.querySelector(".latent-z");
  var colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];  // matplotlib's tab10
  var pad = 10, size = canvas.width - 2 * pad;
  function toX(z) { return pad + (z - low) / (high - low) * size; }
  function toY(z) { return pad + (high - z) / (high - low) * size; }
  function nearest(z) { return Math.max(0, Math.min(n - 1, Math.round((z - low) / (high - low) * (n - 1)))); }
  function number(z) { return (z < 0 ? "\u2212" : "") + Math.abs(z).toFixed(2); }
  function draw(i, j) {
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.strokeStyle = "#bbbbbb";
    context.strokeRect(pad, pad, size, size);
    context.beginPath();
    context.moveTo(toX(0), pad); context.lineTo(toX(0), pad + size);
    context.moveTo(pad, toY(0)); context.lineTo(pad + size, toY(0));
    context.stroke();
    data.points.forEach(function (p) {
      context.fillStyle = colours[p[2]];
      context.fillRect(toX(p[0]) - 1, toY(p[1]) - 1, 2.5, 2.5);
    });
    context.font = "bold 15px sans-serif";
    context.textAlign = "center";
    context.textBaseline = "middle";
    context.lineWidth = 3;
    data.centres.forEach(function (c, d) {
      if (c === null) { return; }
      context.strokeStyle = "#ffffff";
      context.strokeText(String(d), toX(c[0]), toY(c[1]));
      context.fillStyle = "#000000";
      context.fillText(String(d), toX(c[0]), toY(c[1]));
    });
    context.lineWidth = 2;
    context.strokeStyle = "#000000";
    context.beginPath();
    context.arc(toX(steps[i]), toY(steps[j]), 6, 0, 2 * Math.PI);
    context.stroke();
  }
  function show() {
    var i = Number(sliders[0].value), j = Number(sliders[1].value);
    digit.src = data.images[j * n + i];
    readout.textContent = "z = (" + number(steps[i]) + ", " + number(steps[j]) + ")";
    digit.alt = "the digit decoded from " + readout.textContent;
    draw(i, j);
  }
  sliders.forEach(function (slider) { slider.addEventListener("input", show); });
  canvas.addEventListener("click", function (event) {
    var box = canvas.getBoundingClientRect();
    var x = (event.clientX - box.left) * canvas.width / box.width;
    var y = (event.clientY - box.top) * canvas.height / box.height;
    sliders[0].value = nearest(low + (x - pad) / size * (high - low));
    sliders[1].value = nearest(high - (y - pad) / size * (high - low));
    show();
  });
  show();
})();
"""

#: The explorer's markup; ``{last}``, ``{middle}`` and ``{data}`` are filled in by :func:`latent_explorer_html`.
EXPLORER_TEMPLATE = """
<div id="latent-explorer" class="latent-explorer" style="display: flex; flex-wrap: wrap; gap: 1.5em; align-items: center;">
  <canvas class="latent-map" width="280" height="280" style="cursor: crosshair; max-width: 100%;"
          title="Click to decode the nearest grid point" aria-label="map of the latent space; click to choose z"></canvas>
  <div>
    <img class="latent-digit" width="140" height="140" style="image-rendering: pixelated; border: 1px solid #bbbbbb;" alt="The digit the decoder draws at the chosen code z">
    <p class="latent-z" style="font-family: monospace; margin: 0.5em 0;"></p>
    <label style="display: block;">z₁ <input class="latent-z1" type="range" min="0" max="{last}" step="1" value="{middle}" aria-label="z1"></label>
    <label style="display: block;">z₂ <input class="latent-z2" type="range" min="0" max="{last}" step="1" value="{middle}" aria-label="z2"></label>
  </div>
  <script type="application/json" class="latent-data">{data}</script>
</div>
"""


def png_data_uri(image) -> str:
    """A 2-D grey image with values in [0, 1] as a data URI of an 8-bit PNG (a few hundred bytes for a digit).

    Values outside [0, 1] are clipped; a non-2-D array or one with NaNs is refused (ValueError).
    """
    from PIL import Image

    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError(f"png_data_uri expects one 2-D image (height, width), got shape {image.shape}.")
    if not np.all(np.isfinite(image)):
        raise ValueError("png_data_uri: the image contains NaN or infinite values.")
    buffer = io.BytesIO()
    pixels = np.round(255 * np.clip(image, 0.0, 1.0)).astype(np.uint8)
    Image.fromarray(pixels).save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def explorer_data(steps, images, points, labels) -> dict:
    """The explorer's data: grid steps, the decoded images as PNG data URIs, the dots and the class centres.

    ``steps`` (n,) increasing grid values, the same along z1 and z2; ``images`` (n * n, height, width) or
    (n * n, height, width, 1), image ``j * n + i`` decoded from the code (steps[i], steps[j]); ``points``
    (m, 2) codes of test digits and ``labels`` (m,) their digits 0-9.  Each class centre is the mean of that
    class's points (``None`` for a class with no point).  Raises ValueError when the shapes do not fit.
    """
    steps = np.asarray(steps, dtype=np.float64)
    images = np.asarray(images)
    points = np.asarray(points, dtype=np.float64)
    labels = np.asarray(labels)
    if steps.ndim != 1 or len(steps) < 2 or not np.all(np.diff(steps) > 0):
        raise ValueError(f"steps must be at least two increasing values, got {steps!r}.")
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or len(images) != len(steps) ** 2:
        raise ValueError(
            f"images must be (n * n, height, width) for the n = {len(steps)} grid steps, got shape {images.shape}."
        )
    if points.ndim != 2 or points.shape[1] != 2 or labels.shape != (len(points),):
        raise ValueError(f"points must be (m, 2) with labels (m,), got {points.shape} and {labels.shape}.")
    if not np.all(np.isin(labels, np.arange(10))):
        raise ValueError("labels must be digits 0-9.")
    labels = labels.astype(int)
    centres = [
        [round(float(c), 2) for c in points[labels == digit].mean(axis=0)] if np.any(labels == digit) else None
        for digit in range(10)
    ]
    return {
        "steps": [round(float(value), 4) for value in steps],
        "images": [png_data_uri(image) for image in images],
        "points": [[round(float(a), 2), round(float(b), 2), int(digit)] for (a, b), digit in zip(points, labels)],
        "centres": centres,
    }


def latent_explorer_html(steps, images, points, labels) -> str:
    """The explorer as one piece of HTML (markup, data and script) for ``IPython.display.HTML``.

    Arguments as for :func:`explorer_data`.  The sliders start at the middle grid step.
    """
    data = explorer_data(steps, images, points, labels)
    # "</" inside the JSON block would end its <script> element early; JSON reads "<\/" as "</".
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    n = len(data["steps"])
    markup = EXPLORER_TEMPLATE.format(last=n - 1, middle=n // 2, data=payload)
    return markup + "<script>" + EXPLORER_SCRIPT + "</script>"

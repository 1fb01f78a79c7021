"""Live Code: chapter pages run their cells on the local Jupyter server that scripts/serve.py starts.

Plain-file checks of the built pages, then a real browser (Chromium via Playwright) on a chapter page:
a NumPy cell, a plotting cell, a LaTeX output and an ipywidgets slider run live, outputs land under
their own cell, two tabs get two kernels, and the button explains itself when there is no server.
The chapter page is the first one with code cells (or AUTOENCODER_COURSE_LIVE_PAGE, e.g.
"chapters/01_what_is_an_autoencoder.html"); the tests type their own code into its cells.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser_support import PageWatch, Served, port_open

ROOT = Path(__file__).resolve().parents[2]


def _skipped(relative: Path) -> bool:
    """Theme fragments under _static, and stray folders such as .pytest_cache, are not pages."""
    return any(part == "_static" or part.startswith(".") for part in relative.parts)


CONNECT_TIMEOUT = 120_000  # ms: a kernel start on a busy 2-core machine
RUN_TIMEOUT = 60_000


# ----------------------------------------------------------------------------------------------
# Plain-file checks
# ----------------------------------------------------------------------------------------------


def _notebook_pages(site_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in site_dir.rglob("*.html")
        if not _skipped(p.relative_to(site_dir))
        and 'class="cell docutils container"' in p.read_text(encoding="utf-8", errors="replace")
    )


def test_every_notebook_page_has_a_live_code_bar(site_dir):
    pages = _notebook_pages(site_dir)
    assert pages, "no page with code cells was found in the built site"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        match = re.search(
            r'<div class="live-code-bar" data-live-code-path="([^"]+)" data-live-code-kernel="([^"]+)"', text
        )
        assert match, f"{page.name}: no Live Code bar (is `live_code` in sphinx.local_extensions?)"
        source = match.group(1)
        assert (site_dir / "_sources" / source).exists(), (
            f"{page.name}: Live Code names {source}, not a source of the site"
        )
        assert "live-code.js" in text, f"{page.name}: live-code.js is not loaded"


def test_no_page_uses_sphinx_thebe_or_a_cdn_thebe(site_dir):
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        for banned in ("sphinx-thebe.js", "text/x-thebe-config", "unpkg.com", "THEBE_JS_URL"):
            assert banned not in text, f"{page.relative_to(site_dir)} still contains {banned!r}"


def test_vendored_thebe_is_patched_and_names_no_cdn(site_dir):
    bundle = site_dir / "_static" / "thebe" / "lib" / "index.js"
    assert bundle.exists(), "thebe is not in the site: run scripts/vendor_assets.py and rebuild"
    text = bundle.read_text(encoding="utf-8")
    for marker in ("window.liveCodeAssets.requirejs", "window.liveCodeAssets.widgetCdn", "window.liveCodeTypeset"):
        assert marker in text, f"thebe is not patched ({marker} missing): rerun scripts/vendor_assets.py"
    for chunk in bundle.parent.glob("*.js"):
        body = chunk.read_text(encoding="utf-8")
        for cdn in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com", "mybinder.org/build"):
            assert cdn not in body, f"{chunk.name} names {cdn}"


# ----------------------------------------------------------------------------------------------
# The serve command
# ----------------------------------------------------------------------------------------------


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_serve_gives_pages_a_local_jupyter_with_a_fresh_token(served_site, site_dir):
    config = served_site.live_code_config()["jupyter"]
    assert config, f"serve.py runs without Jupyter: {served_site.lines[-5:]}"
    assert config["baseUrl"] == f"http://127.0.0.1:{served_site.jupyter_port}/"
    assert len(config["token"]) >= 32
    # The token works, and nothing works without it.
    status, _, body = _get(config["baseUrl"] + "api/status", Authorization=f"token {config['token']}")
    assert status == 200, body[:200]
    assert _get(config["baseUrl"] + "api/kernels")[0] in (401, 403)
    # Cross-origin calls are allowed from the site's origin only.
    site_origin = served_site.url.rstrip("/")
    _, headers, _ = _get(config["baseUrl"] + "api/status", Authorization=f"token {config['token']}", Origin=site_origin)
    assert headers.get("Access-Control-Allow-Origin") == site_origin
    status, headers, _ = _get(
        config["baseUrl"] + "api/status", Authorization=f"token {config['token']}", Origin="http://evil.example"
    )
    assert status >= 400 or headers.get("Access-Control-Allow-Origin") != "http://evil.example"
    # live-code.json is refused to requests addressed to another host name (DNS rebinding).
    assert _get(served_site.url + "live-code.json", Host="evil.example")[0] == 403
    # The token is never written into the repository or the site.
    tracked = subprocess.run(["git", "grep", "-l", "-F", config["token"]], cwd=ROOT, capture_output=True, text=True)
    assert tracked.stdout == "", f"the Jupyter token was found in {tracked.stdout}"
    assert not any(config["token"] in p.read_text(errors="replace") for p in site_dir.glob("*.*") if p.is_file())


def test_serve_stops_jupyter_with_the_site_and_culls_idle_kernels(site_dir):
    served = Served(site_dir, "--cull-idle", "4")
    try:
        config = served.live_code_config()["jupyter"]
        auth = {"Authorization": f"token {config['token']}", "Content-Type": "application/json"}
        request = urllib.request.Request(config["baseUrl"] + "api/kernels", data=b"{}", headers=auth, method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            kernel = json.load(response)["id"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # culled: idle, with no tab connected
            status, _, _ = _get(config["baseUrl"] + f"api/kernels/{kernel}", Authorization=auth["Authorization"])
            if status == 404:
                break
            time.sleep(1)
        else:
            pytest.fail("an idle kernel with no tab attached was not culled after 60 s (--cull-idle 4)")
        assert port_open(served.jupyter_port)
    finally:
        code = served.stop()
    assert code == 0, "".join(served.lines[-20:])
    assert not port_open(served.jupyter_port), "the Jupyter server kept running after the site stopped"
    assert not port_open(served.port)


# ----------------------------------------------------------------------------------------------
# In the browser
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chapter_path(site_dir):
    wanted = os.environ.get("AUTOENCODER_COURSE_LIVE_PAGE")
    if wanted:
        return wanted
    pages = _notebook_pages(site_dir)
    assert pages, "no chapter page with code cells in the built site"
    return str(pages[0].relative_to(site_dir))


def _start_live_code(page, served_site, chapter_path):
    page.goto(served_site.url + chapter_path, wait_until="load")
    label = page.locator(".live-code-label")
    page.wait_for_function(
        "document.querySelector('.live-code-label').textContent.includes('127.0.0.1')", timeout=15000
    )
    assert f"local Jupyter at 127.0.0.1:{served_site.jupyter_port}" in label.inner_text()
    page.click(".live-code-button")
    page.wait_for_function(
        "window.liveCode.state === 'connected' || document.querySelector('.live-code-bar').dataset.state === 'error'",
        timeout=CONNECT_TIMEOUT,
    )
    assert page.evaluate("window.liveCode.state") == "connected", (
        page.inner_text(".live-code-bar"),
        page.watch.errors[:5],
    )
    assert "connected" in label.inner_text()


def _run_cell(page, index: int, code: str) -> None:
    """Type `code` into the index-th live cell and run it; wait until the kernel is idle again."""
    page.evaluate(
        "([i, code]) => document.querySelectorAll('.thebe-cell .CodeMirror')[i].CodeMirror.setValue(code)",
        [index, code],
    )
    cell = page.locator(".thebe-cell").nth(index)
    cell.locator(".thebe-run-button").click()
    page.wait_for_function(
        "i => !document.querySelectorAll('.thebe-cell')[i].querySelector('.thebe-busy')"
        " || document.querySelectorAll('.thebe-cell')[i].querySelector('.thebe-busy').style.display === 'none'",
        arg=index,
        timeout=RUN_TIMEOUT,
    )


def _output_of(page, index: int):
    """The output element thebe writes the index-th cell's output into (it must be in that cell)."""
    return page.locator("div.cell:has(.thebe-cell)").nth(index).locator("> [data-output]")


@pytest.fixture(scope="module")
def live_tab(served_site, browser, chapter_path):
    """One tab of the chapter page, connected to a kernel (shared by the tests below: kernel starts are slow)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = PageWatch(page)
    _start_live_code(page, served_site, chapter_path)
    yield page
    context.close()


def _clean(page) -> None:
    assert page.watch.outside == [], f"requests outside 127.0.0.1: {page.watch.outside[:5]}"
    assert page.watch.errors == [], f"errors in the page: {page.watch.errors[:5]}"


def test_live_code_runs_numpy_plot_and_latex_under_their_cells(live_tab, chapter_path):
    page = live_tab
    cells = page.locator(".thebe-cell").count()
    assert cells >= 2, f"{chapter_path} has {cells} live cells; need 2 (set AUTOENCODER_COURSE_LIVE_PAGE)"

    _run_cell(page, 0, "import numpy as np\nprint('col sums', np.arange(12).reshape(3, 4).sum(axis=0).tolist())")
    numpy_out = _output_of(page, 0)
    numpy_out.get_by_text("col sums [12, 15, 18, 21]").wait_for(timeout=RUN_TIMEOUT)

    _run_cell(
        page,
        1,
        "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(3, 2))\nax.plot([0, 1, 4, 9])\nplt.show()",
    )
    plot_out = _output_of(page, 1)
    plot_out.locator("img").first.wait_for(timeout=RUN_TIMEOUT)
    width = plot_out.locator("img").first.evaluate("img => img.complete ? img.naturalWidth : 0")
    assert width > 100, f"the plot did not load (naturalWidth {width})"
    assert "col sums" not in plot_out.inner_text(), "outputs landed under the wrong cell"
    assert numpy_out.locator("img").count() == 0, "the plot landed under the NumPy cell"

    _run_cell(page, 1, "from IPython.display import Math\nMath(r'\\frac{\\partial L}{\\partial w} = 2(w - 1)')")
    plot_out.locator("mjx-container").first.wait_for(timeout=RUN_TIMEOUT)  # typeset by the page's MathJax
    _clean(page)


def test_live_widget_responds_to_a_change(live_tab):
    page = live_tab
    _run_cell(
        page,
        0,
        "import ipywidgets as widgets\n"
        "slider = widgets.IntSlider(value=3, min=0, max=10, description='n')\n"
        "square = widgets.Label(value='square = 9')\n"
        "slider.observe(lambda change: setattr(square, 'value', f\"square = {change['new'] ** 2}\"),"
        " names='value')\n"
        "widgets.VBox([slider, square])",
    )
    output = _output_of(page, 0)
    output.get_by_text("square = 9").wait_for(timeout=RUN_TIMEOUT)
    handle = output.locator(".noUi-handle").first
    handle.focus()
    page.keyboard.press("ArrowRight")  # 3 -> 4: the kernel computes the new label
    output.get_by_text("square = 16").wait_for(timeout=RUN_TIMEOUT)
    _clean(page)


def _pid(page) -> int:
    _run_cell(page, 0, "import os\nprint('pid', os.getpid())")
    text = _output_of(page, 0).get_by_text(re.compile(r"pid \d+")).inner_text(timeout=RUN_TIMEOUT)
    return int(re.search(r"pid (\d+)", text).group(1))


def test_two_tabs_get_two_kernels(live_tab, served_site, chapter_path):
    second = live_tab.context.new_page()  # a second tab of the same browser window
    second.watch = PageWatch(second)
    try:
        _start_live_code(second, served_site, chapter_path)
        kernels = [p.evaluate("document.querySelector('.live-code-bar').dataset.kernelId") for p in (live_tab, second)]
        assert kernels[0] and kernels[1] and kernels[0] != kernels[1], f"both tabs share one kernel: {kernels}"
        assert _pid(live_tab) != _pid(second), "both tabs run in the same kernel process"
        config = served_site.live_code_config()["jupyter"]
        status, _, body = _get(config["baseUrl"] + "api/sessions", Authorization=f"token {config['token']}")
        running = {session["kernel"]["id"] for session in json.loads(body)}
        assert set(kernels) <= running, f"the server's sessions {running} lack the tabs' kernels {kernels}"
        _clean(second)
    finally:
        second.close()


def test_button_explains_how_to_start_jupyter_when_none_runs(site_dir, new_page, chapter_path):
    served = Served(site_dir, "--no-jupyter")
    try:
        page = new_page()
        page.goto(served.url + chapter_path, wait_until="load")
        page.wait_for_function(
            "document.querySelector('.live-code-label').textContent.includes('start')", timeout=15000
        )
        page.click(".live-code-button")
        help_box = page.locator(".live-code-help")
        help_box.wait_for(state="visible", timeout=10000)
        assert "make serve" in help_box.inner_text()
        assert "--no-jupyter" in help_box.inner_text()  # the reason given by the server
        assert page.watch.errors == [], page.watch.errors[:5]
    finally:
        served.stop()

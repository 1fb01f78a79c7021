"""The student edition as a learner meets it: `make lab`'s JupyterLab, Run All, then read the page.

Starts scripts/lab.py (what `make lab` runs) on a free port with a fresh workspace, opens a chapter and a
homework notebook in headless Chromium, runs every cell from JupyterLab's Run menu, and checks what the
rendered Markdown shows: numbers written in, typeset math, folded solutions, a quick check answered, no raw
MyST markup, and a homework check's verdict.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
from browser_support import ROOT, free_port

CHAPTER = "chapters/04_activation_functions.ipynb"  # short to run (seconds), with math, numbers, exercises
HOMEWORK = "chapters/homework/noise_psnr_warmup.ipynb"
RAW_MYST = ("{glue", "{exercise", "{solution", "{cite", "{admonition", ":class:", ":label:", "{doc}", "{ref}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """scripts/lab.py on a free port over a fresh workspace: yields (base URL with /lab, token, workspace)."""
    workspace = tmp_path_factory.mktemp("workspace")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "scripts/lab.py", "--port", str(port), "--no-browser", "--workspace", str(workspace)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    deadline, url = time.monotonic() + 120, None
    while url is None and time.monotonic() < deadline and process.poll() is None:
        found = [m for line in list(lines) for m in re.findall(r"http://127\.0\.0\.1:\d+/lab\?token=\S+", line)]
        url = found[0] if found else None
        time.sleep(0.2)
    if url is None:
        process.kill()
        pytest.fail("make lab's server did not start:\n" + "".join(lines[-30:]))
    yield url.split("?token=")[0], url.split("?token=")[1], workspace
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


RUN_TIMEOUT_S = int(os.environ.get("LAB_RUN_TIMEOUT", 240))  # seconds a student notebook may take in JupyterLab


def run_all(page, base, token, notebook, timeout_s=RUN_TIMEOUT_S):
    """Open ``notebook`` in JupyterLab, run every cell from the Run menu, wait until all have run."""
    # reset: a fresh layout, not the tabs a previous JupyterLab session left in ~/.jupyter/lab/workspaces
    page.goto(f"{base}/tree/{notebook}?token={token}&reset", wait_until="domcontentloaded")
    n_cells = len(json.loads((ROOT / "student" / notebook).read_text())["cells"])
    page.wait_for_function(  # every cell is on the page and the kernel is up before anything runs
        """(n) => document.querySelectorAll('.jp-Notebook .jp-Cell').length === n
                  && /\\|\\s*Idle/.test(document.querySelector('.jp-StatusBar-Widget')?.parentElement?.textContent || '')""",
        arg=n_cells,
        timeout=90_000,
    )
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    n_code = page.locator(".jp-CodeCell").count()
    # A cell whose input is folded (hide-input on the site, jupyter.source_hidden here) shows no prompt.
    cells = json.loads((ROOT / "student" / notebook).read_text())["cells"]
    shown = sum(c["cell_type"] == "code" and not c["metadata"].get("jupyter", {}).get("source_hidden") for c in cells)
    try:
        page.wait_for_function(
            """(n) => {
                 const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
                 const numbered = prompts.filter(t => /\\[\\d+\\]/.test(t)).length;
                 return numbered >= n && !prompts.some(t => /\\[[ *]\\]/.test(t));
               }""",
            arg=shown,
            timeout=timeout_s * 1000,
        )
    except Exception:
        page.screenshot(path=str(ROOT / "_build" / "jupyterlab-run-all.png"))
        prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()
        outputs = "\n".join(page.locator(".jp-OutputArea-output").all_text_contents())
        pytest.fail(
            f"{notebook}: not every cell ran within {timeout_s} s; prompts {prompts}; "
            f"outputs end with: {outputs[-1500:]} (screenshot: _build/jupyterlab-run-all.png)"
        )
    return n_code


def markdown_text(page) -> str:
    return "\n".join(page.locator(".jp-MarkdownCell .jp-RenderedMarkdown").all_inner_texts())


def test_a_chapter_reads_in_jupyterlab(lab, new_page):
    base, token, workspace = lab
    page = new_page()
    n_code = run_all(page, base, token, CHAPTER)
    assert n_code > 5
    outputs = "\n".join(page.locator(".jp-OutputArea-output").all_text_contents())
    assert "Traceback" not in outputs and "Error:" not in outputs, outputs[-2000:]
    text = markdown_text(page)
    assert len(text) > 5000
    raw = [marker for marker in RAW_MYST if marker in text]
    assert not raw, f"raw MyST markup on the page: {raw}"
    numbers = page.locator(".jp-RenderedMarkdown abbr").all_inner_texts()
    assert sum(bool(re.fullmatch(r"[-−]?[\d.,]+(e[-+]?\d+)?", n)) for n in numbers) >= 3, numbers  # written in
    assert page.locator(".jp-RenderedMarkdown mjx-container").count() > 10  # MathJax typeset the formulas
    assert "$$" not in text and "\\frac" not in text
    details = page.locator(".jp-RenderedMarkdown details")
    assert details.count() >= 3
    assert all(not d.get_attribute("open") for d in details.all())  # folded until the reader opens one
    assert any(summary.startswith("Solution") for summary in details.locator("summary").all_inner_texts())
    # A quick check answers without the kernel, as on the site: the chosen option unfolds its verdict.
    check = page.locator(".jp-RenderedMarkdown .quick-check").first
    assert check.inner_text().startswith("Quick check (")
    wrong = check.locator("details").filter(has_text="Not quite.").first
    wrong.locator("summary").click()
    assert "Not quite." in wrong.inner_text()
    assert re.search(r"Exercise \d+", text)
    assert (workspace / CHAPTER).is_file()  # the learner's copy, not the repository's


def test_a_homework_check_prints_its_verdict(lab, new_page):
    base, token, _ = lab
    page = new_page()
    run_all(page, base, token, HOMEWORK)
    outputs = "\n".join(page.locator(".jp-OutputArea-output").all_text_contents())
    verdicts = re.findall(r"^(q\d+): (passed|not yet)", outputs, flags=re.M)
    assert len(verdicts) >= 2, outputs[-2000:]
    assert "Traceback" not in outputs
    assert not [m for m in RAW_MYST if m in markdown_text(page)]

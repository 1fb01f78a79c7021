"""The benchmark's runners with real processes: a notebook executed in a kernel, a command timed and stopped."""

import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.notebooks import execute_notebook  # noqa: E402


def test_execute_notebook_measures_a_real_kernel_run(tmp_path):
    """A tiny notebook through nbclient: status, time, memory and the values it glued with myst-nb."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from myst_nb import glue\nx = sum(range(10))\n"
            "glue('total', x, display=False)\nglue('half', f'{x / 2:.1f}', display=False)"
        )
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "07_tiny.ipynb"
    nbformat.write(nb, path)
    entry = execute_notebook(path, timeout=120, save_to=tmp_path / "out" / "07_tiny.ipynb")
    assert entry["status"] == "ok" and entry["errors"] == []
    assert entry["metrics"] == {"total": 45, "half": 22.5}
    assert entry["seconds"] > 0 and entry["peak_mib"] > 10  # a Python kernel needs more than 10 MiB
    assert (tmp_path / "out" / "07_tiny.ipynb").is_file()

    bad = nbformat.v4.new_notebook()
    bad.cells = [nbformat.v4.new_code_cell("raise ValueError('boom')")]
    nbformat.write(bad, tmp_path / "08_bad.ipynb")
    failed = execute_notebook(tmp_path / "08_bad.ipynb", timeout=120)
    assert failed["status"] == "error" and "boom" in failed["errors"][0]["error"]
    allowed = execute_notebook(tmp_path / "08_bad.ipynb", timeout=120, allow_errors=True)
    assert allowed["status"] == "ok" and "ValueError" in allowed["errors"][0]["error"]


def test_timed_run_reports_ok_errors_and_timeouts():
    from benchmarks.run import timed_run

    code, timing = timed_run([sys.executable, "-c", "pass"], timeout=60)
    assert code == 0 and timing["status"] == "ok" and timing["seconds"] >= 0 and "peak_mib" in timing
    code, timing = timed_run([sys.executable, "-c", "raise SystemExit(3)"], timeout=60)
    assert code == 3 and timing["status"] == "error (exit 3)"
    # A timeout stops the whole process tree: here a child the command started (as jupyter-cache's executor starts kernels).
    child = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); time.sleep(60)"
    before = set(_pids())
    code, timing = timed_run([sys.executable, "-c", child], timeout=2)
    assert code is None and timing["status"] == "timeout after 2 s" and timing["seconds"] < 20
    time.sleep(0.5)
    assert not [pid for pid in set(_pids()) - before if "time.sleep(60)" in _cmdline(pid)], "orphans left"


def _pids():
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _cmdline(pid):
    try:
        return open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode()
    except OSError:
        return ""

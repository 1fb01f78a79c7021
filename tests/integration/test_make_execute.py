"""make execute: the book's notebooks run in jupyter-cache's own parallel executor, into the book's cache, so the
build that follows (make build) executes nothing.  A tiny book with two good notebooks and a broken one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[2]
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def test_make_execute_fills_the_cache_the_build_then_uses(tmp_path):
    book = tmp_path / "book"
    (book / "pages").mkdir(parents=True)
    for name, code in (
        ("a", "import os\nprint(os.path.basename(os.getcwd()))"),
        ("b", "print(6 * 7)"),
        ("broken", "raise ValueError('no')"),
    ):
        notebook = new_notebook(cells=[new_code_cell(code)], metadata={"kernelspec": KERNELSPEC})
        nbformat.write(notebook, book / "pages" / f"{name}.ipynb")
    (book / "_config.yml").write_text("title: t\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: cache\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: pages/a\nchapters:\n  - file: pages/b\n")
    (book / "intro.md").write_text("# t\n")
    cache = book / "_build" / ".jupyter_cache"
    notebooks = " ".join(str(book / "pages" / f"{n}.ipynb") for n in ("a", "b", "broken"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    done = subprocess.run(
        ["make", "--no-print-directory", "execute", f"BOOK_NOTEBOOKS={notebooks}", f"JUPYTERCACHE={cache}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)  # the kernel colours its traceback
    assert "local-parallel" in (ROOT / "Makefile").read_text()
    assert "ValueError: no" in log, log[-3000:]  # the failing notebook is reported with its error

    from jupyter_cache import get_cache

    records = get_cache(str(cache))
    executed = records.get_cache_bundle(
        records.match_cache_notebook(nbformat.read(book / "pages" / "a.ipynb", as_version=4)).pk
    ).nb
    assert executed.cells[0].outputs[0].text == "pages\n"  # run in the notebook's folder, as the build would
    built = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", "."],
        cwd=book,
        capture_output=True,
        text=True,
        timeout=300,
    )
    build_log = built.stdout + built.stderr
    assert built.returncode == 0, build_log[-3000:]
    assert build_log.count("Using cached notebook") == 2 and "Executing notebook" not in build_log, build_log[-3000:]

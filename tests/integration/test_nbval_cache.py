"""tests/nbval_cache.py: nbval's run of a notebook fills the book's cache, so the build executes nothing.

A tiny book (one notebook with stdout, stderr, clear_output, an updated display, an ipywidgets box
with an Output widget, an empty and a hidden cell) goes through ``pytest --nbval-lax -p tests.nbval_cache``
and then ``jupyter-book build``: the build must say "Using cached notebook", never "Executing notebook",
and the page must show what a build that executed the notebook itself shows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[2]
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
CELLS = [
    new_markdown_cell("# A cached page"),
    new_code_cell("import os, sys\nprint('hello from stdout')\nprint('a warning on stderr', file=sys.stderr)"),
    new_code_cell(
        "from IPython.display import HTML, clear_output, display\nprint('cleared away')\n"
        "clear_output(wait=True)\nprint('kept after clear')"
    ),
    new_code_cell("handle = display(HTML('<b>first</b>'), display_id=True)"),
    new_code_cell("handle.update(HTML('<b>updated display</b>'))\nos.path.basename(os.getcwd())"),
    new_code_cell(
        "import ipywidgets as widgets\nout = widgets.Output()\nwith out:\n    print('inside the output widget')\n"
        "widgets.VBox([widgets.IntSlider(value=7), out])"
    ),
    new_code_cell(""),
    new_code_cell("assert 1 + 1 == 2", metadata={"tags": ["remove-cell"]}),
]


def nbval_command(book: Path) -> list[str]:
    """What make test-notebooks runs, on the small book's pages folder."""
    return [
        sys.executable,
        "-m",
        "pytest",
        "--nbval-lax",
        "-p",
        "no:cacheprovider",
        "-p",
        "tests.nbval_cache",
        "--rootdir",
        str(book),
        "pages",
    ]


def run(command, cwd, **kwargs):
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, **kwargs)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    book = tmp_path_factory.mktemp("book")
    (book / "pages").mkdir()
    nbformat.write(new_notebook(cells=CELLS, metadata={"kernelspec": KERNELSPEC}), book / "pages" / "page.ipynb")
    broken = new_notebook(
        cells=[new_code_cell("x = 1"), new_code_cell("raise ValueError('no')")], metadata={"kernelspec": KERNELSPEC}
    )
    nbformat.write(broken, book / "pages" / "broken.ipynb")
    (book / "_config.yml").write_text(
        "title: t\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: cache\n"
        "  stderr_output: remove\n  allow_errors: false\n"
    )
    (book / "_toc.yml").write_text("format: jb-book\nroot: pages/page\n")
    result = run(nbval_command(book), cwd=book)
    return book, result


def test_only_notebooks_whose_every_cell_passed_are_cached(book):
    book, result = book
    assert "1 failed" in result.stdout and "8 passed" in result.stdout, result.stdout[-3000:]
    assert "1 executed notebook(s) cached" in result.stdout and "pages/page.ipynb (ID=" in result.stdout
    assert "not cached (a cell failed, was skipped or deselected): pages/broken.ipynb" in result.stdout

    from jupyter_cache import get_cache

    cache = get_cache(str(book / "_build" / ".jupyter_cache"))
    record = cache.match_cache_notebook(nbformat.read(book / "pages" / "page.ipynb", as_version=4))
    executed = cache.get_cache_bundle(record.pk).nb
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == [1, 2, 3, 4, 5, None, 6]  # as nbclient numbers them
    assert code[1].outputs[0].text == "kept after clear\n"
    assert "updated display" in code[2].outputs[0].data["text/html"]
    assert code[3].outputs[0].data["text/plain"] == "'pages'"  # the notebook's folder is the working directory
    state = executed.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    outputs = [s["state"]["outputs"] for s in state.values() if s["model_name"] == "OutputModel"]
    assert outputs == [[{"name": "stdout", "output_type": "stream", "text": "inside the output widget\n"}]]
    assert executed.metadata.language_info["name"] == "python"
    with pytest.raises(KeyError):
        cache.match_cache_notebook(nbformat.read(book / "pages" / "broken.ipynb", as_version=4))


def test_the_build_uses_the_cache_and_executes_nothing(book):
    book, _ = book
    result = run([str(Path(sys.executable).parent / "jupyter-book"), "build", "."], cwd=book)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "Using cached notebook" in log and "Executing notebook" not in log, log[-3000:]
    page = (book / "_build" / "html" / "pages" / "page.html").read_text()
    for shown in (
        "hello from stdout",
        "kept after clear",
        "updated display",
        "inside the output widget",
        "application/vnd.jupyter.widget-state+json",
    ):
        assert shown in page, shown
    assert page.count("a warning on stderr") == 1  # in the cell's source only: stderr_output: remove


def test_an_unchanged_notebook_that_passed_is_not_run_again(book):
    """In a folder run (what make test does); a notebook named on the command line always runs."""
    book, _ = book
    command = nbval_command(book)
    again = run(command, cwd=book)
    assert "1 notebook(s) not run" in again.stdout and "  pages/page.ipynb\n" in again.stdout, again.stdout[-3000:]
    # Only broken.ipynb ran: no passing run is cached for it.
    assert "1 failed, 1 passed in" in again.stdout, again.stdout[-3000:]

    forced = run(command + ["--nb-rerun"], cwd=book)
    assert "1 failed, 8 passed" in forced.stdout and "not run" not in forced.stdout, forced.stdout[-3000:]
    named = run(command[:-1] + ["pages/page.ipynb"], cwd=book)
    assert named.returncode == 0 and "7 passed" in named.stdout, named.stdout[-3000:]

    page = book / "pages" / "page.ipynb"
    edited = nbformat.read(page, as_version=4)
    edited.cells.append(new_code_cell("print('an edit')"))
    nbformat.write(edited, page)
    changed = run(command, cwd=book)
    assert "1 failed, 9 passed" in changed.stdout and "not run" not in changed.stdout, changed.stdout[-3000:]

    # A run the build made itself (myst-nb stores no fingerprint: no hidden check ran under nbval) is run again.
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(book / "_build" / ".jupyter_cache"))
    record = cache.match_cache_notebook(nbformat.read(page, as_version=4))
    cache.cache_notebook_bundle(
        CacheBundleIn(cache.get_cache_bundle(record.pk).nb, str(page), data={"execution_seconds": 1.0}),
        check_validity=False,
        overwrite=True,
    )
    rebuilt = run(command, cwd=book)
    assert "1 failed, 9 passed" in rebuilt.stdout and "not run" not in rebuilt.stdout, rebuilt.stdout[-3000:]

"""scripts/execute_book.py: the book's notebooks run N at a time into its cache; the build then executes nothing.

A tiny book of three pages (two notebooks that sleep, one Markdown page) and a broken notebook listed in
the table of contents: execute_book with two jobs caches the good ones, reports the broken one and exits
1; the two sleeps overlap; a second run executes nothing; ``jupyter-book build`` uses the cache.
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
SCRIPT = ROOT / "scripts" / "execute_book.py"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
SLEEP = 8  # seconds each good notebook sleeps: two at a time overlap, one after the other do not


def run(command, cwd):
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def page(name):
    return new_notebook(cells=[new_markdown_cell(f"# {name}"),
                               new_code_cell(f"import os, time\ntime.sleep({SLEEP})\nprint('{name} ran in', "
                                             "os.path.basename(os.getcwd()))")],
                        metadata={"kernelspec": KERNELSPEC})


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    book = tmp_path_factory.mktemp("book")
    (book / "pages").mkdir()
    nbformat.write(page("first"), book / "pages" / "first.ipynb")
    nbformat.write(page("second"), book / "pages" / "second.ipynb")
    (book / "pages" / "prose.md").write_text("# Prose\n\nNo code here.\n")
    broken = new_notebook(cells=[new_code_cell("raise ValueError('this cell is broken')")],
                          metadata={"kernelspec": KERNELSPEC})
    nbformat.write(broken, book / "pages" / "broken.ipynb")
    (book / "_config.yml").write_text("title: t\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: cache\n"
                                      "  timeout: 60\n  allow_errors: false\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: pages/first\nchapters:\n  - file: pages/second\n"
                                   "  - file: pages/prose\n  - file: pages/broken\n")
    result = run([sys.executable, str(SCRIPT), "--jobs", "2", "--book", str(book)], cwd=book)
    return book, result


def test_the_toc_lists_the_notebooks_in_reading_order(book):
    book, _ = book
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from execute_book import toc_notebooks
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert [p.name for p in toc_notebooks(book)] == ["first.ipynb", "second.ipynb", "broken.ipynb"]


def test_good_notebooks_are_cached_and_a_broken_one_is_reported(book):
    book, result = book
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "0 of 3 notebooks already cached; executing 3, 2 at a time" in out, out
    assert "pages/broken.ipynb: FAILED" in out and "this cell is broken" in out, out
    assert "these notebooks failed (nothing of them was cached): pages/broken.ipynb" in out, out

    from jupyter_cache import get_cache

    cache = get_cache(str(book / "_build" / ".jupyter_cache"))
    for name in ("first", "second"):
        record = cache.match_cache_notebook(nbformat.read(book / "pages" / f"{name}.ipynb", as_version=4))
        executed = cache.get_cache_bundle(record.pk).nb
        code = [cell for cell in executed.cells if cell.cell_type == "code"]
        assert code[0].outputs[0].text == f"{name} ran in pages\n"  # the notebook's folder as working directory
    with pytest.raises(KeyError):
        cache.match_cache_notebook(nbformat.read(book / "pages" / "broken.ipynb", as_version=4))


def test_two_jobs_run_side_by_side(book):
    book, result = book
    wall = float(result.stdout.split("executed and cached in ")[1].split(" s wall")[0])
    assert wall < 2 * SLEEP, f"two {SLEEP}-s notebooks took {wall} s with --jobs 2: they did not overlap"


def test_a_second_run_executes_nothing_and_the_build_uses_the_cache(book):
    book, _ = book
    (book / "pages" / "broken.ipynb").unlink()  # the build would stop on it
    (book / "_toc.yml").write_text("format: jb-book\nroot: pages/first\nchapters:\n  - file: pages/second\n"
                                   "  - file: pages/prose\n")
    again = run([sys.executable, str(SCRIPT), "--book", str(book)], cwd=book)
    assert again.returncode == 0 and "2 of 2 notebooks already cached; executing 0" in again.stdout, again.stdout
    build = run([str(Path(sys.executable).parent / "jupyter-book"), "build", "."], cwd=book)
    log = build.stdout + build.stderr
    assert build.returncode == 0, log[-3000:]
    assert log.count("Using cached notebook") == 2 and "Executing notebook" not in log, log[-3000:]
    assert "second ran in pages" in (book / "_build" / "html" / "pages" / "second.html").read_text()


def test_bad_arguments_get_a_clear_message(tmp_path):
    no_book = run([sys.executable, str(SCRIPT), "--book", str(tmp_path)], cwd=tmp_path)
    assert no_book.returncode == 2 and f"no _toc.yml in {tmp_path}" in no_book.stderr, no_book.stderr
    (tmp_path / "_toc.yml").write_text("root: [unclosed\n")
    bad_toc = run([sys.executable, str(SCRIPT), "--book", str(tmp_path)], cwd=tmp_path)
    assert bad_toc.returncode == 2 and "_toc.yml is not valid YAML" in bad_toc.stderr, bad_toc.stderr
    assert "Traceback" not in bad_toc.stderr, bad_toc.stderr
    (tmp_path / "_toc.yml").write_text("just a string\n")
    no_toc = run([sys.executable, str(SCRIPT), "--book", str(tmp_path)], cwd=tmp_path)
    assert no_toc.returncode == 2 and "holds no table of contents" in no_toc.stderr, no_toc.stderr
    zero = run([sys.executable, str(SCRIPT), "--jobs", "0"], cwd=tmp_path)
    assert zero.returncode == 2 and "--jobs must be at least 1, got 0" in zero.stderr, zero.stderr


def test_a_failure_stops_the_notebooks_not_started_yet(tmp_path):
    """As the build stops at a failing notebook; the error shown is the failing cell's, not nbclient's stack."""
    (tmp_path / "pages").mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("raise ValueError('the first page is broken')")],
                                metadata={"kernelspec": KERNELSPEC}), tmp_path / "pages" / "broken.ipynb")
    for name in "abc":
        nbformat.write(new_notebook(cells=[new_code_cell(f"print('{name}')")], metadata={"kernelspec": KERNELSPEC}),
                       tmp_path / "pages" / f"{name}.ipynb")
    (tmp_path / "_config.yml").write_text("title: t\nexecute:\n  execute_notebooks: cache\n")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: pages/broken\nchapters:\n  - file: pages/a\n"
                                       "  - file: pages/b\n  - file: pages/c\n")
    result = run([sys.executable, str(SCRIPT), "--jobs", "1", "--book", str(tmp_path)], cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "An error occurred while executing the following cell" in result.stdout, result.stdout
    assert "ValueError: the first page is broken" in result.stdout and "nbclient/client.py" not in result.stdout
    assert "execute_book: not run after the failure: pages/a.ipynb, pages/b.ipynb, pages/c.ipynb" in result.stderr
    assert "0 notebooks executed and cached" in result.stdout, result.stdout

"""scripts/strip_outputs.py and the git filter built on it: outputs a reader creates never reach a commit."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import strip_outputs  # noqa: E402

COMMITTED = sorted(p for folder in ("chapters", "homework") for p in (ROOT / folder).rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts and "build" not in p.relative_to(ROOT).parts)


def executed_notebook():
    cells = [new_markdown_cell("# Title\n\ntext"),
             new_code_cell("print('hi')\nx = 1", execution_count=1,
                           outputs=[new_output("stream", name="stdout", text="hi\n")]),
             new_code_cell("x", execution_count=2, metadata={"tags": ["remove-cell"], "trusted": True},
                           outputs=[new_output("execute_result", data={"text/plain": "1"}, execution_count=2)]),
             new_code_cell("", execution_count=None)]
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                              "language": "python"}, "language_info": {"name": "python"}})


def test_clean_filter_writes_what_strip_writes(tmp_path):
    path = tmp_path / "nb.ipynb"
    nbformat.write(executed_notebook(), path)
    cleaned = strip_outputs.clean(path.read_bytes())
    assert strip_outputs.strip(path) is True
    assert cleaned == path.read_bytes()
    assert strip_outputs.clean(cleaned) == cleaned
    assert b'"outputs": []' in cleaned and b'"execution_count": null' in cleaned


def test_clean_filter_leaves_anything_else_alone():
    conflict = b'{\n<<<<<<< HEAD\n "cells": []\n=======\n>>>>>>> other\n'
    assert strip_outputs.clean(conflict) == conflict
    assert strip_outputs.clean(b"") == b""


@pytest.mark.parametrize("notebook", COMMITTED, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_notebooks_pass_the_filter_unchanged(notebook):
    data = notebook.read_bytes()
    assert strip_outputs.clean(data) == data  # else git would list the notebook as modified


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_commits_notebooks_without_their_outputs(tmp_path):
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    command = re.search(r'git config (filter\.strip-notebook-outputs\.clean) "\$python (scripts/strip_outputs\.py --clean)"',
                        setup)
    assert command, "scripts/setup.sh no longer configures the filter"
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    shutil.copy(ROOT / "scripts" / "strip_outputs.py", repo / "scripts" / "strip_outputs.py")

    def git(*args):
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                              check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("config", command.group(1), f"{sys.executable} {command.group(2)}")
    nbformat.write(executed_notebook(), repo / "student.ipynb")
    with_outputs = (repo / "student.ipynb").read_bytes()
    git("add", ".")
    git("commit", "-q", "-m", "a notebook someone ran")
    committed = git("show", "HEAD:student.ipynb")
    assert '"outputs": []' in committed and "hi\\n" not in committed and '"execution_count": 1' not in committed
    assert (repo / "student.ipynb").read_bytes() == with_outputs  # the working copy keeps its outputs
    assert git("status", "--porcelain") == ""
    rerun = nbformat.read(repo / "student.ipynb", as_version=4)
    rerun.cells[1].outputs[0].text = "other output of another run\n"
    nbformat.write(rerun, repo / "student.ipynb")
    # New outputs alone are no change: nothing to diff, nothing staged (git status may still list the
    # file until it is added, since its size changed).
    assert git("diff") == ""
    git("add", "student.ipynb")
    assert git("diff", "--cached") == "" and git("status", "--porcelain") == ""

"""Repository hygiene: notebooks without outputs (nbstripout as the git filter), generated files current."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(
    p
    for folder in ("chapters", "homework")
    for p in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_notebook_has_no_outputs(notebook):
    cells = json.loads(notebook.read_text())["cells"]
    dirty = [
        i for i, c in enumerate(cells) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not dirty, f"{notebook.name}: cells {dirty} carry outputs; run .venv/bin/nbstripout --keep-id on it"


def test_there_are_chapters():
    assert any(p.parent.name == "chapters" for p in NOTEBOOKS)


def test_environment_yml_is_current():
    result = subprocess.run(
        [sys.executable, "scripts/write_environment_yml.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_toc_entry_exists_and_every_chapter_is_listed():
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    files += [sub["file"] for part in toc["parts"] for entry in part["chapters"] for sub in entry.get("sections", [])]
    for name in files:
        assert any((ROOT / f"{name}{ext}").exists() for ext in (".ipynb", ".md")), f"_toc.yml lists missing {name}"
    listed = {ROOT / f"{name}.ipynb" for name in files}
    unlisted = [p for p in NOTEBOOKS if p.parent.name == "chapters" and p not in listed]
    assert not unlisted, f"chapters missing from _toc.yml: {unlisted}"


def _nbstripout(data: bytes) -> bytes:
    """What the git filter (the command scripts/setup.sh configures) makes of a staged notebook."""
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert 'git config filter.nbstripout.clean ".venv/bin/nbstripout --keep-id"' in setup
    assert "*.ipynb filter=nbstripout" in (ROOT / ".gitattributes").read_text()
    command = [str(Path(sys.executable).parent / "nbstripout"), "--keep-id", "-t"]
    return subprocess.run(command, input=data, capture_output=True).stdout


def test_the_git_filter_strips_outputs_and_keeps_cell_ids():
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "id": "kept-id",
                "metadata": {},
                "source": ["print(1)"],
                "execution_count": 3,
                "outputs": [{"output_type": "stream", "name": "stdout", "text": ["1"]}],
            }
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    cleaned = json.loads(_nbstripout(json.dumps(notebook).encode()))
    [cell] = cleaned["cells"]
    assert cell["outputs"] == [] and cell["execution_count"] is None and cell["id"] == "kept-id"


def test_committed_notebooks_pass_the_filter_unchanged(tmp_path):
    """Else git would list a notebook as modified after every run.  The committed blobs, not the working copies;
    one notebook of each kind the course writes (a chapter, a student homework, a master): nbstripout takes
    about a second per notebook."""
    kinds = ("chapters/0", "chapters/homework/", "homework/masters/")
    names = [
        next(p.relative_to(ROOT).as_posix() for p in NOTEBOOKS if p.relative_to(ROOT).as_posix().startswith(k))
        for k in kinds
    ]
    copies = []
    for index, name in enumerate(names):
        blob = subprocess.run(["git", "show", f"HEAD:{name}"], cwd=ROOT, capture_output=True)
        if blob.returncode == 0:  # a notebook not committed yet has nothing to compare
            copies.append((name, tmp_path / f"{index}.ipynb", blob.stdout))
            copies[-1][1].write_bytes(blob.stdout)
    assert copies, "no committed notebook found (is this a git clone?)"
    subprocess.run(
        [str(Path(sys.executable).parent / "nbstripout"), "--keep-id", *(str(c[1]) for c in copies)], check=True
    )
    changed = [name for name, path, blob in copies if path.read_bytes() != blob]
    assert not changed, f"nbstripout would rewrite these committed notebooks: {changed}"

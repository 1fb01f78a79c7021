"""Repository hygiene: notebooks without outputs, generated files current."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(
    p for folder in ("chapters", "homework") for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_notebook_has_no_outputs(notebook):
    cells = json.loads(notebook.read_text())["cells"]
    dirty = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{notebook.name}: cells {dirty} carry outputs; run python scripts/strip_outputs.py"


def test_there_are_chapters():
    assert any(p.parent.name == "chapters" for p in NOTEBOOKS)


def test_environment_yml_is_current():
    result = subprocess.run([sys.executable, "scripts/write_environment_yml.py", "--check"], cwd=ROOT, capture_output=True, text=True)
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

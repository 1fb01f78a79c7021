"""The generated lesson modules match the chapters' ``# @save`` cells (scripts/generate_lessons.py)."""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import generate_lessons  # noqa: E402


def test_generated_lessons_are_current():
    result = subprocess.run(
        [sys.executable, "scripts/generate_lessons.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_check_notices_an_edited_module(tmp_path, monkeypatch):
    monkeypatch.setattr(generate_lessons, "PACKAGE", tmp_path)
    for path, text in generate_lessons.expected_files().items():
        (tmp_path / path.name).write_text(text)
    assert generate_lessons.stale_files() == []
    victim = next(p for p in tmp_path.glob("*.py") if p.name != "__init__.py")
    victim.write_text(victim.read_text() + "\nEXTRA = 1\n")
    assert [Path(p).name for p in generate_lessons.stale_files()] == [victim.name]


@pytest.mark.parametrize("chapter", sorted(generate_lessons.CHAPTERS.glob("[0-9]*.ipynb")), ids=lambda p: p.stem)
def test_each_block_names_its_chapter(chapter):
    blocks = generate_lessons.saved_blocks(chapter)
    if not blocks:
        pytest.skip("chapter saves no code")
    text = (generate_lessons.PACKAGE / f"{generate_lessons.module_name(chapter)}.py").read_text()
    assert text.count(f"# --- chapters/{chapter.name}: ") == len(blocks)


def test_saved_cells_refuse_ipython_syntax(tmp_path):
    import json

    nb = {"cells": [{"cell_type": "code", "source": "# @save\n%timeit 1\n", "metadata": {}, "outputs": []}]}
    path = tmp_path / "01_x.ipynb"
    path.write_text(json.dumps(nb))
    with pytest.raises(SystemExit, match="IPython syntax"):
        generate_lessons.saved_blocks(path)


def test_package_import_loads_no_chapter():
    code = "import sys, autoencoder_course.lessons; print('keras' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
    assert importlib.import_module("autoencoder_course.lessons").__doc__

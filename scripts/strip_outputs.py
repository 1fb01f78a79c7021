"""Remove outputs and execution counts from notebooks, in place (chapters are stored without outputs).

Also writes every notebook in nbformat's canonical layout (sources as lists of lines, an id on every
cell), so a notebook edited by a script gives the same small diffs as one saved by Jupyter.

Usage: python scripts/strip_outputs.py [notebook.ipynb ...]   (default: every notebook under chapters/ and homework/)
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def strip(path: Path) -> bool:
    """Strip one notebook; return True when it changed."""
    before = path.read_text(encoding="utf-8")
    with warnings.catch_warnings():  # a missing cell id is what normalize() below repairs
        warnings.simplefilter("ignore")
        notebook = nbformat.reads(before, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.validator.normalize(notebook)  # adds missing cell ids
    after = nbformat.writes(notebook) + "\n"
    if after != before:
        path.write_text(after, encoding="utf-8")
    return after != before


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted(
        p for folder in ("chapters", "homework") for p in (ROOT / folder).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )
    for path in paths:
        if strip(path):
            print(f"stripped {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Remove outputs and execution counts from notebooks, in place (chapters are stored without outputs).

Usage: python scripts/strip_outputs.py [notebook.ipynb ...]   (default: every notebook under chapters/ and homework/)
       python scripts/strip_outputs.py --clean < in.ipynb > out.ipynb

``--clean`` is the git filter ``.gitattributes`` names for every ``*.ipynb`` (``scripts/setup.sh``
configures it; by hand: ``git config filter.strip-notebook-outputs.clean "python3 scripts/strip_outputs.py --clean"``).
Git runs it on what is staged, so outputs a reader or student creates stay in their working copy but
never reach a commit (``git diff`` shows no change for a notebook whose only change is its outputs;
``git status`` may list it until it is added, then it is clean).
It needs only the standard library (any ``python3``), passes a notebook without outputs through
byte for byte, and anything that is not a notebook (a file with merge-conflict markers) unchanged.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def strip(path: Path) -> bool:
    """Strip one notebook; return True when it changed."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    changed = False
    for cell in notebook.cells:
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count = [], None
            changed = True
    if changed:
        nbformat.write(notebook, path)
    return changed


def clean(data: bytes) -> bytes:
    """The notebook ``data`` without outputs or execution counts, in nbformat's own layout.

    Unchanged bytes when there is nothing to strip or ``data`` is not a notebook's JSON.
    """
    try:
        notebook = json.loads(data.decode("utf-8"))
        cells = notebook["cells"]
    except (ValueError, KeyError, TypeError):
        return data
    changed = False
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code" and (
                cell.get("outputs") or cell.get("execution_count") is not None):
            cell["outputs"], cell["execution_count"] = [], None
            changed = True
    if not changed:
        return data
    # nbformat.writes' layout (what Jupyter saves and scripts/strip_outputs.py writes): sources as
    # lists of lines, no transient keys, sorted keys, one-space indent.
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        for key in ("orig_nbformat", "orig_nbformat_minor", "signature"):
            metadata.pop(key, None)
    for cell in cells:
        if isinstance(cell, dict):
            if isinstance(cell.get("source"), str):
                cell["source"] = cell["source"].splitlines(True)
            if isinstance(cell.get("metadata"), dict):
                cell["metadata"].pop("trusted", None)
    return (json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def main(argv: list[str]) -> int:
    if argv == ["--clean"]:
        sys.stdout.buffer.write(clean(sys.stdin.buffer.read()))
        return 0
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

"""Execute notebooks one at a time in a fresh kernel, measure them, and read their glued values.

* :func:`find_notebooks` -- the chapter notebooks (and generated homework notebooks), optionally a subset.
* :func:`glued_values` -- every value a notebook glued with myst-nb's ``glue(name, value)``.
* :class:`PeakMemory` -- peak resident memory of this process's descendants, by polling with psutil.
* :func:`execute_notebook` -- run one notebook with nbclient and return its benchmark entry.
"""

from __future__ import annotations

import ast
import os
import re
import threading
import time
from pathlib import Path

GLUE_TEXT_KEYS = ("text/plain", "application/papermill.record/text/plain")
_NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")
_WRAPPED = re.compile(r"^\s*(?:np|numpy)\.\w+\((.*)\)\s*$")  # np.float64(0.5) -> 0.5


def find_notebooks(chapters_dir, only=None, *, include_homework=True):
    """Sorted chapter notebooks ``NN_*.ipynb`` in ``chapters_dir`` (then ``homework/*.ipynb`` if asked).

    ``only``: a list of selectors; a notebook is kept when its file stem starts with one of them
    (``"03"`` keeps ``03_denoising_dense``; ``"homework/sphere"`` keeps that homework notebook).
    Raises ValueError when a selector matches nothing, so a typo does not silently run nothing.
    """
    chapters_dir = Path(chapters_dir)
    if not chapters_dir.is_dir():
        raise ValueError(f"no chapters folder at {chapters_dir}")
    found = sorted(p for p in chapters_dir.glob("*.ipynb") if re.match(r"^\d\d_", p.name))
    if include_homework:
        found += sorted((chapters_dir / "homework").glob("*.ipynb"))
    if not only:
        return found
    keys = {p: p.relative_to(chapters_dir).with_suffix("").as_posix() for p in found}
    kept = []
    for selector in only:
        matches = [p for p in found if keys[p].startswith(selector) or p.stem.startswith(selector)]
        if not matches:
            raise ValueError(f"--only {selector!r} matches no notebook in {chapters_dir}")
        kept += [p for p in matches if p not in kept]
    return sorted(kept, key=found.index)


def parse_glue_text(text):
    """Turn the ``text/plain`` form of a glued value into a number when it is one.

    ``"0.25"``, ``"'0.25'"`` (a glued string), ``"np.float64(0.25)"`` -> 0.25; ``"3"`` -> 3; other
    texts come back as the plain string (quotes removed).  Refuses non-strings with TypeError.
    """
    if not isinstance(text, str):
        raise TypeError(f"glued text must be a string, got {type(text).__name__}")
    inner = text.strip()
    wrapped = _WRAPPED.match(inner)
    if wrapped:
        inner = wrapped.group(1).strip()
    try:
        value = ast.literal_eval(inner)
    except (ValueError, SyntaxError):
        value = inner
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace("\u2212", "-")  # "1,234" and a typographic minus
        if _NUMBER.match(cleaned):
            number = float(cleaned)
            return int(number) if re.fullmatch(r"\s*[-+]?\d+\s*", cleaned) else number
        return value
    if isinstance(value, (int, float)):
        return value
    return inner


def glued_values(nb):
    """``{name: value}`` of every ``glue``d value in an executed notebook (nbformat node or dict).

    myst-nb stores a glued value as a ``display_data`` output whose metadata holds
    ``{"scrapbook": {"name": ..., "mime_prefix": ...}}`` and whose data holds the value's text form
    under ``mime_prefix + "text/plain"``.  Numbers (and numeric strings) come back as numbers.
    A name glued twice keeps its last value, as myst-nb does.
    """
    values = {}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            scrap = (output.get("metadata") or {}).get("scrapbook")
            if not scrap or "name" not in scrap:
                continue
            data = output.get("data") or {}
            prefix = scrap.get("mime_prefix", "")
            text = data.get(prefix + "text/plain")
            if text is None:
                text = next((data[k] for k in GLUE_TEXT_KEYS if k in data), None)
            if isinstance(text, list):
                text = "".join(text)
            values[scrap["name"]] = parse_glue_text(text) if text is not None else None
    return values


def error_cells(nb):
    """Indexes and error names of code cells whose outputs contain an error."""
    found = []
    for index, cell in enumerate(nb.get("cells", [])):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if output.get("output_type") == "error":
                found.append({"cell": index, "error": f"{output.get('ename')}: {output.get('evalue', '')}"[:300]})
    return found


def descendants_rss_from_proc(pid, proc=Path("/proc")):
    """Summed resident bytes of every descendant of ``pid``, read from Linux's /proc (psutil's fallback)."""
    parents, rss = {}, {}
    for entry in proc.iterdir() if proc.is_dir() else []:
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, frontier = 0, [pid]
    while frontier:
        current = frontier.pop()
        for child, parent in parents.items():
            if parent == current:
                total += rss.get(child, 0)
                frontier.append(child)
    return total


class PeakMemory:
    """Poll the summed resident memory (RSS) of all descendants of this process; keep the peak.

    Used as a context manager around the execution of one notebook (its kernel is a child process)
    or one benchmark script.  ``peak_mib`` is the largest sum seen; ``interval`` seconds between polls.
    """

    def __init__(self, interval=0.1):
        self.interval = float(interval)
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = None

    def _sample(self):
        try:
            import psutil
        except ImportError:  # a bare machine (e.g. a lent GPU box): read /proc directly
            self.peak_bytes = max(self.peak_bytes, descendants_rss_from_proc(os.getpid()))
            return
        total = 0
        for child in psutil.Process().children(recursive=True):
            try:
                total += child.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        self.peak_bytes = max(self.peak_bytes, total)

    def _loop(self):
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        return False

    @property
    def peak_mib(self):
        return round(self.peak_bytes / 2**20, 1)


def execute_notebook(path, *, timeout=900, allow_errors=False, save_to=None, kernel_name="python3"):
    """Run ``path`` top to bottom in a fresh kernel (working directory: its folder); return its entry.

    The entry: ``{"notebook", "status", "seconds", "peak_mib", "metrics", "errors"}`` where
    ``metrics`` are the glued values.  ``status`` is ``"ok"``, or ``"error"`` with the error in
    ``errors``.  ``timeout`` is nbclient's per-cell limit (seconds).  ``allow_errors`` runs on past
    failing cells (for homework notebooks with unfilled exercise cells) and counts them instead.
    ``save_to``: where to write the executed notebook (outside the source tree), or None.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
    )
    status, errors = "ok", []
    start = time.perf_counter()
    with PeakMemory() as memory:
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            status = "error"
            errors.append({"cell": None, "error": f"{type(error).__name__}: {str(error)[-600:]}"})
    seconds = time.perf_counter() - start
    errors = error_cells(nb) if status == "ok" or not errors else errors
    if errors and status == "ok" and not allow_errors:
        status = "error"
    if save_to is not None:
        Path(save_to).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, save_to)
    return {
        "notebook": path.name if path.parent.name == "chapters" else f"{path.parent.name}/{path.name}",
        "status": status,
        "seconds": round(seconds, 2),
        "peak_mib": memory.peak_mib,
        "metrics": glued_values(nb),
        "errors": errors,
    }

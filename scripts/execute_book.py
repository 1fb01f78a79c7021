"""Execute the book's notebooks several at a time into its execution cache, before `jupyter-book build`.

Jupyter Book 1 executes the notebooks it lacks in its cache one after the other, while it reads them. On a
2-core machine one TensorFlow process leaves the second core partly idle (plotting, NumPy and Python
between the training steps run on one thread), so two notebooks at a time finish the course a little sooner
(1.13x on two cores: benchmarks/README.md). This script does the executing first, N notebooks at a time, exactly as the build
would (jupyter-cache's ``single_nb_execution``: nbclient, the notebook's folder as working directory, the
book's ``timeout`` and ``allow_errors``), and stores each executed notebook in the book's cache as myst-nb
does. The build that follows finds every notebook cached ("Using cached notebook") and executes nothing.

    python scripts/execute_book.py [--jobs N] [--book DIR] [--cache DIR]

``--jobs`` defaults to the number of cores. A notebook the cache already holds (same code cells and
kernelspec) is not run. The longest notebooks start first (their last measured times, from
benchmarks/results.json), so the workers finish together. When a notebook fails, its failing cell and error
are printed, nothing of it is cached, the notebooks not started yet are not run (the build would have stopped
on it too), and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # the kernel's coloured traceback, printed to a log or terminal


def toc_notebooks(book: Path) -> list[Path]:
    """The ``.ipynb`` files the book's ``_toc.yml`` lists, in reading order (pages of other formats are skipped)."""
    toc_file = book / "_toc.yml"
    if not toc_file.is_file():
        raise ValueError(f"no _toc.yml in {book}: pass the book's folder with --book")
    try:
        toc = yaml.safe_load(toc_file.read_text())
    except yaml.YAMLError as error:
        raise ValueError(f"{toc_file} is not valid YAML ({error}): fix it, as jupyter-book build would also fail")
    if not isinstance(toc, dict):
        raise ValueError(f"{toc_file} holds no table of contents (a mapping with root: and chapters: or parts:)")
    files: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    files.append(toc.get("root", ""))
    walk({key: value for key, value in toc.items() if key != "root"})
    found = []
    for name in files:
        path = book / name
        path = path if path.suffix == ".ipynb" else path.with_suffix(".ipynb")
        if path.is_file() and path not in found:
            found.append(path)
    return found


def execution_settings(book: Path) -> dict:
    """The book's ``execute:`` settings that change how a notebook runs (timeout, allow_errors)."""
    config_file = book / "_config.yml"
    config = yaml.safe_load(config_file.read_text()) if config_file.is_file() else {}
    execute = (config or {}).get("execute") or {}
    return {"timeout": execute.get("timeout", 30), "allow_errors": bool(execute.get("allow_errors", False))}


def last_seconds(book: Path) -> dict[str, float]:
    """Each notebook's last measured run time in seconds (benchmarks/results.json), keyed by its path in the book."""
    results = book / "benchmarks" / "results.json"
    try:
        entries = json.loads(results.read_text()).get("notebooks", [])
    except (OSError, ValueError):
        return {}
    return {f"chapters/{entry['notebook']}": float(entry.get("seconds") or 0) for entry in entries
            if isinstance(entry, dict) and "notebook" in entry}


def _execute(path: str, timeout, allow_errors: bool) -> tuple[str, str | None, float, str | None]:
    """Run in a worker process: execute one notebook; return (path, executed notebook JSON, seconds, error)."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(nb, cwd=str(Path(path).parent), timeout=timeout, allow_errors=allow_errors,
                                 meta_override=True)
    if result.err is not None:  # the failing cell, its error and traceback (not nbclient's own frames)
        return path, None, result.time, ANSI_COLOUR.sub("", str(result.err)) or repr(result.err)
    return path, nbformat.writes(nb), result.time, None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks at a time (default: cores)")
    parser.add_argument("--book", default=str(ROOT), help="the book's folder (default: this repository)")
    parser.add_argument("--cache", help="the execution cache (default: <book>/_build/.jupyter_cache, the build's)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")

    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    book = Path(args.book).resolve()
    try:
        notebooks = toc_notebooks(book)
    except ValueError as error:
        print(f"execute_book: {error}", file=sys.stderr)
        return 2
    cache = get_cache(str(Path(args.cache) if args.cache else book / "_build" / ".jupyter_cache"))
    settings = execution_settings(book)

    missing = []
    for path in notebooks:
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            missing.append(path)
    print(f"execute_book: {len(notebooks) - len(missing)} of {len(notebooks)} notebooks already cached; "
          f"executing {len(missing)}, {args.jobs} at a time", flush=True)
    if not missing:
        return 0
    estimate = last_seconds(book)
    missing.sort(key=lambda p: -estimate.get(p.relative_to(book).as_posix(), 0.0))  # longest first

    failed, started, done = [], time.perf_counter(), 0
    waiting = list(missing)  # handed to a worker only when one is free, so that a failure can stop the rest
    with ProcessPoolExecutor(max_workers=min(args.jobs, len(missing))) as pool:
        running = set()
        while waiting or running:
            while waiting and len(running) < args.jobs and not failed:
                running.add(pool.submit(_execute, str(waiting.pop(0)), settings["timeout"], settings["allow_errors"]))
            if not running:
                break
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                done += 1
                path, executed, seconds, error = future.result()
                name = Path(path).relative_to(book).as_posix()
                if error is not None:
                    # Stop as the build would: no new notebook starts (one failure, such as MNIST missing,
                    # usually fails them all); the ones running are finished and cached.
                    failed.append(name)
                    print(f"[{done}/{len(missing)}] {name}: FAILED after {seconds:.0f} s\n{error}", flush=True)
                    continue
                # As myst-nb stores a notebook it executed itself (myst_nb/core/execute/cache.py).
                record = cache.add_nb_to_project(path)
                cache.cache_notebook_bundle(CacheBundleIn(nbformat.reads(executed, as_version=4), record.uri,
                                                          data={"execution_seconds": seconds}),
                                            check_validity=False, overwrite=True)
                print(f"[{done}/{len(missing)}] {name}: {seconds:.0f} s", flush=True)
    cancelled = [p.relative_to(book).as_posix() for p in waiting]
    wall = time.perf_counter() - started
    executed_count = len(missing) - len(failed) - len(cancelled)
    print(f"execute_book: {executed_count} notebooks executed and cached in {wall:.0f} s wall "
          f"({args.jobs} at a time)", flush=True)
    if failed:
        print("execute_book: these notebooks failed (nothing of them was cached): " + ", ".join(failed),
              file=sys.stderr)
        if cancelled:
            print("execute_book: not run after the failure: " + ", ".join(sorted(cancelled)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

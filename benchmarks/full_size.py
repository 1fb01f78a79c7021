"""The course at full MNIST size: every notebook run with ``AUTOENCODER_COURSE_FULL_MNIST=1``.

    .venv/bin/python -m benchmarks.full_size --mnist ~/.keras/datasets/mnist.npz

The pages are written for the course's data (8,000 training / 2,000 test digits); full MNIST
(60,000 / 10,000) is an opt-in for learners with time to spare.  This runs each chapter and homework
notebook on it in a fresh kernel, running on past failing cells as a student's copy would (the
hidden checks, which state the course data's claims, may fail at full size and are reported, not
fatal), and writes ``benchmarks/results-full.json``: wall time, peak memory, glued numbers and the
failing cells of each notebook, hidden checks apart from lesson cells.

Without internet there is no full MNIST file: ``--make-stand-in PATH`` writes one with the full
layout from the course's data (``$AUTOENCODER_COURSE_MNIST``): 60,000 training images made of the
8,000 training digits shifted by up to one pixel, 10,000 test images made of the 2,000 test digits
shifted by up to two pixels.  It has full MNIST's sizes, so its times are full-size times; its numbers
are only indicative (7.5 shifted copies of the same writers are not 60,000 new digits), and the
results say which file was used.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

from . import environment
from .notebooks import execute_notebook, find_notebooks

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results-full.json"
STAND_IN_NOTE = (
    "stand-in for full MNIST: 60,000 training images = the course's 8,000 training digits shifted by up "
    "to one pixel, 10,000 test images = its 2,000 test digits shifted by up to two pixels; times are "
    "full-size times, numbers only indicative"
)


def shifted_copies(images, labels, n, shifts):
    """``n`` images: ``images`` moved by each (dy, dx) of ``shifts`` in turn (zeros fill the edge)."""
    out_images, out_labels = [], []
    for dy, dx in shifts:
        moved = np.roll(images, (dy, dx), axis=(1, 2))
        if dy:
            moved[:, (slice(0, dy) if dy > 0 else slice(dy, None)), :] = 0
        if dx:
            moved[:, :, (slice(0, dx) if dx > 0 else slice(dx, None))] = 0
        out_images.append(moved)
        out_labels.append(labels)
        if sum(len(x) for x in out_images) >= n:
            break
    images, labels = np.concatenate(out_images)[:n], np.concatenate(out_labels)[:n]
    if len(images) < n:
        raise ValueError(f"{len(shifts)} shifts of {len(out_images[0])} images make fewer than {n}")
    return images, labels


def make_stand_in(path):
    """Write a file in full MNIST's layout from the course's data (see the module's docstring)."""
    from autoencoder_course.data import load_mnist

    (x_train, y_train), (x_test, y_test) = load_mnist(full=False)
    one_pixel = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (1, -1)]
    two_pixels = [(0, 0), (2, 0), (-2, 0), (0, 2), (0, -2)]
    x_full_train, y_full_train = shifted_copies(x_train, y_train, 60_000, one_pixel)
    x_full_test, y_full_test = shifted_copies(x_test, y_test, 10_000, two_pixels)
    np.savez_compressed(
        path,
        x_train=x_full_train,
        y_train=y_full_train,
        x_test=x_full_test,
        y_test=y_full_test,
        stand_in=np.array(STAND_IN_NOTE),
    )  # the results say so (load_mnist ignores the key)
    return Path(path)


def stand_in_note(path):
    """The note a stand-in file carries, or None for a real MNIST file."""
    with np.load(path, allow_pickle=False) as archive:
        return str(archive["stand_in"]) if "stand_in" in archive.files else None


def hidden_cells(path):
    """Indexes of a notebook's hidden (``remove-cell``) code cells: the course's assertion cells."""
    cells = json.loads(Path(path).read_text())["cells"]
    return {i for i, c in enumerate(cells) if "remove-cell" in c.get("metadata", {}).get("tags", [])}


def run(mnist, only=None, output=RESULTS, cell_timeout=3600):
    os.environ["AUTOENCODER_COURSE_MNIST"] = str(Path(mnist).resolve())
    os.environ["AUTOENCODER_COURSE_FULL_MNIST"] = "1"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "lib"), os.environ.get("PYTHONPATH")) if p)
    cache = tempfile.TemporaryDirectory(prefix="full-size-models-")  # models trained at full size, not reused
    os.environ["AUTOENCODER_COURSE_CACHE"] = cache.name
    results = dict(
        schema=1,
        date=environment.now(),
        machine=environment.machine(),
        data=environment.data_info(mnist),
        versions=environment.versions(),
        full_mnist=True,
        notebooks=[],
    )
    results["data"]["stand_in"] = stand_in_note(mnist)
    runs = Path(tempfile.mkdtemp(prefix="full-size-runs-"))
    for path in find_notebooks(ROOT / "chapters", only):
        executed = runs / path.relative_to(ROOT / "chapters")
        entry = execute_notebook(path, timeout=cell_timeout, allow_errors=True, save_to=executed)
        hidden, errors = hidden_cells(executed), entry.pop("errors")  # the cells as they were run
        entry["hidden_check_failures"] = [e for e in errors if e["cell"] in hidden]
        entry["lesson_cell_errors"] = [e for e in errors if e["cell"] not in hidden]
        results["notebooks"].append(entry)
        print(
            f"  {entry['notebook']:<44} {entry['seconds']:>8.1f} s {entry['peak_mib']:>8.0f} MiB  "
            f"hidden checks failing: {len(entry['hidden_check_failures'])}  "
            f"other errors: {len(entry['lesson_cell_errors'])}",
            flush=True,
        )
        output.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")  # kept as it goes
    results["total_seconds"] = round(sum(e["seconds"] for e in results["notebooks"]), 1)
    output.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    cache.cleanup()
    return results


def summary(results, course=None):
    """A Markdown table of a full-size run: seconds per notebook (next to the course data's, when given),
    hidden checks failing, errors in lesson cells."""
    course_seconds = {e["notebook"]: e["seconds"] for e in (course or {}).get("notebooks", [])}
    rows = [
        "| notebook | full size (s) | course data (s) | hidden checks failing | lesson-cell errors |",
        "|---|---:|---:|---:|---:|",
    ]
    for e in results["notebooks"]:
        rows.append(
            f"| {e['notebook']} | {e['seconds']:.0f} | {course_seconds.get(e['notebook'], float('nan')):.0f} | "
            f"{len(e['hidden_check_failures'])} | {len(e['lesson_cell_errors'])} |"
        )
    total = sum(e["seconds"] for e in results["notebooks"])
    rows.append(
        f"| **all** | {total:.0f} | {sum(course_seconds.values()):.0f} | "
        f"{sum(len(e['hidden_check_failures']) for e in results['notebooks'])} | "
        f"{sum(len(e['lesson_cell_errors']) for e in results['notebooks'])} |"
    )
    notes = [results["data"].get("stand_in"), results.get("note")]
    return "\n".join(rows + [""] + [f"- {n}" for n in notes if n])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mnist", help="a file in full MNIST's layout (60,000 / 10,000), e.g. Keras's mnist.npz")
    parser.add_argument("--make-stand-in", metavar="PATH", help="write a stand-in full-layout file and stop")
    parser.add_argument("--only", help="comma-separated notebook name prefixes, e.g. 01,03,homework/")
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument("--summary", action="store_true", help="print the recorded run (--output) as a table and stop")
    args = parser.parse_args(argv)
    if args.summary:
        course = ROOT / "benchmarks" / "results.json"
        print(
            summary(
                json.loads(Path(args.output).read_text()), json.loads(course.read_text()) if course.is_file() else None
            )
        )
        return 0
    if args.make_stand_in:
        print(f"wrote {make_stand_in(args.make_stand_in)}")
        return 0
    if not args.mnist or not Path(args.mnist).is_file():
        parser.error("--mnist must name a file in full MNIST's layout (or make one with --make-stand-in PATH)")
    only = [s.strip() for s in args.only.split(",") if s.strip()] if args.only else None
    results = run(args.mnist, only, Path(args.output))
    print(f"wrote {args.output}: {results['total_seconds']} s for {len(results['notebooks'])} notebooks")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the course in one unattended command.

    AUTOENCODER_COURSE_MNIST=../shared/data/mnist-subset.npz .venv/bin/python -m benchmarks.run

1. executes every chapter notebook (``chapters/NN_*.ipynb``, then ``chapters/homework/*.ipynb``) with
   nbclient, each in a fresh kernel, recording wall seconds, peak memory (psutil polling of the kernel's
   process tree) and the values it glued;
2. runs ``benchmarks.side_by_side`` (the original lecture's denoisers vs the course's) and ``benchmarks.scale``
   (time per epoch with 60,000 images), each in a fresh Python process;
3. writes ``benchmarks/results.json`` (or ``--output``), prints a summary table, and, when the output is the
   default file, regenerates its report ``benchmarks/report.md`` (``benchmarks.render``).

Options: ``--side-by-side dense`` (or ``conv``) runs one comparison; ``--only 01,03`` runs a subset of notebooks (prefixes of their names; ``homework/`` for
homework); ``--skip-notebooks``, ``--skip-side-by-side``, ``--skip-scale``; ``--quick`` for tiny settings
(plumbing check). ``KERAS_BACKEND`` is passed on to kernels and scripts (e.g. ``KERAS_BACKEND=jax`` on a
GPU machine without TensorFlow: ``--only 07,08 --output benchmarks/results-gpu.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import environment
from .notebooks import PeakMemory, execute_notebook, find_notebooks
from .render import GPU_RESULTS, REPORT, RESULTS, render_summary, report_from_files

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "benchmarks" / "runs"  # executed notebooks (git-ignored)


class LoadWatch:
    """Records the 1-minute load average at start, end, and the highest seen at any :meth:`sample`."""

    def __init__(self):
        self.start = environment.load_average()
        self.max = self.start[0] if self.start else None

    def sample(self):
        load = environment.load_average()
        if load and (self.max is None or load[0] > self.max):
            self.max = load[0]
        return load

    def summary(self):
        end = self.sample()
        return dict(start=self.start and self.start[0], end=end and end[0], max=self.max)


def timed_run(command, timeout, env=None):
    """Run ``command`` from the repository root; return (exit status or None on timeout, timing dict).

    It runs in a process group of its own, so that a timeout also stops what it started (jupyter-cache's
    workers and their kernels), not only the command itself."""
    start = time.perf_counter()
    with PeakMemory() as memory:
        process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        try:
            returncode = process.wait(timeout=timeout)
            status = "ok" if returncode == 0 else f"error (exit {returncode})"
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            returncode, status = None, f"timeout after {timeout} s"
    return returncode, dict(status=status, seconds=round(time.perf_counter() - start, 2), peak_mib=memory.peak_mib)


def run_script(module, args, quick, timeout):
    """Run ``python -m benchmarks.<module>`` in a fresh process; return (result dict or None, timing)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        command = [sys.executable, "-m", f"benchmarks.{module}", "--output", str(out)] + list(args)
        if quick:
            command.append("--quick")
        returncode, timing = timed_run(command, timeout)
        if returncode == 0 and not out.is_file():
            timing["status"] = "error (exit 0, no output)"
        result = json.loads(out.read_text()) if timing["status"] == "ok" else None
    return result, timing


def run_book(timeout):
    """Execute the whole book as `make serve` does on a fresh machine (`make execute`: jupyter-cache's
    parallel executor, one notebook per core), into an empty execution cache and model cache."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(
            os.environ,
            AUTOENCODER_COURSE_CACHE=str(Path(tmp) / "models"),
            JUPYTERCACHE=str(Path(tmp) / "jupyter_cache"),
        )
        _, timing = timed_run(["make", "--no-print-directory", "execute"], timeout, env)
    return dict(jobs=os.cpu_count() or 1, **timing)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Benchmark every chapter notebook and the side-by-side models.")
    parser.add_argument("--only", help="comma-separated notebook name prefixes, e.g. 01,03,homework/")
    parser.add_argument("--output", default=str(RESULTS), help="results JSON (default benchmarks/results.json)")
    parser.add_argument("--mnist", help="MNIST file (default: $AUTOENCODER_COURSE_MNIST, else Keras's download)")
    parser.add_argument("--skip-notebooks", action="store_true")
    parser.add_argument("--skip-side-by-side", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument(
        "--side-by-side",
        choices=["both", "dense", "conv"],
        default="both",
        help="which side-by-side comparison to run (default both)",
    )
    parser.add_argument("--no-homework", action="store_true", help="skip chapters/homework/*.ipynb")
    parser.add_argument("--quick", action="store_true", help="tiny side-by-side/scale settings (plumbing check)")
    parser.add_argument("--cell-timeout", type=int, default=900, help="seconds any one cell may take")
    parser.add_argument("--script-timeout", type=int, default=1800, help="seconds a benchmark script may take")
    parser.add_argument("--no-page", action="store_true", help="do not regenerate benchmarks/report.md")
    parser.add_argument(
        "--skip-book", action="store_true", help="skip timing the whole book executed as make serve does (make execute)"
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    mnist = args.mnist or os.environ.get("AUTOENCODER_COURSE_MNIST")
    if mnist:
        mnist = str(Path(mnist).resolve())
        os.environ["AUTOENCODER_COURSE_MNIST"] = mnist  # kernels and scripts inherit it
    # Kernels and scripts find the course's lib and these benchmarks even where the lib is not installed.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "lib"), str(ROOT), os.environ.get("PYTHONPATH")) if p
    )
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # 3: also the C++ "NodeDef mentions attribute" lines
    os.environ.setdefault("MPLBACKEND", "Agg")
    # As on a fresh machine: no model a notebook reuses is cached yet (chapter 08 trains what the miniprojects load).
    model_cache = tempfile.TemporaryDirectory(prefix="benchmark-models-")
    os.environ["AUTOENCODER_COURSE_CACHE"] = model_cache.name
    only = [s.strip() for s in args.only.split(",") if s.strip()] if args.only else None
    load = LoadWatch()
    results = dict(
        schema=1,
        date=environment.now(),
        machine=environment.machine(),
        data=environment.data_info(mnist),
        versions=environment.versions(),
        backend=os.environ.get("KERAS_BACKEND", "tensorflow"),
        device="GPU" if environment.gpus() else "CPU",
        options=dict(only=only, quick=args.quick, homework=not args.no_homework),
        notebooks=[],
        total=None,
        book=None,
        side_by_side=None,
        scale=None,
        scripts={},
    )

    if not args.skip_notebooks:
        notebooks = find_notebooks(ROOT / "chapters", only, include_homework=not args.no_homework)
        print(f"running {len(notebooks)} notebooks, each in a fresh kernel ...", flush=True)
        for path in notebooks:
            homework = path.parent.name == "homework"
            saved = RUNS / path.relative_to(ROOT / "chapters")
            entry = execute_notebook(path, timeout=args.cell_timeout, allow_errors=homework, save_to=saved)
            load.sample()
            results["notebooks"].append(entry)
            print(
                f"  {entry['notebook']:<44} {entry['status']:>6} {entry['seconds']:>8.1f} s "
                f"{entry['peak_mib']:>8.0f} MiB  {len(entry['metrics'])} glued",
                flush=True,
            )
        entries = results["notebooks"]
        results["total"] = dict(
            n_notebooks=len(entries),
            seconds=round(sum(e["seconds"] for e in entries), 1),
            peak_mib=max((e["peak_mib"] for e in entries), default=0.0),
            failed=sum(e["status"] != "ok" for e in entries),
        )

    if not args.skip_notebooks and not only and not args.skip_book:
        print("the whole book, as make serve executes it (make execute) ...", flush=True)
        results["book"] = run_book(args.script_timeout)
        load.sample()
        print(f"  {results['book']['status']}: {results['book']['seconds']} s wall", flush=True)

    if not args.skip_side_by_side:
        print("side by side with the original lecture's settings ...", flush=True)
        results["side_by_side"], results["scripts"]["side_by_side"] = run_script(
            "side_by_side",
            [] if args.side_by_side == "both" else ["--only", args.side_by_side],
            args.quick,
            args.script_timeout,
        )
        load.sample()
    if not args.skip_scale:
        print("time per epoch at 60,000 images ...", flush=True)
        results["scale"], results["scripts"]["scale"] = run_script("scale", [], args.quick, args.script_timeout)
    for part in (results["side_by_side"], results["scale"]):
        if part:  # the backend and device the models actually trained on
            results["backend"], results["device"] = part["backend"], part["device"]
    results["load_average"] = load.summary()
    model_cache.cleanup()

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(f"\nwrote {output}\n")
    print(render_summary(results))
    if not args.no_page and output.resolve() in (RESULTS.resolve(), GPU_RESULTS.resolve()) and RESULTS.is_file():
        REPORT.write_text(report_from_files())
        print(f"\nwrote {REPORT.relative_to(ROOT)}")
    failed = (results["total"] or {}).get("failed", 0) + sum(t["status"] != "ok" for t in results["scripts"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

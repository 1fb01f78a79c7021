"""Copy the stage times of a `make test` run (``_build/test-times.tsv``, written by scripts/timed.sh) into
``benchmarks/results.json`` under ``make_test``, and re-render the page.

``python -m benchmarks.record_make_test fresh  [--times FILE]``   a run on a fresh clone (set-up included)
``python -m benchmarks.record_make_test second [--times FILE]``   ``make test`` again with nothing changed
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from . import render

STAGES = ("setup", "unit", "notebooks", "unit+notebooks", "build", "site")
# The stages one after the other (unit and notebooks run side by side inside "unit+notebooks").
SEQUENTIAL = ("setup", "unit+notebooks", "build", "site")


def read_times(path) -> dict:
    """``{stage: seconds}`` from a times file; refuses a run with a failed stage or a missing one."""
    times = {}
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        stage, seconds, status = line.split("\t")
        if status != "0":
            raise SystemExit(f"{path}:{number}: stage {stage!r} failed (exit {status}): record only a passing run")
        times[stage] = float(seconds)
    missing = [s for s in SEQUENTIAL if s not in times]
    if missing:
        raise SystemExit(f"{path}: no time for {', '.join(missing)}: record the file a whole `make test` wrote")
    times["total"] = round(sum(times[s] for s in SEQUENTIAL), 1)
    return {s: times[s] for s in (*STAGES, "total") if s in times}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", choices=["fresh", "second"])
    parser.add_argument("--times", default=str(render.ROOT / "_build" / "test-times.tsv"))
    parser.add_argument("--results", default=str(render.RESULTS))
    args = parser.parse_args(argv)
    results = render.load(args.results)
    entry = read_times(args.times)
    entry["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(Path(args.times).stat().st_mtime))
    entry["machine"] = f"{platform.machine()}, {(results.get('machine') or {}).get('logical_cores', '?')} cores"
    results.setdefault("make_test", {})[args.run] = entry
    # indent=1, as benchmarks.run writes the file, so a record changes only its own lines
    Path(args.results).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(f"recorded the {args.run} make test ({entry['total']:.0f} s) in {args.results}")
    return render.main(["--results", args.results])


if __name__ == "__main__":
    sys.exit(main())

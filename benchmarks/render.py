"""Render ``benchmarks/results.json`` (and ``benchmarks/results-gpu.json`` when present) as the benchmark's
report, ``benchmarks/report.md``, and as a plain-text summary for the terminal.  It writes nothing into the
book: the reader page ``expected_results.md`` is written by hand and glues its numbers from the chapters.

``python -m benchmarks.render``            write the report
``python -m benchmarks.render --check``    exit 1 when the report is not what the results give

The report depends only on the results files (no clock, no machine state), so the same results always
give the same report; ``tests/unit/test_benchmarks_report.py`` checks that the committed one is current.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.json"
GPU_RESULTS = ROOT / "benchmarks" / "results-gpu.json"
REPORT = ROOT / "benchmarks" / "report.md"


def fmt(value, digits=3):
    """A number for a table: ints with thousands separators, floats with up to ``digits`` significant
    decimals (no trailing zeros), None as an em dash, strings as they are (``|`` escaped)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value != value:  # NaN
            return "nan"
        text = f"{value:,.{digits}f}".rstrip("0").rstrip(".") if abs(value) >= 1 else f"{value:.{digits}g}"
        return text
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(header, rows):
    """A Markdown table; ``rows`` are lists of already formatted cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def metrics_text(metrics, limit=16):
    """``name = value`` pairs of a notebook's glued values, numbers first, at most ``limit`` shown."""
    if not metrics:
        return "(none glued)"
    items = sorted(metrics.items(), key=lambda kv: (not isinstance(kv[1], (int, float)), kv[0]))
    shown = [f"{name} = {fmt(value)}" for name, value in items[:limit]]
    if len(items) > limit:
        shown.append(f"… {len(items) - limit} more")
    return "; ".join(shown)


def _ratio(a, b):
    return None if not a or b is None else b / a


def _header(results, title):
    machine = results.get("machine", {})
    data = results.get("data", {})
    versions = ", ".join(f"{k} {v}" for k, v in sorted((results.get("versions") or {}).items()))
    gpus = "; ".join(machine.get("gpus") or []) or "none"
    load = results.get("load_average") or {}
    lines = [
        f"- **Run**: {results.get('date', '?')}, Keras backend `{results.get('backend', '?')}` on "
        f"{results.get('device', '?')}"
        + (
            " — *quick mode: plumbing check, numbers meaningless*"
            if (results.get("options") or {}).get("quick")
            else ""
        ),
        f"- **Machine**: {machine.get('cpu', '?')}, {machine.get('logical_cores', '?')} logical cores, "
        f"{fmt(machine.get('ram_gib'))} GiB RAM; GPU: {gpus}",
        f"- **Load average** (1 min) at start / end / highest seen: {fmt(load.get('start'))} / "
        f"{fmt(load.get('end'))} / {fmt(load.get('max'))}",
        f"- **Data**: `{data.get('path')}`"
        + (f" (sha256 `{data['sha256'][:16]}…`)" if data.get("sha256") else "")
        + (f" — {data['note']}" if data.get("note") else ""),
        f"- **Versions**: {versions}",
    ]
    return f"### {title}\n\n" + "\n".join(lines)


def _status(entry):
    """ "ok", "error", or "ok (N cell errors allowed)" for homework notebooks run past their exercise cells."""
    errors = entry.get("errors") or []
    if entry["status"] == "ok" and errors:
        return f"ok ({len(errors)} exercise-cell errors allowed)"
    if entry["status"] != "ok" and errors:
        return f"{entry['status']}: {fmt(errors[0]['error'][:120])}"
    return entry["status"]


def _notebook_section(results):
    notebooks = results.get("notebooks") or []
    if not notebooks:
        return "No notebooks were run."
    rows = [
        [f"`{e['notebook']}`", _status(e), fmt(e["seconds"]), fmt(e["peak_mib"]), metrics_text(e.get("metrics"))]
        for e in notebooks
    ]
    total = results.get("total", {})
    rows.append(
        [
            "**total**",
            f"{total.get('failed', 0)} failed",
            fmt(total.get("seconds")),
            fmt(total.get("peak_mib")) + " (max)",
            "",
        ]
    )
    text = table(["notebook", "status", "seconds", "peak MiB", "key metrics (glued values)"], rows)
    book = results.get("book")
    if book:
        text += (
            f"\n\nThe total above runs the notebooks one after the other. `make serve` on a fresh machine executes "
            f"them {book['jobs']} at a time (`make execute`: jupyter-cache's parallel executor): the whole course took "
            f"**{fmt(book['seconds'])} s** of wall time that way in this run (peak memory "
            f"{fmt(round(book['peak_mib']))} MiB)"
            + ("." if book["status"] == "ok" else f"; it did not finish: {fmt(book['status'])}.")
        )
    return text


def _side_section(results):
    side = results.get("side_by_side")
    if not side:
        return "Not run."
    parts = []
    dense = side.get("dense")
    if dense:
        src, crs = dense["source"], dense["course"]
        rows = []
        for label, r in (("original lecture", src), ("course", crs)):
            s = r["settings"]
            sigma = s.get("train_sigma")
            sigma = f"{fmt(sigma[0])}–{fmt(sigma[1])} per image" if isinstance(sigma, (list, tuple)) else fmt(sigma)
            copies = f" × {s['copies']}" if s.get("copies") else ""
            train = f"σ {sigma}, {s.get('scheme')}{copies}, {s.get('epochs')} epochs, batch {s.get('batch_size')}"
            rows.append(
                [
                    label,
                    train,
                    fmt(r["n_train_pairs"]),
                    fmt(r["train_seconds"]),
                    fmt(r["psnr"]["0.2"]["psnr_noisy"]),
                    fmt(r["psnr"]["0.2"]["psnr_denoised"]),
                    fmt(r["psnr"]["0.2"]["gain_db"]),
                    fmt(r["psnr"]["0.1"]["psnr_denoised"]),
                ]
            )
        parts.append(
            f"**Dense denoiser**, {dense['data']}; test noise σ = 0.2 (and 0.1):\n\n"
            + table(
                [
                    "model",
                    "training",
                    "pairs",
                    "train s",
                    "noisy dB",
                    "denoised dB (σ 0.2)",
                    "gain dB",
                    "denoised dB (σ 0.1)",
                ],
                rows,
            )
        )
        time_ratio = _ratio(src["train_seconds"], crs["train_seconds"])
        quality = crs["psnr"]["0.2"]["psnr_denoised"] - src["psnr"]["0.2"]["psnr_denoised"]
        parts.append(
            f"Course / original: training time × {fmt(time_ratio)}, PSNR at σ 0.2 × "
            f"{fmt(_ratio(src['psnr']['0.2']['psnr_denoised'], crs['psnr']['0.2']['psnr_denoised']))} "
            f"({quality:+.2f} dB). Course settings: {crs['settings'].get('origin', '?')}."
        )
    conv = side.get("conv")
    if conv:
        src, crs, full = conv["source"], conv["course"], conv["source_full_epoch"]
        rows = [
            [
                label,
                f"{r['settings'].get('epochs')} epochs, batch {r['settings'].get('batch_size')}"
                + (f", {r['settings']['copies']} noisy copies" if r["settings"].get("copies") else "")
                + (
                    f", learning rate {fmt(r['settings']['learning_rate'])}"
                    if r["settings"].get("learning_rate")
                    else ""
                ),
                fmt(r["n_train_pairs"]),
                fmt(r["train_seconds"]),
                fmt(r["psnr"]["0.5"]["psnr_noisy"]),
                fmt(r["psnr"]["0.5"]["psnr_pca"]),
                fmt(r["psnr"]["0.5"]["psnr_denoised"]),
            ]
            for label, r in (("original lecture (32-64-128, pool/upsample)", src), ("course", crs))
        ]
        if full.get("psnr"):
            p = full["psnr"]["0.5"]
            rows.insert(
                1,
                [
                    f"original lecture, one epoch of {fmt(full['n_images'])} (subset repeated)",
                    f"1 epoch, batch {full['batch_size']}",
                    fmt(full["n_images"]),
                    fmt(full["seconds"]),
                    fmt(p["psnr_noisy"]),
                    fmt(p["psnr_pca"]),
                    fmt(p["psnr_denoised"]),
                ],
            )
        parts.append(
            f"**Convolutional denoiser**, {conv['data']}; noise σ = 0.5:\n\n"
            + table(["model", "training", "pairs", "train s", "noisy dB", "PCA-32 dB", "denoised dB"], rows)
        )
        parts.append(
            f"Course / original: training time × {fmt(_ratio(src['train_seconds'], crs['train_seconds']))}, PSNR × "
            f"{fmt(_ratio(src['psnr']['0.5']['psnr_denoised'], crs['psnr']['0.5']['psnr_denoised']))} "
            f"({crs['psnr']['0.5']['psnr_denoised'] - src['psnr']['0.5']['psnr_denoised']:+.2f} dB). "
            f"The original lecture's budget, one epoch of its model over {fmt(full['n_images'])} images (batch "
            f"{full['batch_size']}): **{fmt(full['seconds'])} s**. Course settings: "
            f"{fmt(crs['settings'].get('origin', '?'))}."
        )
    return "\n\n".join(parts)


def _scale_section(results):
    scale = results.get("scale")
    if not scale:
        return "Not run."
    rows = [
        [name, fmt(m.get("batch_size")), fmt(m.get("n_images")), fmt(m.get("seconds_per_epoch"))]
        for name, m in scale["models"].items()
    ]
    conv = (results.get("side_by_side") or {}).get("conv")
    if conv:
        full = conv["source_full_epoch"]
        rows.append(
            ["conv denoiser (original lecture)", fmt(full["batch_size"]), fmt(full["n_images"]), fmt(full["seconds"])]
        )
    return table(["model", "batch", "images", "seconds per epoch"], rows)


def _results_sections(results, where):
    return "\n\n".join(
        [
            _header(results, f"The run ({where})"),
            f"#### Every notebook, run in a fresh kernel ({where})",
            _notebook_section(results),
            f"#### Side by side with the original lecture's settings ({where})",
            _side_section(results),
            f"#### Time per epoch with 60,000 training images ({where})",
            _scale_section(results),
        ]
    )


def render_report(results, gpu_results=None):
    """The Markdown of the benchmark's report for a results dict (and a GPU one)."""
    intro = (
        "# Benchmark report\n\n"
        "Written by `python -m benchmarks.render` from `results.json` (and `results-gpu.json`); not a page of the "
        "book (the reader's page is `expected_results.md`). Every notebook was executed top to bottom in a fresh "
        "kernel; the original lecture's two denoisers were re-trained with its own settings on the same data in "
        "the same run, beside the course's. Times on a busy machine are upper bounds.\n\n"
        "**How it is measured.** Seconds: wall time from kernel start to the last cell. Peak memory: the largest "
        "sum of resident memory (RSS) of the kernel and its child processes, polled every 0.1 s with psutil. "
        "Glued values: what each chapter glues into its text. Quality: mean PSNR in dB against the clean test "
        'images. "Time per epoch with 60,000 images" repeats the MNIST subset to 60,000 rows when full MNIST '
        "cannot be downloaded: it measures time only, and includes Keras's one-off compilation.\n\n"
        "**Reproduce**: `AUTOENCODER_COURSE_MNIST=../shared/data/mnist-subset.npz .venv/bin/python -m "
        "benchmarks.run` (about 20 minutes on two quiet cores)."
    )
    parts = [intro, "## On the CPU", _results_sections(results, "CPU")]
    if gpu_results:
        parts += ["## On a GPU", _results_sections(gpu_results, "GPU")]
    return "\n\n".join(parts) + "\n"


def render_summary(results):
    """A plain-text table for the terminal: notebooks, side by side, scale, targets."""
    lines = [f"{'notebook':<44}{'status':>8}{'seconds':>10}{'peak MiB':>10}  glued"]
    for e in results.get("notebooks") or []:
        lines.append(
            f"{e['notebook']:<44}{e['status']:>8}{e['seconds']:>10.1f}{e['peak_mib']:>10.0f}  "
            f"{len(e.get('metrics') or {})}"
        )
    if results.get("notebooks"):
        total = results["total"]
        lines.append(f"{'TOTAL':<44}{total['failed']:>7}F{total['seconds']:>10.1f}{total['peak_mib']:>10.0f}")
    side = results.get("side_by_side") or {}
    for kind, sigma in (("dense", "0.2"), ("conv", "0.5")):
        if side.get(kind):
            for who in ("source", "course"):
                r = side[kind][who]
                p = r["psnr"][sigma]
                lines.append(
                    f"{kind} {who:<7} train {r['train_seconds']:>7.1f} s   σ={sigma}: noisy "
                    f"{p['psnr_noisy']:.2f}  denoised {p['psnr_denoised']:.2f} dB"
                )
    if side.get("conv"):
        lines.append(
            f"source conv, one epoch over {side['conv']['source_full_epoch']['n_images']:,} images: "
            f"{side['conv']['source_full_epoch']['seconds']:.1f} s"
        )
    for name, m in ((results.get("scale") or {}).get("models") or {}).items():
        lines.append(f"scale: {name:<28} {m['seconds_per_epoch']:>7.1f} s per epoch of {m['n_images']:,}")
    return "\n".join(lines)


def load(path):
    with open(path) as handle:
        return json.load(handle)


def report_from_files(results_path=RESULTS, gpu_path=GPU_RESULTS):
    """The report for the results files on disk (the GPU file is optional)."""
    gpu = load(gpu_path) if Path(gpu_path).is_file() else None
    return render_report(load(results_path), gpu)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Render the benchmark results as benchmarks/report.md.")
    parser.add_argument("--results", default=str(RESULTS))
    parser.add_argument("--gpu-results", default=str(GPU_RESULTS))
    parser.add_argument("--report", default=str(REPORT))
    parser.add_argument("--check", action="store_true", help="only check that the report is current")
    args = parser.parse_args(argv)
    report, text = Path(args.report), report_from_files(args.results, args.gpu_results)
    current = report.is_file() and report.read_text() == text
    if args.check:
        print("the report is current" if current else f"stale: {report}: run python -m benchmarks.render")
        return 0 if current else 1
    if not current:
        report.write_text(text)
        print(f"wrote {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark's parsing and rendering logic (benchmarks/), and that its committed report is current.

No timing is asserted anywhere: the benchmark measures, it does not judge.
"""

import copy
import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks import render  # noqa: E402
from benchmarks.notebooks import find_notebooks, glued_values, parse_glue_text  # noqa: E402
from benchmarks.side_by_side import repeat_to  # noqa: E402


def test_committed_report_is_current():
    assert render.RESULTS.is_file(), "benchmarks/results.json is missing: run python -m benchmarks.run"
    assert render.REPORT.read_text() == render.report_from_files(), (
        "benchmarks/report.md is stale: run .venv/bin/python -m benchmarks.render"
    )


def test_nothing_the_benchmark_writes_is_a_page_of_the_book():
    toc = (ROOT / "_toc.yml").read_text()
    assert "benchmarks/" not in toc and "benchmarks" in (ROOT / "_config.yml").read_text()  # excluded from the build


# ---- glued values --------------------------------------------------------------------------------


def _glue_output(name, text, prefix="application/papermill.record/"):
    return nbformat.v4.new_output(
        "display_data",
        data={prefix + "text/plain": text},
        metadata={"scrapbook": {"name": name, "mime_prefix": prefix}},
    )


def fake_executed_notebook():
    nb = nbformat.v4.new_notebook()
    plain = nbformat.v4.new_code_cell("print('hi')")
    plain.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="hi\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "0.5"}),
    ]  # not glued
    glued = nbformat.v4.new_code_cell("glue(...)")
    glued.outputs = [
        _glue_output("gain", "'3.4'"),
        _glue_output("loss", "np.float64(0.0712)"),
        _glue_output("seeds", "7"),
        _glue_output("label", "'sigmoid, std 1/√n'"),
        _glue_output("shown", "12.5", prefix=""),
        _glue_output("params", "'222,384'"),
    ]
    again = nbformat.v4.new_code_cell("glue('gain', 3.9)")
    again.outputs = [_glue_output("gain", "3.9")]
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), plain, glued, again]
    return nb


def test_glued_values_reads_every_glue_and_only_glues():
    values = glued_values(fake_executed_notebook())
    assert values == {
        "gain": 3.9,
        "loss": 0.0712,
        "seeds": 7,
        "label": "sigmoid, std 1/√n",
        "shown": 12.5,
        "params": 222384,
    }


def test_glued_values_of_a_notebook_without_outputs_is_empty():
    nb = fake_executed_notebook()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    assert glued_values(nb) == {}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("'0.25'", 0.25),
        ("0.25", 0.25),
        ("np.float64(-1.5)", -1.5),
        ("'+1.2'", 1.2),
        ("'\u22120.3'", -0.3),
        ("3", 3),
        ("'1e-3'", 0.001),
        ("'nan dB'", "nan dB"),
        ("array([1, 2])", "array([1, 2])"),
        ("True", True),
    ],
)
def test_parse_glue_text(text, expected):
    assert parse_glue_text(text) == expected


def test_parse_glue_text_refuses_non_strings():
    with pytest.raises(TypeError):
        parse_glue_text(0.5)


# ---- finding notebooks and settings --------------------------------------------------------------


def test_find_notebooks_order_and_selection(tmp_path):
    for name in ("03_b.ipynb", "01_a.ipynb", "notes.ipynb", "homework/hw.ipynb", "10_c.ipynb"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("{}")
    names = [p.relative_to(tmp_path).as_posix() for p in find_notebooks(tmp_path)]
    assert names == ["01_a.ipynb", "03_b.ipynb", "10_c.ipynb", "homework/hw.ipynb"]
    assert [p.name for p in find_notebooks(tmp_path, ["10", "01"])] == ["01_a.ipynb", "10_c.ipynb"]
    assert [p.name for p in find_notebooks(tmp_path, ["homework/"])] == ["hw.ipynb"]
    assert len(find_notebooks(tmp_path, include_homework=False)) == 3
    with pytest.raises(ValueError, match="99"):
        find_notebooks(tmp_path, ["99"])
    with pytest.raises(ValueError):
        find_notebooks(tmp_path / "missing")


def test_repeat_to():
    import numpy as np

    images = np.arange(6).reshape(3, 2)
    big = repeat_to(images, 7)
    assert big.shape == (7, 2) and np.array_equal(big[3:6], images) and np.array_equal(big[6], images[0])
    with pytest.raises(ValueError):
        repeat_to(images, 0)


# ---- rendering -----------------------------------------------------------------------


def _psnr(noisy, denoised, pca=14.0):
    return {"psnr_noisy": noisy, "psnr_denoised": denoised, "psnr_pca": pca, "gain_db": denoised - noisy}


def fake_results():
    conv_settings = {"epochs": 1, "batch_size": 128}
    return {
        "schema": 1,
        "date": "2026-11-27 09:00 UTC",
        "backend": "tensorflow",
        "device": "CPU",
        "machine": {"cpu": "Test CPU", "logical_cores": 2, "physical_cores": 1, "ram_gib": 8.0, "gpus": []},
        "data": {"path": "mnist-subset.npz", "sha256": "ab" * 32, "bytes": 1},
        "versions": {"keras": "3.15.1"},
        "options": {"only": None, "quick": False},
        "load_average": {"start": 0.5, "end": 0.7, "max": 1.0},
        "notebooks": [
            {
                "notebook": "01_a.ipynb",
                "status": "ok",
                "seconds": 50.0,
                "peak_mib": 900.0,
                "metrics": {"mse_ratio": 1.004, "note": "x|y"},
                "errors": [],
            },
            {
                "notebook": "07_conv.ipynb",
                "status": "ok",
                "seconds": 120.0,
                "peak_mib": 1500.0,
                "metrics": {"psnr_net": 19.6, "train_seconds": 60.0},
                "errors": [],
            },
            {
                "notebook": "homework/hw.ipynb",
                "status": "ok",
                "seconds": 5.0,
                "peak_mib": 300.0,
                "metrics": {},
                "errors": [{"cell": 5, "error": "TypeError: ..."}],
            },
        ],
        "total": {"n_notebooks": 3, "seconds": 175.0, "peak_mib": 1500.0, "failed": 0},
        "side_by_side": {
            "dense": {
                "data": "digits 0/1",
                "source": {
                    "settings": {"epochs": 50, "batch_size": 256, "train_sigma": 0.1, "scheme": "input_equals_target"},
                    "n_train_pairs": 3356,
                    "train_seconds": 20.0,
                    "psnr": {"0.1": _psnr(22.7, 21.0), "0.2": _psnr(16.8, 16.5)},
                },
                "course": {
                    "settings": {
                        "epochs": 20,
                        "batch_size": 64,
                        "train_sigma": [0.0, 0.3],
                        "scheme": "noisy_to_clean",
                        "origin": "03: COURSE_DENOISER",
                    },
                    "n_train_pairs": 6040,
                    "train_seconds": 40.0,
                    "psnr": {"0.1": _psnr(22.7, 24.0), "0.2": _psnr(16.8, 21.3)},
                },
            },
            "conv": {
                "data": "all digits",
                "sigma": 0.5,
                "source": {
                    "settings": conv_settings,
                    "n_train_pairs": 8000,
                    "train_seconds": 10.0,
                    "psnr": {"0.5": _psnr(9.4, 16.0, 14.9)},
                },
                "course": {
                    "settings": {**conv_settings, "origin": "07: CONV_DENOISER"},
                    "n_train_pairs": 8000,
                    "train_seconds": 30.0,
                    "psnr": {"0.5": _psnr(9.4, 18.5, 14.9)},
                },
                "source_full_epoch": {
                    "n_images": 60000,
                    "batch_size": 128,
                    "seconds": 75.0,
                    "psnr": {"0.5": _psnr(9.4, 17.25, 14.9)},
                },
            },
        },
        "scale": {
            "models": {"dense denoiser (course)": {"batch_size": 64, "n_images": 60000, "seconds_per_epoch": 8.0}}
        },
    }


def test_render_report_shows_every_part():
    page = render.render_report(fake_results())
    assert page.startswith("# Benchmark report\n")
    assert "| `01_a.ipynb` | ok | 50 | 900 | mse_ratio = 1.004; note = x\\|y |" in page
    assert "ok (1 exercise-cell errors allowed)" in page
    assert "| dense denoiser (course) | 64 | 60,000 | 8 |" in page
    assert "**75 s**" in page and "training time × 2" in page  # course / source dense: 40 s / 20 s
    assert "## On a GPU" not in page
    assert (
        "| original lecture, one epoch of 60,000 (subset repeated) | 1 epoch, batch 128 | 60,000 | 75 | 9.4 | 14.9 | 17.25 |"
        in page
    )
    assert "make serve" not in page  # no book run recorded: no sentence about it
    with_book = fake_results()
    with_book["book"] = {"jobs": 2, "status": "ok", "seconds": 131.5, "peak_mib": 2400.0}
    with_book["side_by_side"]["conv"]["course"]["settings"]["learning_rate"] = 0.002
    page = render.render_report(with_book)
    assert (
        "executes them 2 at a time" in page
        and "took **131.5 s** of wall time that way in this run (peak memory 2,400 MiB)." in page
    )
    with_book["book"]["status"] = "error (exit 1)"
    assert "(peak memory 2,400 MiB); it did not finish: error (exit 1)." in render.render_report(with_book)
    page = render.render_report(
        {**with_book, "book": {"jobs": 2, "status": "ok", "seconds": 131.5, "peak_mib": 2400.0}}
    )
    assert "| course | 1 epochs, batch 128, learning rate 0.002 | 8,000 |" in page
    gpu = copy.deepcopy(fake_results())
    gpu["backend"] = "jax"
    both = render.render_report(fake_results(), gpu)
    assert (
        "## On a GPU" in both
        and "Keras backend `jax`" in both
        and "#### Every notebook, run in a fresh kernel (GPU)" in both
    )


def test_render_is_deterministic_and_reads_files(tmp_path):
    results = tmp_path / "results.json"
    results.write_text(json.dumps(fake_results()))
    first = render.report_from_files(results, tmp_path / "no-gpu.json")
    assert first == render.report_from_files(results, tmp_path / "no-gpu.json")
    page = tmp_path / "report.md"
    args = ["--results", str(results), "--gpu-results", str(tmp_path / "none.json"), "--report", str(page)]
    assert render.main(args + ["--check"]) == 1  # no page yet
    assert render.main(args) == 0 and page.read_text() == first
    assert render.main(args + ["--check"]) == 0


def test_summary_lists_notebooks():
    text = render.render_summary(fake_results())
    assert "01_a.ipynb" in text and "TOTAL" in text
    assert "source conv, one epoch over 60,000 images: 75.0 s" in text


@pytest.mark.parametrize(
    "value, text",
    [
        (None, "—"),
        (1234, "1,234"),
        (3.14159, "3.142"),
        (2.0, "2"),
        (0.000123456, "0.000123"),
        ("a|b", "a\\|b"),
        (True, "yes"),
    ],
)
def test_fmt(value, text):
    assert render.fmt(value) == text


def test_proc_fallback_sums_descendants(tmp_path):
    """The /proc reader used where psutil is missing: children and grandchildren count, others do not."""
    import os

    from benchmarks.notebooks import descendants_rss_from_proc

    page = os.sysconf("SC_PAGE_SIZE")
    for pid, ppid, pages in ((10, 1, 5), (11, 10, 100), (12, 11, 20), (13, 1, 999)):
        (tmp_path / str(pid)).mkdir()
        fields = ["S", str(ppid)] + ["0"] * 19 + [str(pages)] + ["0"] * 10
        (tmp_path / str(pid) / "stat").write_text(f"{pid} (py thon) " + " ".join(fields) + "\n")
    (tmp_path / "self").mkdir()
    assert descendants_rss_from_proc(10, tmp_path) == 120 * page
    assert descendants_rss_from_proc(12, tmp_path) == 0


@pytest.mark.parametrize("module", ["side_by_side.py", "scale.py"])
def test_benchmarks_import_settings_instead_of_reading_notebooks(module):
    """Models and settings come from the generated lesson modules; no benchmark parses notebook source."""
    text = (ROOT / "benchmarks" / module).read_text()
    assert "nbformat" not in text and "import ast" not in text and ".ipynb" not in text

"""The homework tooling itself (homework/tool.py): master validation, and offline grading.

Grading is tested on the example homework ``noise_psnr_warmup`` with a solved, a blank, a half-done
and a broken submission.  Per-master checks (current files, feedback) are in test_homework_masters.py.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import re
from pathlib import Path

import nbformat
import pytest

from homework import tool as homework

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "noise_psnr_warmup"


def write_master(folder: Path, name: str, cells) -> Path:
    nb = nbformat.v4.new_notebook(cells=cells)
    path = folder / "homework" / "masters" / f"{name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_read_master_refuses_what_the_generator_cannot_use(tmp_path):
    code, raw = nbformat.v4.new_code_cell, nbformat.v4.new_raw_cell
    with pytest.raises(homework.HomeworkError, match="lower_snake_case"):
        homework.read_master(write_master(tmp_path, "Bad-Name", [code("x = 1")]))
    with pytest.raises(homework.HomeworkError, match='grader = Grader\\("hw"\\)'):
        homework.read_master(write_master(tmp_path, "hw", [code("x = 1")]))
    with pytest.raises(homework.HomeworkError, match="found \\['other'\\]"):
        homework.read_master(write_master(tmp_path, "hw", [code('grader = Grader("other")')]))
    wrong = code("x = 2", metadata={"tags": ["wrong-answer"]})
    with pytest.raises(homework.HomeworkError, match="# expect:"):
        homework.read_master(write_master(tmp_path, "hw", [code('grader = Grader("hw")'), wrong]))
    good = write_master(
        tmp_path,
        "hw",
        [
            code('grader = Grader("hw")'),
            raw("# BEGIN SOLUTION"),
            code("x = 1"),
            raw("# END SOLUTION"),
            code("# expect: x\nx = 2", metadata={"tags": ["wrong-answer"]}),
        ],
    )
    cells = homework.solution_cells(homework.read_master(good))
    assert cells == [{"question": None, "source": "x = 1", "wrong": [("x", "# expect: x\nx = 2")]}]


def test_generate_refuses_an_unknown_master(tmp_path):
    (tmp_path / "homework" / "masters").mkdir(parents=True)
    with pytest.raises(homework.HomeworkError, match="No master notebook"):
        homework.generate("missing", root=tmp_path)


def test_generate_refuses_a_solution_statement_spread_over_lines(tmp_path):
    """otter replaces only the line that carries the marker: a wrapped statement would leave a syntax error."""
    import copy

    import nbformat as nbf

    master = nbf.read(ROOT / "homework" / "masters" / f"{EXAMPLE}.ipynb", as_version=4)
    broken = copy.deepcopy(master)
    cell = next(c for c in broken.cells if c.cell_type == "code" and "# SOLUTION" in c.source)
    cell.source = "value = max(\n    1,\n    2,\n)  # SOLUTION\n" + cell.source
    target = tmp_path / "homework" / "masters" / f"{EXAMPLE}.ipynb"
    target.parent.mkdir(parents=True)
    nbf.write(broken, target)
    with pytest.raises(homework.HomeworkError, match="not valid Python after the solutions are removed"):
        homework.generate(EXAMPLE, root=tmp_path, student_dir=tmp_path / "student", build_dir=tmp_path / "build")


def test_generate_puts_the_visible_tests_in_the_library_or_beside_a_trial_notebook(tmp_path, example):
    # A trial generation (a student_dir of its own) keeps its tests beside its notebook, where Grader looks first.
    assert example["tests"] == example["student"].parent / "tests" / EXAMPLE
    assert sorted(p.name for p in example["tests"].glob("*.py")) == ["q1.py", "q2.py", "q3.py"]
    # By default: the student notebook into chapters/homework, the visible tests into the library's package data.
    root = tmp_path / "repo"
    (root / "homework" / "masters").mkdir(parents=True)
    (root / "homework" / "masters" / f"{EXAMPLE}.ipynb").write_bytes(
        (ROOT / "homework" / "masters" / f"{EXAMPLE}.ipynb").read_bytes()
    )
    stale = root / homework.PACKAGED_TESTS / "removed_homework"
    stale.mkdir(parents=True)
    paths = homework.generate(EXAMPLE, root=root)
    assert paths["student"] == root / "chapters" / "homework" / f"{EXAMPLE}.ipynb"
    assert paths["tests"] == root / "lib" / "autoencoder_course" / "homework_tests" / EXAMPLE
    assert {p.name: p.read_bytes() for p in paths["tests"].iterdir()} == {
        p.name: p.read_bytes() for p in example["tests"].iterdir()
    }
    assert not (root / "chapters" / "homework" / "tests").exists()
    assert homework.stale_packaged_tests(root) == [stale]
    custom = homework.generate(
        EXAMPLE, root=root, student_dir=tmp_path / "s", tests_root=tmp_path / "t", build_dir=tmp_path / "b"
    )
    assert custom["tests"] == tmp_path / "t" / EXAMPLE and not (tmp_path / "s" / "tests").exists()


def test_silence_expressions_keeps_tests_quiet():
    source = '"""config"""\nmodel.fit(x)\nexpect(ok, "msg")\ny = 1\nprint(y)\n'
    assert (
        homework.silence_expressions(source) == '"""config"""\n_ = model.fit(x)\nexpect(ok, "msg")\ny = 1\nprint(y)\n'
    )
    assert homework.silence_expressions("def broken(:\n") == "def broken(:\n"


def test_cli_reports_errors_without_traceback(capsys):
    assert homework.main(["generate", "no_such_homework"]) == 2
    assert "No master notebook" in capsys.readouterr().err


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example homework generated into a temporary folder (student notebook, tests, bundle)."""
    tmp = tmp_path_factory.mktemp("example")
    return homework.generate(EXAMPLE, root=ROOT, student_dir=tmp / "student", build_dir=tmp / "build")


@pytest.fixture(scope="module")
def submissions(example, tmp_path_factory):
    """Five submissions of the example: solved, blank, half done, not a notebook, hard-coded for the visible checks."""
    student = nbformat.read(example["student"], as_version=4)
    master = homework.read_master(ROOT / "homework" / "masters" / f"{EXAMPLE}.ipynb")
    solutions = homework.solution_cells(master)
    answers = [i for i, c in enumerate(student.cells) if "otter_answer_cell" in c.metadata.get("tags", [])]
    assert len(answers) == len(solutions) == 3

    submissions = tmp_path_factory.mktemp("submissions")
    solved = copy.deepcopy(student)
    for index, solution in zip(answers, solutions):
        solved.cells[index].source = solution["source"]
    nbformat.write(solved, submissions / "a_solved.ipynb")
    nbformat.write(student, submissions / "b_blank.ipynb")
    half = copy.deepcopy(student)
    half.cells[answers[0]].source = solutions[0]["source"]  # q1 right
    half.cells[answers[1]].source = "raise RuntimeError('I gave up here')"  # q2 raises; later cells still run
    nbformat.write(half, submissions / "c_half.ipynb")
    (submissions / "d_broken.ipynb").write_text("{ this is not a notebook")
    hardcoded = copy.deepcopy(solved)  # q2 special-cased for the visible checks only: hidden test catches it
    hardcoded.cells[answers[1]].source = solutions[1]["source"].replace(
        "noise = sigma * rng.standard_normal(np.shape(images))",
        "noise = (0.1 if sigma else 0.0) * rng.standard_normal(np.shape(images))",
    )
    assert hardcoded.cells[answers[1]].source != solutions[1]["source"]
    nbformat.write(hardcoded, submissions / "e_hardcoded.ipynb")

    return submissions


@pytest.fixture(scope="module")
def graded(example, submissions, tmp_path_factory):
    """The submissions graded three at a time: (CSV path, what grade printed)."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        out = homework.grade(
            EXAMPLE,
            submissions,
            out=tmp_path_factory.mktemp("scores") / "scores.csv",
            root=ROOT,
            build_dir=example["bundle"].parent,
            timeout=300,
            jobs=3,
        )
    return out, printed.getvalue()


def test_grade_scores_every_submission_and_never_crashes(example, submissions, graded):
    out, _ = graded
    rows = {row["file"]: row for row in csv.DictReader(out.open())}
    assert list(rows) == ["a_solved.ipynb", "b_blank.ipynb", "c_half.ipynb", "d_broken.ipynb", "e_hardcoded.ipynb"]
    assert list(rows["a_solved.ipynb"]) == ["file", "q1", "q2", "q3", "total", "possible", "note"]
    assert {row["possible"] for row in rows.values()} == {"7"}
    assert float(rows["a_solved.ipynb"]["total"]) == 7.0 and rows["a_solved.ipynb"]["note"] == ""
    assert float(rows["b_blank.ipynb"]["total"]) == 0.0
    half_row = rows["c_half.ipynb"]
    assert (float(half_row["q1"]), float(half_row["q2"]), float(half_row["q3"])) == (2.0, 0.0, 0.0)
    assert "RuntimeError" in half_row["note"]
    assert float(rows["d_broken.ipynb"]["total"]) == 0.0 and "not a readable notebook" in rows["d_broken.ipynb"]["note"]
    hard = rows["e_hardcoded.ipynb"]
    assert 0.0 < float(hard["q2"]) < 3.0 and float(hard["q1"]) == 2.0

    # The autograder bundle also works with otter's own local runner (same doctests, same scores).
    from otter.api import grade_submission

    otter_result = grade_submission(
        str(submissions / "a_solved.ipynb"), str(example["bundle"] / "autograder.zip"), quiet=True
    )
    assert (otter_result.total, otter_result.possible) == (7.0, 7.0)


def test_parallel_and_serial_grading_write_the_same_csv(example, submissions, graded, tmp_path, capsys):
    out, printed = graded
    assert "grading 5 submission(s), 3 at a time" in printed
    finished = re.findall(r"^\[(\d)/5\] (\S+\.ipynb): ", printed, re.MULTILINE)  # one line per finished submission
    assert [n for n, _ in finished] == ["1", "2", "3", "4", "5"]
    assert sorted(name for _, name in finished) == [row["file"] for row in csv.DictReader(out.open())]
    serial = homework.grade(
        EXAMPLE,
        submissions,
        out=tmp_path / "serial.csv",
        root=ROOT,
        build_dir=example["bundle"].parent,
        timeout=300,
        jobs=1,
    )
    assert "at a time" not in capsys.readouterr().out  # one worker: no "N at a time" line
    assert serial.read_bytes() == out.read_bytes()  # same rows, same order, same scores and notes


def test_solutions_book_lists_every_master(tmp_path, example):
    root = tmp_path / "repo"
    (root / "homework" / "masters").mkdir(parents=True)
    (root / "homework" / "masters" / f"{EXAMPLE}.ipynb").write_bytes(
        (ROOT / "homework" / "masters" / f"{EXAMPLE}.ipynb").read_bytes()
    )
    solution = example["bundle"] / "solutions" / f"{EXAMPLE}.ipynb"
    (root / "homework" / "build" / EXAMPLE / "solutions").mkdir(parents=True)
    (root / "homework" / "build" / EXAMPLE / "solutions" / solution.name).write_bytes(solution.read_bytes())
    book = homework.solutions_book(root=root)
    assert (book / "_toc.yml").read_text().endswith(f"chapters:\n  - file: {EXAMPLE}\n")
    text = (book / f"{EXAMPLE}.ipynb").read_text()
    assert "flatten_images(normalize_images(x_test[:100]))" in text  # the solution is there
    assert "BEGIN TESTS" not in text and "wrong-answer" not in text


def test_problems_lists_every_broken_promise():
    good = {
        "blank_errors": [],
        "blank_checks": {"q1": "q1: not yet — x is still the placeholder `...`"},
        "solved_errors": [],
        "solved_checks": {"q1": "q1: passed (2 checks).\n"},
        "all_tests": "q1: passed (3 checks).\n1 of 1 questions pass.\n",
        "wrong": [("q1", "placeholder", "q1: not yet — x is still the placeholder `...`")],
    }
    assert homework.problems(good) == []
    bad = copy.deepcopy(good)
    bad["blank_errors"] = ["cell 3: [NameError: x]"]
    bad["blank_checks"]["q1"] = "q1: passed (2 checks).\n"
    bad["solved_checks"]["q1"] = "q1: not yet — wrong"
    bad["all_tests"] = "q1: not yet — hidden\n"
    bad["wrong"] = [("q1", "shape", "q1: not yet — x is still the placeholder `...`")]
    found = homework.problems(bad)
    assert len(found) == 5 and any("expected 'not yet' and 'shape'" in f for f in found)


def test_master_names_and_grade_refusals(tmp_path):
    assert EXAMPLE in homework.master_names(ROOT)
    with pytest.raises(homework.HomeworkError, match="not a folder"):
        homework.grade(EXAMPLE, tmp_path / "nothing_here", root=ROOT)
    with pytest.raises(homework.HomeworkError, match="at least 1"):
        homework.grade(EXAMPLE, tmp_path, root=ROOT, jobs=0)
    assert homework.default_jobs() >= 1

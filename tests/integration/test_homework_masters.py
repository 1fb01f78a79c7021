"""Every homework master in homework/masters: its generated files are current, and its feedback works.

For each master this regenerates the student notebook and tests into a temporary folder and proves:

* the committed ``chapters/homework/<name>.ipynb`` and ``lib/autoencoder_course/homework_tests/<name>/``
  (the visible tests, shipped with the library) are exactly what the generator writes now (rerun
  ``python -m homework.tool generate <name>``), and the library ships tests of no other homework;
* the blank student notebook runs to the end and every check says "not yet", without a traceback;
* with the master's solutions every check says "passed", hidden tests included;
* every question has typical wrong answers, and each one gets the feedback it names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from homework import tool as homework

ROOT = Path(__file__).resolve().parents[2]
NAMES = homework.master_names(ROOT)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    cache = {}

    def get(name):
        if name not in cache:
            tmp = tmp_path_factory.mktemp(name)
            cache[name] = homework.generate(name, root=ROOT, student_dir=tmp / "student", build_dir=tmp / "build")
        return cache[name]

    return get


def test_there_is_at_least_the_example_master():
    assert "noise_psnr_warmup" in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_committed_student_files_are_current(name, generated):
    paths = generated(name)
    committed = ROOT / "chapters" / "homework" / f"{name}.ipynb"
    hint = f"run: .venv/bin/python -m homework.tool generate {name}"
    assert committed.is_file(), f"{committed} is missing; {hint}"
    assert committed.read_bytes() == paths["student"].read_bytes(), f"{committed} is out of date; {hint}"
    fresh = {p.name: p.read_bytes() for p in paths["tests"].glob("*.py")}
    assert fresh, f"the generator wrote no tests for {name}"
    packaged = ROOT / homework.PACKAGED_TESTS / name
    old = {p.name: p.read_bytes() for p in packaged.iterdir() if p.is_file()} if packaged.is_dir() else {}
    assert old == fresh, f"{packaged.relative_to(ROOT)}/ is out of date; {hint}"


def test_the_library_ships_the_tests_of_every_master_and_nothing_else():
    packaged = ROOT / homework.PACKAGED_TESTS
    shipped = sorted(p.name for p in packaged.iterdir() if p.name != "__pycache__")
    assert shipped == NAMES, "run: .venv/bin/python -m homework.tool generate"
    assert homework.stale_packaged_tests(ROOT) == []
    # One copy of the visible tests: the library's (the student notebooks' former tests/ folder is gone).
    assert not (ROOT / "chapters" / "homework" / "tests").exists()


@pytest.mark.parametrize("name", NAMES)
def test_feedback_blank_solved_and_wrong_answers(name, generated):
    paths = generated(name)
    report = homework.verify(name, student_dir=paths["student"].parent, tests_dir=paths["bundle"] / "tests", root=ROOT)
    assert report["blank_checks"], "the student notebook has no grader.check cells"
    assert set(report["blank_checks"]) == set(report["solved_checks"]) == set(paths["questions"])
    without_wrong = set(paths["questions"]) - {question for question, _, _ in report["wrong"]}
    assert not without_wrong, f"questions without a wrong-answer cell (see homework/README.md): {sorted(without_wrong)}"
    assert homework.problems(report) == []

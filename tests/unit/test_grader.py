"""Unit tests of autoencoder_course.grader: the helpers master tests use, and the student-side Grader."""

from __future__ import annotations

import pprint
from pathlib import Path

import numpy as np
import pytest

from autoencoder_course import grader as grader_module
from autoencoder_course.grader import (
    CheckFailed,
    Grader,
    call,
    expect,
    expect_array,
    expect_close,
    expect_function,
    expect_number,
    load_test_file,
    packaged_tests_dir,
    run_case,
)


def failure(func, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as info:
        func(*args, **kwargs)
    return str(info.value)


# ------------------------------------------------------------------------- expect_array
def test_expect_array_accepts_a_right_answer():
    assert expect_array(np.full((3, 4), 0.5), "x", shape=(3, 4), low=0, high=1, dtype="float") is None
    assert expect_array([[1, 2]], "x", shape=(None, 2), dtype="int") is None


@pytest.mark.parametrize(
    "value, kwargs, words",
    [
        (Ellipsis, {}, "placeholder `...`"),
        (None, {}, "is None"),
        ("text", {}, "array of numbers"),
        (print, {}, "array of numbers"),
        ([[1, 2], [3]], {}, "could not be read"),
        (np.zeros((2, 3)), {"shape": (3, 2)}, "has shape (2, 3); it should have shape (3, 2)"),
        (np.zeros(3), {"shape": (None, 3)}, "shape (any, 3)"),
        (np.array([0.0, np.nan]), {}, "1 NaN or infinite"),
        (np.array([0.0, 200.0]), {"low": 0, "high": 1}, "divide by 255"),
        (np.array([-0.5, 0.5]), {"low": 0, "high": 1}, "[-0.5, 0.5]"),
        (np.array([1, 2]), {"dtype": "float"}, "should hold floats"),
        (np.array([1.0, 2.0]), {"dtype": "int"}, "should hold integers"),
        (np.array(["a", "b"]), {}, "should hold numbers"),
        (np.zeros((0, 3)), {}, "is empty"),
    ],
)
def test_expect_array_names_the_problem(value, kwargs, words):
    message = failure(expect_array, value, "answer", **kwargs)
    assert words in message
    assert message.startswith("answer")


def test_expect_array_refuses_bad_arguments():
    with pytest.raises(TypeError):
        expect_array(np.zeros(2), "")
    with pytest.raises(ValueError):
        expect_array(np.zeros(2), "x", dtype="complex")


# ------------------------------------------------------------------------ expect_number
def test_expect_number():
    assert expect_number(3, "n", low=0, high=5) is None
    assert expect_number(np.float32(2.5), "n") is None
    assert expect_number(np.array([[4.0]]), "n", low=4) is None
    assert "between 5 and 15. in dB" in failure(expect_number, 0.1, "n", low=5, high=15, hint="in dB")
    assert "finite number" in failure(expect_number, float("nan"), "n")
    assert "single number" in failure(expect_number, np.zeros(3), "n")
    assert "bool" in failure(expect_number, True, "n")
    assert "placeholder" in failure(expect_number, ..., "n")


def test_expect_close_numbers_and_arrays():
    assert expect_close(1.0005, 1.0, "v", atol=1e-3) is None
    message = failure(expect_close, 1.5, 1.0, "v", atol=0.1)
    assert "too large by 0.5" in message and "expected" not in message
    assert "expected 1" in failure(expect_close, 0.5, 1.0, "v", atol=0.1, reveal=True)
    assert expect_close(np.ones(3), np.ones(3), "a") is None
    message = failure(expect_close, np.array([1.0, 2.0, 3.5]), np.array([1.0, 2.0, 3.0]), "a", atol=0.1)
    assert "1 of 3 values of a are off" in message and "index (2,)" in message
    assert "shape" in failure(expect_close, np.ones(2), np.ones(3), "a")
    with pytest.raises(ValueError):
        expect_close(1.0, 1.0, "v", atol=-1)


def test_expect_and_expect_function():
    assert expect(True, "fine") is None
    assert failure(expect, False, "what is wrong") == "what is wrong"
    with pytest.raises(TypeError):
        expect(False, "")
    assert expect_function(len, "len") is None
    assert "should be a function" in failure(expect_function, 3, "f")
    assert "placeholder" in failure(expect_function, ..., "f")


def test_call_reports_the_students_exception_without_traceback():
    def broken(x):
        raise ValueError("shapes do not match\nsecond line")

    message = failure(call, broken, 1, name="broken")
    assert message == "calling broken(...) raised ValueError: shapes do not match"

    def placeholder(x): ...

    assert "still `...`" in failure(call, placeholder, 1, name="placeholder")
    assert call(lambda x, y=0: x + y, 1, y=2, name="add") == 3


def test_a_debugging_print_in_the_students_function_does_not_fail_the_check():
    def chatty(x):
        print("debug:", x)
        return x * 2

    namespace = {"chatty": chatty}
    code = ">>> from autoencoder_course.grader import call, expect\n>>> expect(call(chatty, 2, name='chatty') == 4, 'wrong')\n"
    assert run_case(code, namespace) is None


# ------------------------------------------------------------------------------ run_case
def test_run_case_messages():
    namespace = {"x": 3}
    assert run_case(">>> assert x == 3\n", namespace) is None
    assert run_case(">>> assert x == 4, 'x should be 4'\n", namespace) == "x should be 4"
    assert "`y` is not defined yet" in run_case(">>> assert y == 1\n", namespace)
    assert run_case(">>> 1 / 0\n", namespace) == "your code raised ZeroDivisionError: division by zero"
    assert 'something printed "4"' in run_case(">>> x + 1\n", namespace)
    assert run_case(">>> z = x * 2\n", namespace) is None and namespace["z"] == 6  # runs in the notebook's namespace
    assert "no detail" in run_case(">>> assert False\n", namespace)


def write_test(folder, name, cases, points=2):
    test = {
        "name": name,
        "points": points,
        "suites": [
            {
                "cases": [{"code": c, "hidden": False, "locked": False} for c in cases],
                "scored": True,
                "setup": "",
                "teardown": "",
                "type": "doctest",
            }
        ],
    }
    (folder / f"{name}.py").write_text("OK_FORMAT = True\n\ntest = " + pprint.pformat(test) + "\n")


@pytest.fixture
def tests_dir(tmp_path):
    folder = tmp_path / "tests" / "demo"
    folder.mkdir(parents=True)
    write_test(
        folder,
        "q1",
        [
            ">>> from autoencoder_course.grader import expect_array\n>>> expect_array(a, 'a', shape=(2,))\n",
            ">>> from autoencoder_course.grader import expect\n>>> expect(a[0] == 1, 'a[0] should be 1')\n",
        ],
    )
    write_test(folder, "q10", [">>> assert b == 2, 'b should be 2'\n"])
    write_test(folder, "q2", [">>> assert b > 0, 'b should be positive'\n"])
    return folder


def test_grader_check_prints_passed_or_not_yet(tests_dir, capsys):
    grader = Grader("demo", tests_dir=tests_dir)
    assert grader.questions() == ["q1", "q2", "q10"]
    namespace = {"a": ...}
    assert grader.check("q1", namespace) is None
    out = capsys.readouterr().out
    assert out.startswith("q1: not yet") and "placeholder" in out and "0 of 2 checks" in out
    namespace["a"] = np.array([2, 5])
    grader.check("q1", namespace)
    out = capsys.readouterr().out
    assert "a[0] should be 1" in out and "1 of 2 checks" in out
    namespace["a"] = np.array([1, 5])
    grader.check("q1", namespace)
    assert capsys.readouterr().out == "q1: passed (2 checks).\n"
    assert grader.passed("q1", namespace) and not grader.passed("q2", namespace)
    namespace["b"] = 2
    grader.check_all(namespace)
    out = capsys.readouterr().out
    assert "q1: passed" in out and "q2: passed" in out and "3 of 3 questions pass" in out
    assert "Traceback" not in out


def test_grader_unknown_question_and_missing_tests(tests_dir, tmp_path, capsys, monkeypatch):
    Grader("demo", tests_dir=tests_dir).check("q7", {})
    assert "there is no question 'q7'" in capsys.readouterr().out
    monkeypatch.chdir(tmp_path / "tests")
    monkeypatch.delenv("AUTOENCODER_COURSE_HOMEWORK_TESTS", raising=False)
    lost = Grader("nowhere_to_be_found")
    assert lost.tests_dir is None
    lost.check("q1", {})
    out = capsys.readouterr().out
    assert out.startswith("q1: not yet") and "were not found" in out
    lost.check_all({})
    assert "were not found" in capsys.readouterr().out


def test_grader_finds_tests_next_to_the_notebook(tests_dir, monkeypatch):
    monkeypatch.chdir(tests_dir.parent.parent)  # the folder holding tests/demo, like chapters/homework
    assert Grader("demo").tests_dir == tests_dir
    with pytest.raises(TypeError):
        Grader("")


def test_grader_search_order_argument_environment_beside_the_notebook_then_package(tmp_path, monkeypatch):
    name = "noise_psnr_warmup"  # a homework the library ships tests for
    packaged = packaged_tests_dir(name)
    assert packaged is not None and (packaged / "q1.py").is_file()
    assert (
        packaged.parent.parent == Path(grader_module.__file__).resolve().parent
    )  # autoencoder_course/homework_tests/<name>
    assert packaged_tests_dir("no_such_homework") is None
    folders = {}
    for where in ("argument", "environment", "notebook/tests"):
        folders[where] = tmp_path / where / name
        folders[where].mkdir(parents=True)
        write_test(folders[where], "q1", [">>> assert True\n"])
    monkeypatch.delenv(grader_module.TESTS_ENV, raising=False)
    monkeypatch.chdir(tmp_path / "notebook")
    assert Grader(name).tests_dir.resolve() == folders["notebook/tests"].resolve()
    monkeypatch.setenv(grader_module.TESTS_ENV, str(tmp_path / "environment"))
    assert Grader(name).tests_dir == folders["environment"]
    assert Grader(name, tests_dir=folders["argument"]).tests_dir == folders["argument"]
    monkeypatch.setenv(grader_module.TESTS_ENV, str(tmp_path / "empty"))  # no <name>/ there: the next place counts
    assert Grader(name).tests_dir.resolve() == folders["notebook/tests"].resolve()
    monkeypatch.chdir(tmp_path)  # a notebook alone in a folder: the library's own tests
    assert Grader(name).tests_dir == packaged
    assert Grader(name).questions()[:1] == ["q1"]


def test_grader_refuses_bad_names_and_test_folders_in_one_line(tmp_path, capsys):
    for bad in ("../secrets", "a/b", ".hidden", "two words"):
        with pytest.raises(ValueError, match="homework's name") as info:
            Grader(bad)
        assert "\n" not in str(info.value)
    with pytest.raises(TypeError):
        Grader(3)
    with pytest.raises(TypeError, match="tests_dir"):
        Grader("demo", tests_dir=5)
    with pytest.raises(ValueError, match="is not a folder"):
        Grader("demo", tests_dir=tmp_path / "missing")
    (tmp_path / "file.py").write_text("")
    with pytest.raises(ValueError, match="is not a folder"):
        Grader("demo", tests_dir=tmp_path / "file.py")


def test_grader_without_tests_says_how_to_get_them(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(grader_module.TESTS_ENV, raising=False)
    Grader("not_a_course_homework").check("q2", {})
    out = capsys.readouterr().out
    assert out.startswith("q2: not yet") and out.count("\n") == 1
    assert "installed course library" in out and "autoencoder_course" in out and "tests/not_a_course_homework/" in out


def test_grader_uses_the_callers_namespace(tests_dir, capsys):
    globals()["a"] = np.array([1, 2])  # outside IPython the grader reads the calling module's globals
    try:
        Grader("demo", tests_dir=tests_dir).check("q1")
    finally:
        del globals()["a"]
    assert capsys.readouterr().out.startswith("q1: passed")


def test_load_test_file_refuses_other_files(tmp_path):
    bad = tmp_path / "q1.py"
    bad.write_text("x = 1\n")
    with pytest.raises(ValueError):
        load_test_file(bad)
    (tmp_path / "ok").mkdir()
    write_test(tmp_path / "ok", "q1", [">>> assert True\n"], points=3)
    assert load_test_file(tmp_path / "ok" / "q1.py")["points"] == 3

"""Friendly homework checks: test helpers for master notebooks and the student-side ``Grader``.

Used by every homework and miniproject (``homework/masters/*.ipynb``, generated into
``chapters/homework/``; see ``homework/README.md``).

* The ``expect_*`` helpers, ``expect`` and ``call`` are what a master's test cells use.  Each either
  returns ``None`` (passed) or raises :class:`CheckFailed`, an ``AssertionError`` whose message is one
  sentence a student understands (shape, range, NaN, a placeholder left in, a tolerance).  Because they
  raise an ``AssertionError``, otter-grader's doctests score them like any ``assert``.
* :class:`Grader` is the student notebook's ``grader``: ``grader.check("q1")`` runs the test files that
  ``otter assign`` wrote for the question, with the same doctest semantics as the grader, and prints
  "passed" or "not yet" and the first failure's message.  It never raises, never prints a traceback,
  and never writes a file.  The visible tests of every homework ship inside this package
  (``homework_tests/<name>/qN.py``, written by ``python -m homework.tool generate``), so the checks work
  wherever the library is installed: a clone, Binder, a JupyterHub, Colab, a lone notebook.
"""

from __future__ import annotations

import ast
import contextlib
import doctest
import io
import math
import os
import re
import sys
from pathlib import Path

import numpy as np

__all__ = [
    "CheckFailed",
    "Grader",
    "call",
    "expect",
    "expect_array",
    "expect_close",
    "expect_function",
    "expect_number",
    "load_test_file",
    "packaged_tests_dir",
    "run_case",
]

PASSED = "passed"
NOT_YET = "not yet"


class CheckFailed(AssertionError):
    """A homework check failed; the message says what is wrong, for the student."""


# --------------------------------------------------------------------------------------- helpers
def _check_name(name) -> str:
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string naming the answer, got {name!r}.")
    return name


def _describe(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape}"
    return f"a {type(value).__name__}"


def _not_placeholder(value, name: str) -> None:
    if value is Ellipsis:
        raise CheckFailed(f"{name} is still the placeholder `...`: replace it with your answer and run the cell.")
    if value is None:
        raise CheckFailed(f"{name} is None: did your code forget to `return` or assign a result?")


def expect(condition, message: str) -> None:
    """Raise :class:`CheckFailed` with ``message`` unless ``condition`` is true.

    For any property the other helpers do not cover: ``expect(np.all(a >= b), "...")``.
    ``message`` must be a non-empty string saying what is wrong.
    """
    if not isinstance(message, str) or not message:
        raise TypeError("expect needs a message (a non-empty string) saying what is wrong.")
    if not bool(condition):
        raise CheckFailed(message)


def expect_array(value, name: str, *, shape=None, low=None, high=None, dtype=None, finite: bool = True) -> None:
    """Check that ``value`` is a numeric array with the given shape, range and dtype kind.

    ``shape``: a tuple; ``None`` entries match any size.  ``low``/``high``: inclusive bounds on the
    values.  ``dtype``: ``"float"``, ``"int"`` or ``"bool"``.  ``finite``: refuse NaN/inf.  Lists are
    accepted and read as arrays.  Returns ``None``; raises :class:`CheckFailed` with the first problem.
    """
    name = _check_name(name)
    if dtype not in (None, "float", "int", "bool"):
        raise ValueError(f"dtype must be None, 'float', 'int' or 'bool', got {dtype!r}.")
    _not_placeholder(value, name)
    if isinstance(value, (str, bytes, dict)) or callable(value):
        raise CheckFailed(f"{name} should be an array of numbers, but it is {_describe(value)}.")
    try:
        array = np.asarray(value)
    except Exception:
        raise CheckFailed(f"{name} could not be read as an array of numbers (rows of different lengths?).") from None
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise CheckFailed(f"{name} should hold numbers, but it holds {array.dtype} values ({_describe(value)}).")
    if shape is not None:
        wanted = tuple(shape)
        matches = array.ndim == len(wanted) and all(w is None or w == s for w, s in zip(wanted, array.shape))
        if not matches:
            shown = (
                "("
                + ", ".join("any" if w is None else str(w) for w in wanted)
                + ("," if len(wanted) == 1 else "")
                + ")"
            )
            raise CheckFailed(f"{name} has shape {array.shape}; it should have shape {shown}.")
    if array.size == 0:
        raise CheckFailed(f"{name} is empty (shape {array.shape}).")
    if finite and np.issubdtype(array.dtype, np.floating) and not np.all(np.isfinite(array)):
        bad = int(np.sum(~np.isfinite(array)))
        raise CheckFailed(f"{name} contains {bad} NaN or infinite value(s); look for a division by zero or a log of 0.")
    if dtype == "float" and not np.issubdtype(array.dtype, np.floating):
        raise CheckFailed(
            f"{name} should hold floats, but its dtype is {array.dtype}; convert with .astype(np.float32)."
        )
    if dtype == "int" and not np.issubdtype(array.dtype, np.integer):
        raise CheckFailed(f"{name} should hold integers, but its dtype is {array.dtype}.")
    if dtype == "bool" and array.dtype != bool:
        raise CheckFailed(f"{name} should hold True/False values, but its dtype is {array.dtype}.")
    if low is not None or high is not None:
        finite_values = array[np.isfinite(array)] if np.issubdtype(array.dtype, np.floating) else array
        lo, hi = float(np.min(finite_values)), float(np.max(finite_values))
        if (low is not None and lo < low) or (high is not None and hi > high):
            hint = ""
            if high is not None and high <= 1.0 and hi > 1.0 and hi <= 255.0:
                hint = " It looks like raw 0-255 pixels: divide by 255."
            raise CheckFailed(
                f"{name} has values in [{lo:.4g}, {hi:.4g}]; they should lie in "
                f"[{'-inf' if low is None else low}, {'inf' if high is None else high}].{hint}"
            )


def _as_number(value, name: str) -> float:
    _not_placeholder(value, name)
    if isinstance(value, bool):
        raise CheckFailed(f"{name} should be a number, but it is a bool ({value}).")
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if hasattr(value, "numpy") and callable(value.numpy):  # a TensorFlow/Keras scalar tensor
        try:
            return _as_number(np.asarray(value.numpy()), name)
        except CheckFailed:
            raise
        except Exception:
            pass
    if not isinstance(value, (int, float, np.integer, np.floating)):
        raise CheckFailed(f"{name} should be a single number, but it is {_describe(value)}.")
    number = float(value)
    if not math.isfinite(number):
        raise CheckFailed(f"{name} is {number}; it should be a finite number (a division by zero or a log of 0?).")
    return number


def expect_number(value, name: str, *, low=None, high=None, hint: str = "") -> None:
    """Check that ``value`` is one finite number (Python, NumPy or a size-1 array) within ``[low, high]``.

    ``hint`` is appended to the out-of-range message (e.g. "PSNR is in decibels").  Returns ``None``.
    """
    name = _check_name(name)
    number = _as_number(value, name)
    if (low is not None and number < low) or (high is not None and number > high):
        extra = f" {hint}" if hint else ""
        raise CheckFailed(
            f"{name} is {number:.4g}; it should lie between {'-inf' if low is None else low} and "
            f"{'inf' if high is None else high}.{extra}"
        )


def expect_close(value, reference, name: str, *, atol: float = 0.0, rtol: float = 1e-6, reveal: bool = False) -> None:
    """Check that ``value`` (number or array) equals ``reference`` within ``atol + rtol*|reference|``.

    Arrays must have the reference's shape.  The message gives the largest difference and its
    direction; the reference value itself only when ``reveal`` is true.  Returns ``None``.
    """
    name = _check_name(name)
    if not (isinstance(atol, (int, float)) and isinstance(rtol, (int, float))) or atol < 0 or rtol < 0:
        raise ValueError(f"atol and rtol must be numbers >= 0, got {atol!r} and {rtol!r}.")
    ref = np.asarray(reference, dtype=np.float64)
    if ref.ndim == 0:
        number = _as_number(value, name)
        tolerance = atol + rtol * abs(float(ref))
        if not abs(number - float(ref)) <= tolerance:
            direction = "too large" if number > ref else "too small"
            shown = f" (expected {float(ref):.6g})" if reveal else ""
            raise CheckFailed(
                f"{name} is {number:.6g}, which is {direction} by {abs(number - float(ref)):.3g}{shown}; "
                f"the tolerance is {tolerance:.3g}."
            )
        return
    expect_array(value, name, shape=ref.shape)
    array = np.asarray(value, dtype=np.float64)
    difference = np.abs(array - ref)
    tolerance = atol + rtol * np.abs(ref)
    wrong = difference > tolerance
    if np.any(wrong):
        worst = np.unravel_index(int(np.argmax(difference - tolerance)), ref.shape)
        shown = f" (expected {ref[worst]:.6g})" if reveal else ""
        raise CheckFailed(
            f"{int(wrong.sum())} of {ref.size} values of {name} are off; the worst, at index {tuple(int(i) for i in worst)}, "
            f"is {array[worst]:.6g}{shown}, off by {difference[worst]:.3g} (tolerance {float(tolerance[worst]):.3g})."
        )


def expect_function(func, name: str) -> None:
    """Check that ``func`` is a function the student defined (not the placeholder, not None)."""
    name = _check_name(name)
    _not_placeholder(func, name)
    if not callable(func):
        raise CheckFailed(f"{name} should be a function, but it is {_describe(func)}.")


def call(func, *args, name: str, **kwargs):
    """Call the student's ``func(*args, **kwargs)`` and return its result, or raise :class:`CheckFailed`.

    Refuses a placeholder or non-callable ``func``; turns an exception raised inside the student's code
    into one sentence (type and message, no traceback); refuses a ``None`` result ("forgot return?").
    Anything the function prints is swallowed, so a debugging print does not fail the doctest.
    """
    expect_function(func, name)
    try:
        # A debugging print inside the student's function must not count as test output (doctests
        # compare printed output), so whatever it prints is swallowed here.
        with contextlib.redirect_stdout(io.StringIO()):
            result = func(*args, **kwargs)
    except CheckFailed:
        raise
    except Exception as error:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else "no message"
        raise CheckFailed(f"calling {name}(...) raised {type(error).__name__}: {detail}") from None
    if result is None or result is Ellipsis:
        raise CheckFailed(f"{name}(...) returned {result!r}: is its body still `...`, or did you forget `return`?")
    return result


# ------------------------------------------------------------------------- running test files
def load_test_file(path) -> dict:
    """Read one otter test file (``OK_FORMAT = True`` and a ``test = {...}`` literal) without running it.

    Returns the ``test`` dict (``name``, ``points``, ``suites`` of ``cases`` with ``code`` and ``hidden``).
    Raises ``ValueError`` if the file is not in that format.
    """
    text = Path(path).read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "test" for t in node.targets):
            test = ast.literal_eval(node.value)
            if not isinstance(test, dict) or "suites" not in test:
                break
            return test
    raise ValueError(f"{path} is not an otter OK-format test file (no `test = {{...}}` literal).")


def _first_line(text: str) -> str:
    lines = [line for line in str(text).strip().splitlines() if line.strip()]
    return lines[0] if lines else ""


class _Recorder(doctest.DocTestRunner):
    """A doctest runner that remembers the first failure instead of printing a report."""

    def __init__(self):
        super().__init__(verbose=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        self.problem = None

    def report_start(self, out, test, example):
        pass

    def report_success(self, out, test, example, got):
        pass

    def report_failure(self, out, test, example, got):
        if self.problem is None:
            self.problem = (
                f'something printed "{_first_line(got)[:80]}" while the check ran; remove debugging prints '
                "from the code the check uses (if you have none, tell your instructor: a test should not print)."
            )

    def report_unexpected_exception(self, out, test, example, exc_info):
        if self.problem is None:
            self.problem = _explain(exc_info[1])


def _explain(error: BaseException) -> str:
    if isinstance(error, AssertionError):
        return str(error).strip() or "a check failed (it gave no detail)."
    if isinstance(error, NameError):
        missing = getattr(error, "name", None) or _first_line(str(error))
        return (
            f"`{missing}` is not defined yet: run your answer cell and the cells above it "
            "(if one of them raised an error, fix that first)."
        )
    detail = _first_line(str(error)) or "no message"
    return f"your code raised {type(error).__name__}: {detail}"


def run_case(code: str, namespace: dict, *, name: str = "case"):
    """Run one doctest test case in ``namespace``; return ``None`` if it passed, else a message.

    The same semantics as otter's grader (``>>>`` examples, output compared), without printing a
    traceback.  ``namespace`` is not copied: the case sees (and may define) the notebook's variables.
    """
    parser = doctest.DocTestParser()
    try:
        test = parser.get_doctest(code, namespace, name, None, 0)
    except ValueError as error:
        return f"the test could not be read ({_first_line(str(error))}); tell your instructor."
    test.globs = namespace  # doctest copies nothing when we set it back explicitly
    runner = _Recorder()
    saved_stdout = sys.stdout
    try:
        runner.run(test, clear_globs=False)
    except BaseException as error:  # KeyboardInterrupt stays the student's; anything else is reported
        if isinstance(error, KeyboardInterrupt):
            raise
        return _explain(error)
    finally:
        sys.stdout = saved_stdout
    return runner.problem


TESTS_ENV = "AUTOENCODER_COURSE_HOMEWORK_TESTS"
_HOMEWORK_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def packaged_tests_dir(name: str) -> Path | None:
    """The folder of homework ``name``'s visible tests inside the installed library, or ``None``.

    They are package data (``autoencoder_course/homework_tests/<name>/qN.py``), so a notebook finds them
    wherever ``autoencoder_course`` is installed, whatever its working directory.
    """
    from importlib import resources

    try:
        folder = resources.files(__package__ or "autoencoder_course").joinpath("homework_tests", name)
    except Exception:  # a loader without resources: behave as if nothing was packaged
        return None
    # A library imported from a zip file has no folder on disk to read tests from.
    if isinstance(folder, Path) and folder.is_dir() and any(folder.glob("*.py")):
        return folder
    return None


def _find_tests_dir(name: str, start: Path) -> Path | None:
    """Search, in order: ``$AUTOENCODER_COURSE_HOMEWORK_TESTS/<name>``, ``<start>/tests/<name>``, the package."""
    candidates = []
    env = os.environ.get(TESTS_ENV)
    if env:
        candidates.append(Path(env) / name)
    candidates.append(start / "tests" / name)
    for candidate in candidates:
        if candidate.is_dir() and any(candidate.glob("*.py")):
            return candidate
    return packaged_tests_dir(name)


class Grader:
    """The student notebook's ``grader``: friendly, offline checks for one homework.

    ``Grader(name)`` takes the tests of homework ``name`` from the first of these that has ``.py`` files:

    1. ``Grader(name, tests_dir=path)``: ``path`` itself (instructors' tools; it must be a folder);
    2. ``$AUTOENCODER_COURSE_HOMEWORK_TESTS/<name>/``;
    3. ``tests/<name>/`` in the working directory, i.e. next to the notebook (an instructor's local override);
    4. the tests packaged in the installed library, ``autoencoder_course/homework_tests/<name>/`` (found
       with ``importlib.resources``: works from a clone, Binder, Colab or a lone notebook after ``pip install``).

    ``tests_dir`` is ``None`` when none has them; every check then says so, without raising.
    ``check(question)`` prints one line ("q1: passed ..." or "q1: not yet. <why>");
    ``passed(question)`` checks silently and returns a bool; ``result(question)`` returns the
    :class:`CheckResult`; ``check_all()`` prints every question and a summary.
    Raises ``TypeError`` for a ``name`` that is not a non-empty string, ``ValueError`` for one that is
    not a folder name (``/``, a leading ``.``) and for a ``tests_dir`` that is not an existing folder.
    """

    def __init__(self, name: str, tests_dir=None):
        if not isinstance(name, str) or not name:
            raise TypeError(f"Grader needs the homework's name (a string), got {name!r}.")
        if not _HOMEWORK_NAME.fullmatch(name):
            raise ValueError(f"Grader needs the homework's name (letters, digits, _ . -), got {name!r}.")
        self.name = name
        if tests_dir is not None:
            if not isinstance(tests_dir, (str, os.PathLike)):
                raise TypeError(f"tests_dir must be a folder path (str or Path), got {tests_dir!r}.")
            if not Path(tests_dir).is_dir():
                raise ValueError(f"tests_dir {str(tests_dir)!r} is not a folder.")
            self.tests_dir = Path(tests_dir)
        else:
            self.tests_dir = _find_tests_dir(name, Path.cwd())

    def questions(self) -> list[str]:
        """The question names with a test file, in natural order (q2 before q10)."""
        if self.tests_dir is None or not self.tests_dir.is_dir():
            return []

        def key(path: Path):
            stem = path.stem
            digits = "".join(ch for ch in stem if ch.isdigit())
            return (stem.rstrip("0123456789"), int(digits) if digits else 0, stem)

        return [p.stem for p in sorted(self.tests_dir.glob("*.py"), key=key) if not p.stem.startswith("_")]

    def _run(self, question: str, namespace: dict) -> CheckResult:
        if self.tests_dir is None:
            return CheckResult(
                question,
                False,
                0,
                0,
                f"the checks for homework '{self.name}' were not found: the installed course library "
                f"({_library_location()}) has none for it. Install the version of the course library that goes "
                f"with this notebook (see the course README), or put the folder tests/{self.name}/ next to this "
                "notebook, then restart the kernel and run the notebook again.",
            )
        path = self.tests_dir / f"{question}.py"
        if not path.is_file():
            known = ", ".join(self.questions()) or "none"
            return CheckResult(question, False, 0, 0, f"there is no question '{question}' (questions: {known}).")
        try:
            test = load_test_file(path)
        except Exception as error:
            return CheckResult(question, False, 0, 0, f"its test file could not be read ({_first_line(str(error))}).")
        cases = [case for suite in test.get("suites", []) for case in suite.get("cases", [])]
        passed, first_problem = 0, None
        for index, case in enumerate(cases):
            problem = run_case(case.get("code", ""), namespace, name=f"{question}[{index}]")
            if problem is None:
                passed += 1
            elif first_problem is None:
                first_problem = problem
        return CheckResult(question, first_problem is None and bool(cases), passed, len(cases), first_problem)

    @staticmethod
    def _caller_namespace() -> dict:
        try:
            from IPython import get_ipython

            shell = get_ipython()
            if shell is not None:
                return shell.user_ns
        except Exception:
            pass
        return sys._getframe(2).f_globals

    def result(self, question: str, namespace: dict | None = None) -> CheckResult:
        """Run ``question``'s tests silently and return the :class:`CheckResult` (for tools and tests)."""
        namespace = self._caller_namespace() if namespace is None else namespace
        return self._run(str(question), namespace)

    def check(self, question: str, namespace: dict | None = None) -> None:
        """Run ``question``'s tests on the notebook's variables and print "passed" or "not yet: why"."""
        namespace = self._caller_namespace() if namespace is None else namespace
        print(self._run(str(question), namespace).message())

    def passed(self, question: str, namespace: dict | None = None) -> bool:
        """Run ``question``'s tests silently; True only if all pass (for guarding cells that use an answer)."""
        namespace = self._caller_namespace() if namespace is None else namespace
        return self._run(str(question), namespace).passed

    def check_all(self, namespace: dict | None = None) -> None:
        """Check every question and print one line each and a summary."""
        namespace = self._caller_namespace() if namespace is None else namespace
        results = [self._run(q, namespace) for q in self.questions()]
        if not results:
            print(self._run("q1", namespace).message())
            return
        for result in results:
            print(result.message())
        done = sum(r.passed for r in results)
        print(f"{done} of {len(results)} questions pass.")


def _library_location() -> str:
    try:
        return f"autoencoder_course {_version()} in {Path(__file__).resolve().parent}"
    except Exception:
        return "autoencoder_course"


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("autoencoder-course")
    except metadata.PackageNotFoundError:
        return "(version unknown)"


class CheckResult:
    """Outcome of one question's checks: ``passed``, ``n_passed`` of ``n_cases``, ``problem`` (or None)."""

    def __init__(self, question: str, passed: bool, n_passed: int, n_cases: int, problem):
        self.question = question
        self.passed = passed
        self.n_passed = n_passed
        self.n_cases = n_cases
        self.problem = problem

    def message(self) -> str:
        """One line for the student."""
        if self.passed:
            return f"{self.question}: {PASSED} ({self.n_cases} check{'s' if self.n_cases != 1 else ''})."
        progress = f" ({self.n_passed} of {self.n_cases} checks pass so far)" if self.n_cases else ""
        problem = self.problem or "no checks were found for this question."
        return f"{self.question}: {NOT_YET} \N{EM DASH} {problem}{progress}"

    def __repr__(self) -> str:  # shown if a notebook cell ends with the result
        return f"CheckResult({self.question!r}, passed={self.passed}, {self.n_passed}/{self.n_cases})"

    def __bool__(self) -> bool:
        return self.passed

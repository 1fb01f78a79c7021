"""Homework tooling: generate student notebooks from masters, and grade submissions offline.

Command line (see ``homework/README.md``)::

    python -m homework.tool generate [NAME ...]
    python -m homework.tool grade NAME SUBMISSIONS_DIR [--out scores.csv] [--timeout 600] [--time-limit 1800]
                                  [--jobs N] [--regrade]
    python -m homework.tool verify [NAME ...]
    python -m homework.tool solutions-book

``generate`` turns ``homework/masters/<name>.ipynb`` into ``chapters/homework/<name>.ipynb`` (student
notebook), ``lib/autoencoder_course/homework_tests/<name>/`` (visible tests, package data of the course
library, so a student notebook finds them wherever the library is installed) and
``homework/build/<name>/`` (autograder bundle, all tests, solution notebook) with ``otter assign``.  The
student notebook's checks are run by :class:`autoencoder_course.grader.Grader`.  ``grade`` (in
:mod:`homework.grading`) executes each submitted notebook in its own kernel and runs every test (visible and
hidden) with the same doctest semantics as ``otter run``, writing one CSV row per submission.  Used for every
homework and miniproject.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

# Grading lives in homework/grading.py; these names stay importable from here.
from homework.grading import DEFAULT_TIME_LIMIT, DEFAULT_TIMEOUT, GradingInterrupted, default_jobs, grade
from homework.grading import grade_notebook as grade_notebook

WRONG_ANSWER_TAG = "wrong-answer"
ANSWER_TAG = "otter_answer_cell"
GRADER_LINE = re.compile(r"""^\s*grader\s*=\s*Grader\(\s*["']([A-Za-z0-9_]+)["']\s*\)\s*$""", re.MULTILINE)
CHECK_LINE = re.compile(r"""grader\.check\(\s*["']([A-Za-z0-9_]+)["']\s*\)""")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

ASSIGNMENT_CONFIG = """# ASSIGNMENT CONFIG
name: {name}
init_cell: false
check_all_cell: true
export_cell: false
run_tests: false
tests:
  files: true
"""


FEEDBACK_NOTE = """**Automatic feedback.** Write your code where you see `...` and run the cell, then run the
`grader.check("...")` cell under it: it prints **passed**, or **not yet** and what to fix (a shape, a range,
a value outside the tolerance, a placeholder left in). The checks run here in the notebook, offline, as
often as you like; the last cell checks every question at once. The checks come with the course's
library (`autoencoder_course`), so they work wherever it is installed: a clone of the course repository,
Binder, the course JupyterHub, or Colab and your own Python once the library is installed as the course
README says. Passing every check means your answers are right; the grader reruns the same checks on a
few other inputs."""


class HomeworkError(ValueError):
    """A master notebook or a command-line argument is not usable; the message says how to fix it."""


def repo_root() -> Path:
    """The course repository (the folder holding ``homework/masters``), found from this file or the cwd."""
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in [start, *start.parents]:
            if (folder / "homework" / "masters").is_dir() and (folder / "_toc.yml").is_file():
                return folder
    raise HomeworkError("Could not find the course repository (a folder with homework/masters and _toc.yml).")


PACKAGED_TESTS = Path("lib") / "autoencoder_course" / "homework_tests"  # relative to the repository root


def master_names(root: Path | None = None) -> list[str]:
    """Names (file stems) of every master notebook in ``homework/masters``, sorted."""
    root = repo_root() if root is None else Path(root)
    return sorted(p.stem for p in (root / "homework" / "masters").glob("*.ipynb"))


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _tags(cell) -> list:
    return list(cell.get("metadata", {}).get("tags", []))


def read_master(path) -> dict:
    """Read and validate a master notebook; return it as an nbformat ``NotebookNode``.

    Refuses (``HomeworkError``) a file name that is not lower_snake_case, a master without the grader cell
    ``grader = Grader("<name>")`` or with another name in it, and a ``wrong-answer`` cell with no
    ``# expect:`` first line or outside a question's solution.
    """
    import nbformat

    path = Path(path)
    name = path.stem
    if not NAME_PATTERN.match(name):
        raise HomeworkError(f"{path.name}: a master's name must be lower_snake_case (letters, digits, _).")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:
        raise HomeworkError(f"{path} could not be read as a notebook ({error}).") from None
    grader_names = [m.group(1) for c in nb.cells if c.cell_type == "code" for m in GRADER_LINE.finditer(_source(c))]
    if grader_names != [name]:
        raise HomeworkError(
            f'{path.name}: needs exactly one code cell with `grader = Grader("{name}")` '
            f"(after the setup cell; see homework/README.md), found {grader_names or 'none'}."
        )
    for cell in nb.cells:
        if WRONG_ANSWER_TAG in _tags(cell) and not expected_feedback(cell):
            raise HomeworkError(
                f"{path.name}: a wrong-answer cell must start with `# expect: <text>`:\n{_source(cell)}"
            )
    return nb


def expected_feedback(cell) -> str:
    """The text after ``# expect:`` on a wrong-answer cell's first line ('' if there is none)."""
    first = _source(cell).lstrip().splitlines()[0] if _source(cell).strip() else ""
    match = re.match(r"#\s*expect:\s*(.+)$", first.strip(), re.IGNORECASE)
    return match.group(1).strip() if match else ""


_RETURNS_NONE = {"print", "expect", "expect_array", "expect_number", "expect_close", "expect_function"}


def silence_expressions(source: str) -> str:
    """Prefix each top-level expression statement of a test cell with ``_ = `` (strings left alone).

    Otter's tests are doctests: an expression whose value is not None (``model.fit(...)`` returning a
    history, a helper returning an array) would print, and the doctest would fail although every check
    passed.  Assigning the value keeps the test's meaning and silences it.  Unparseable code is returned as is.
    """
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    lines = source.split("\n")
    for node in tree.body:
        if isinstance(node, ast.Expr) and node.col_offset == 0:
            value = node.value
            if isinstance(value, ast.Constant):
                continue
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in _RETURNS_NONE:
                continue
            lines[node.lineno - 1] = "_ = " + lines[node.lineno - 1]
    return "\n".join(lines)


def _prepare_for_otter(nb, name: str):
    """Copy of the master without wrong-answer cells, outputs or our config, with our otter config first."""
    import nbformat

    nb = copy.deepcopy(nb)
    cells, in_tests = [], False
    for cell in nb.cells:
        if WRONG_ANSWER_TAG in _tags(cell):
            continue
        if cell.cell_type == "raw":
            head = _source(cell).strip().upper()
            in_tests = head.startswith("# BEGIN TESTS") or (in_tests and not head.startswith("# END TESTS"))
        elif cell.cell_type == "code" and in_tests:
            cell.source = silence_expressions(_source(cell))
        if cell.cell_type == "raw" and _source(cell).lstrip().upper().startswith("# ASSIGNMENT CONFIG"):
            continue
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    config = nbformat.v4.new_raw_cell(ASSIGNMENT_CONFIG.format(name=name))
    grader_at = next(i for i, c in enumerate(cells) if c.cell_type == "code" and GRADER_LINE.search(_source(c)))
    cells.insert(grader_at, nbformat.v4.new_markdown_cell(FEEDBACK_NOTE.format(name=name)))
    nb.cells = [config, *cells]
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"c{index:03d}"
    return nb


def _clean_notebook(nb, name: str):
    """Deterministic cell ids, no outputs, only kernelspec/language metadata (so regeneration is byte-stable)."""
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:50]}-{index:03d}"
        meta = cell.get("metadata", {})
        for key in ("lines_to_next_cell", "execution", "collapsed", "scrolled", "jupyter"):
            meta.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    otter_meta = nb.metadata.get("otter")  # otter run checks the assignment name recorded here
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    if otter_meta:
        nb.metadata["otter"] = otter_meta
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def _write_notebook(nb, path: Path) -> None:
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def _otter_assign(master: Path, dist: Path, name: str) -> None:
    """``otter assign --no-run-tests --no-pdfs master dist`` in this process (importing otter once is the slow part)."""
    import contextlib
    import io
    import logging

    from otter.assign import main as assign

    captured = io.StringIO()
    cwd = os.getcwd()
    try:
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            logging.getLogger("otter").setLevel(logging.WARNING)
            assign(str(master), str(dist), no_pdfs=True, no_run_tests=True)
    except Exception as error:
        tail = "\n".join(captured.getvalue().strip().splitlines()[-10:])
        raise RuntimeError(f"otter assign failed for {name}: {type(error).__name__}: {error}\n{tail}") from None
    finally:
        os.chdir(cwd)


def _refuse_broken_prompts(student, name: str) -> None:
    """Every code cell of the student notebook must be Python: otter replaces only the one line that carries a
    ``# SOLUTION`` marker, so a statement spread over several lines (as a formatter may wrap it) would leave the
    student a syntax error in place of a prompt."""
    import ast

    for index, cell in enumerate(student.cells):
        if cell.cell_type != "code":
            continue
        code = "\n".join("pass" if line.lstrip().startswith(("%", "!")) else line for line in cell.source.splitlines())
        try:
            ast.parse(code)
        except SyntaxError as error:
            raise HomeworkError(
                f"{name}: the student notebook's cell {index} is not valid Python after the solutions are removed "
                f"({error.msg}, line {error.lineno}): put each `# SOLUTION` statement on one line, or use "
                "`# BEGIN SOLUTION` / `# END SOLUTION`."
            ) from None


def generate(
    name: str,
    *,
    root: Path | None = None,
    student_dir: Path | None = None,
    tests_root: Path | None = None,
    build_dir: Path | None = None,
    quiet: bool = True,
) -> dict:
    """Generate one homework's student notebook, visible tests and instructor bundle.

    Reads ``<root>/homework/masters/<name>.ipynb``; writes ``<student_dir>/<name>.ipynb`` (default
    ``<root>/chapters/homework``), the visible tests into ``<tests_root>/<name>/`` and
    ``<build_dir>/<name>/`` (default ``<root>/homework/build``: ``autograder.zip``, ``tests/``,
    ``solutions/<name>.ipynb``).  ``tests_root`` defaults to the library's package data,
    ``<root>/lib/autoencoder_course/homework_tests``, when ``student_dir`` is the default, and to
    ``<student_dir>/tests`` otherwise, next to the notebook, where ``Grader`` looks before the package (so
    a trial generation in a temporary folder checks its own fresh tests and leaves the repository alone).
    Returns a dict of the written paths.  Raises ``HomeworkError`` for a bad master and ``RuntimeError``
    with otter's message if ``otter assign`` fails.
    """
    import nbformat

    root = repo_root() if root is None else Path(root)
    master_path = root / "homework" / "masters" / f"{name}.ipynb"
    if not master_path.is_file():
        known = ", ".join(master_names(root)) or "none"
        raise HomeworkError(f"No master notebook {master_path} (masters: {known}).")
    if tests_root is None:
        tests_root = root / PACKAGED_TESTS if student_dir is None else Path(student_dir) / "tests"
    tests_root = Path(tests_root)
    student_dir = root / "chapters" / "homework" if student_dir is None else Path(student_dir)
    build_dir = root / "homework" / "build" if build_dir is None else Path(build_dir)
    nb = read_master(master_path)

    with tempfile.TemporaryDirectory(prefix=f"assign-{name}-") as tmp:
        tmp = Path(tmp)
        prepared = tmp / f"{name}.ipynb"
        nbformat.write(_prepare_for_otter(nb, name), prepared)
        dist = tmp / "dist"
        _otter_assign(prepared, dist, name)

        student = nbformat.read(dist / "student" / f"{name}.ipynb", as_version=4)
        student = _clean_notebook(student, name)
        _refuse_broken_prompts(student, name)
        questions = [
            m.group(1) for c in student.cells if c.cell_type == "code" for m in CHECK_LINE.finditer(_source(c))
        ]
        student_nb_path = student_dir / f"{name}.ipynb"
        _write_notebook(student, student_nb_path)

        tests_out = tests_root / name
        if tests_out.exists():
            shutil.rmtree(tests_out)
        tests_out.mkdir(parents=True)
        for test_file in sorted((dist / "student" / "tests").glob("*.py")):
            shutil.copyfile(test_file, tests_out / test_file.name)

        bundle = build_dir / name
        if bundle.exists():
            shutil.rmtree(bundle)
        (bundle / "solutions").mkdir(parents=True)
        shutil.copytree(dist / "autograder" / "tests", bundle / "tests")
        zips = sorted((dist / "autograder").glob("*.zip"))
        if zips:
            shutil.copyfile(zips[0], bundle / "autograder.zip")
        solution = _clean_notebook(nbformat.read(dist / "autograder" / f"{name}.ipynb", as_version=4), name)
        _write_notebook(solution, bundle / "solutions" / f"{name}.ipynb")
        (bundle / "questions.json").write_text(json.dumps(_question_points(bundle / "tests"), indent=1) + "\n")
    if not quiet:
        print(
            f"{name}: {student_nb_path.relative_to(root) if student_nb_path.is_relative_to(root) else student_nb_path} "
            f"({len(questions)} questions: {', '.join(questions)}), tests in {tests_out}, bundle in {bundle}"
        )
    return {"student": student_nb_path, "tests": tests_out, "bundle": bundle, "questions": questions}


def stale_packaged_tests(root: Path | None = None) -> list[Path]:
    """Folders in the library's ``homework_tests`` whose master is gone (``generate`` with no names removes them)."""
    root = repo_root() if root is None else Path(root)
    folder = root / PACKAGED_TESTS
    masters = set(master_names(root))
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.name not in masters and p.name != "__pycache__")


def _question_points(tests_dir: Path) -> dict:
    from autoencoder_course.grader import Grader, load_test_file

    grader = Grader("bundle", tests_dir=tests_dir)
    return {q: load_test_file(tests_dir / f"{q}.py").get("points", 1) for q in grader.questions()}


# --------------------------------------------------------------------------------- verify
def solution_cells(master) -> list:
    """The master's solution code cells in order, each ``{"question", "source", "wrong": [(expect, code)]}``.

    A ``wrong-answer`` cell belongs to the last solution code cell before it (see homework/README.md).
    Raises ``HomeworkError`` for a wrong-answer cell that follows no solution cell.
    """
    found, question, in_solution = [], None, False
    for cell in master.cells:
        text = _source(cell).strip()
        if cell.cell_type == "raw":
            head = text.splitlines()[0].strip().upper() if text else ""
            if head == "# BEGIN QUESTION":
                match = re.search(r"^name:\s*(\S+)", text, re.MULTILINE)
                question = match.group(1) if match else None
            elif head == "# END QUESTION":
                question = None
            elif head == "# BEGIN SOLUTION":
                in_solution = True
            elif head == "# END SOLUTION":
                in_solution = False
            continue
        if cell.cell_type != "code":
            continue
        if WRONG_ANSWER_TAG in _tags(cell):
            if not found:
                raise HomeworkError(f"wrong-answer cell before any solution cell:\n{text}")
            found[-1]["wrong"].append((expected_feedback(cell), _source(cell)))
        elif in_solution:
            found.append({"question": question, "source": _source(cell), "wrong": []})
    return found


def _cell_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif output.get("output_type") == "error":
            parts.append(f"[{output.get('ename')}: {output.get('evalue')}]")
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
    return "".join(parts)


def _has_error(cell) -> bool:
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


def _bound_names(source: str) -> list[str]:
    """Top-level names a cell binds (assignments, defs, imports), so a trial can start without them."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        else:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names.add(sub.id)
    return sorted(names)


def _check_index(cells, start: int, question: str) -> int | None:
    for j in range(start, len(cells)):
        if cells[j].cell_type == "code" and question in CHECK_LINE.findall(_source(cells[j])):
            return j
    return None


def verify(name: str, *, student_dir, tests_dir, root: Path | None = None, timeout: int = 600) -> dict:
    """Run one homework's blank and solved student notebooks; report what each check printed.

    ``student_dir`` holds ``<name>.ipynb`` and ``tests/<name>/`` (as ``generate`` writes them into a
    ``student_dir`` of its own; the notebook's checks read those, before the library's packaged tests);
    ``tests_dir`` holds every test (visible and hidden; ``homework/build/<name>/tests``).
    Returns a dict:

    * ``blank_errors``: cells of the blank notebook that raised (must be empty);
    * ``blank_checks``: ``{question: printed text}`` of the blank notebook (each must say "not yet");
    * ``solved_errors`` / ``solved_checks``: the same with the master's solutions in the answer cells
      (each check must say "passed");
    * ``all_tests``: what ``check_all`` printed with every test, hidden ones included;
    * ``wrong``: ``[(question, expected text, printed text)]``, one per wrong-answer cell, each run in
      place of its solution with every other answer correct.
    """
    import nbformat
    from nbclient import NotebookClient

    root = repo_root() if root is None else Path(root)
    student_dir, tests_dir = Path(student_dir).resolve(), Path(tests_dir).resolve()
    master = read_master(root / "homework" / "masters" / f"{name}.ipynb")
    solutions = solution_cells(master)
    student = nbformat.read(student_dir / f"{name}.ipynb", as_version=4)
    answers = [i for i, c in enumerate(student.cells) if c.cell_type == "code" and ANSWER_TAG in _tags(c)]
    if len(answers) != len(solutions):
        raise HomeworkError(
            f"{name}: {len(answers)} answer cells in the student notebook but {len(solutions)} solution cells in the master."
        )
    report = {
        "blank_errors": [],
        "blank_checks": {},
        "solved_errors": [],
        "solved_checks": {},
        "all_tests": "",
        "wrong": [],
    }
    resources = {"metadata": {"path": str(student_dir)}}

    # 1. the blank notebook, as students and the book build get it
    blank = copy.deepcopy(student)
    NotebookClient(blank, timeout=timeout, kernel_name="python3", allow_errors=True, resources=resources).execute()
    for index, cell in enumerate(blank.cells):
        if cell.cell_type != "code":
            continue
        if _has_error(cell):
            report["blank_errors"].append(f"cell {index}: {_cell_text(cell)[-300:]}")
        for question in CHECK_LINE.findall(_source(cell)):
            report["blank_checks"][question] = _cell_text(cell)

    # 2. the solved notebook, with each wrong answer tried in place of its solution
    solved = copy.deepcopy(student)
    wrong_at = {}
    for index, solution in zip(answers, solutions):
        solved.cells[index].source = solution["source"]
        if solution["wrong"]:
            wrong_at[index] = solution
    solved.cells.append(
        nbformat.v4.new_code_cell(
            f"from autoencoder_course.grader import Grader as _G\n_G({name!r}, tests_dir={str(tests_dir)!r}).check_all()"
        )
    )
    client = NotebookClient(solved, timeout=timeout, kernel_name="python3", allow_errors=True, resources=resources)
    with client.setup_kernel():
        cells = solved.cells
        for index, cell in enumerate(cells):
            if index in wrong_at:
                solution = wrong_at[index]
                stop = _check_index(cells, index + 1, solution["question"])
                forget = nbformat.v4.new_code_cell(
                    f"for _name in {_bound_names(solution['source'])!r}:\n    globals().pop(_name, None)"
                )
                for expect, code in solution["wrong"]:
                    client.execute_cell(copy.deepcopy(forget), index)
                    trial = [nbformat.v4.new_code_cell(code)] + [
                        copy.deepcopy(c) for c in cells[index + 1 : (stop or index) + 1]
                    ]
                    for offset, extra in enumerate(trial):
                        if extra.cell_type == "code":
                            client.execute_cell(extra, index + offset)
                    printed = _cell_text(trial[-1]) if stop is not None else _cell_text(trial[0])
                    report["wrong"].append((solution["question"], expect, printed))
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            if _has_error(cell):
                report["solved_errors"].append(f"cell {index}: {_cell_text(cell)[-300:]}")
            for question in CHECK_LINE.findall(_source(cell)):
                report["solved_checks"][question] = _cell_text(cell)
    report["all_tests"] = _cell_text(solved.cells[-1])
    return report


def problems(report: dict) -> list[str]:
    """Every broken promise in a :func:`verify` report, as sentences (empty list: all good)."""
    found = [f"blank notebook: {e}" for e in report["blank_errors"]]
    for question, text in report["blank_checks"].items():
        if f"{question}: not yet" not in text or "Traceback" in text:
            found.append(f"blank notebook: check {question} printed {text!r}, not 'not yet'")
    found += [f"solved notebook: {e}" for e in report["solved_errors"]]
    for question, text in report["solved_checks"].items():
        if f"{question}: passed" not in text:
            found.append(f"solved notebook: check {question} printed {text!r}, not 'passed'")
    if "not yet" in report["all_tests"] or "passed" not in report["all_tests"]:
        found.append(f"solved notebook with hidden tests: {report['all_tests']!r}")
    for question, expect, text in report["wrong"]:
        if f"{question}: not yet" not in text or expect.lower() not in text.lower() or "Traceback" in text:
            found.append(f"wrong answer for {question}: expected 'not yet' and {expect!r}, got {text!r}")
    return found


# ------------------------------------------------------------------------- solutions book
def solutions_book(*, root: Path | None = None) -> Path:
    """Write ``homework/build/solutions_book/`` (a small Jupyter Book of every solution notebook); return it.

    Build it with ``jupyter-book build homework/build/solutions_book``.  Generates missing bundles first.
    """
    root = repo_root() if root is None else Path(root)
    book = root / "homework" / "build" / "solutions_book"
    if book.exists():
        shutil.rmtree(book)
    book.mkdir(parents=True)
    names = master_names(root)
    for name in names:
        solution = root / "homework" / "build" / name / "solutions" / f"{name}.ipynb"
        if not solution.is_file():
            generate(name, root=root)
        shutil.copyfile(solution, book / f"{name}.ipynb")
    (book / "intro.md").write_text(
        "# Homework solutions (instructors only)\n\nReference solutions of every homework and miniproject, "
        "generated from `homework/masters/` by `python -m homework.tool solutions-book`.\n"
    )
    (book / "_config.yml").write_text(
        'title: "Autoencoders course: homework solutions"\nonly_build_toc_files: true\n'
        "execute:\n  execute_notebooks: force\n  timeout: 900\n  allow_errors: false\n  stderr_output: remove\n"
        "sphinx:\n  config:\n    nb_execution_raise_on_error: true\n"
    )
    chapters = "".join(f"  - file: {name}\n" for name in names)
    (book / "_toc.yml").write_text(f"format: jb-book\nroot: intro\nchapters:\n{chapters}")
    print(f"solutions book in {book}: jupyter-book build {book}")
    return book


# ---------------------------------------------------------------------------------- CLI
def main(argv=None) -> int:
    """Command-line entry point (``python -m homework.tool``); returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m homework.tool", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="student notebooks, tests and autograder bundles from homework/masters")
    gen.add_argument("names", nargs="*", help="masters to generate (default: all)")
    grd = sub.add_parser(
        "grade",
        help="grade a folder of submitted notebooks into a CSV",
        description="Grade every .ipynb in SUBMISSIONS for homework NAME into a CSV, a row appended as each "
        "finishes. A run that is interrupted keeps its rows; the same command again grades only the "
        "submissions not yet in the CSV (--regrade: all of them).",
    )
    grd.add_argument("name")
    grd.add_argument("submissions")
    grd.add_argument("--out", default=None, help="CSV path (default: SUBMISSIONS/<name>_scores.csv)")
    grd.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds a cell may run before it is interrupted (default {DEFAULT_TIMEOUT})",
    )
    grd.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        help="seconds a whole submission may take, its tests included, before its kernel and every process "
        f"it started are killed (default {DEFAULT_TIME_LIMIT})",
    )
    grd.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        help=f"submissions graded at once, each in its own kernel (default: the number of cores, {default_jobs()} here)",
    )
    grd.add_argument(
        "--regrade", action="store_true", help="grade every submission again, replacing the CSV (default: resume)"
    )
    sub.add_parser("solutions-book", help="a separate Jupyter Book of the solutions, for instructors")
    ver = sub.add_parser("verify", help="run blank, solved and wrong-answer versions of homework and report the checks")
    ver.add_argument("names", nargs="*", help="homework to verify (default: all)")
    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            names = args.names or master_names()
            if not names:
                raise HomeworkError("No master notebooks in homework/masters.")
            failures = []
            for name in names:
                try:
                    generate(name, quiet=False)
                except (HomeworkError, RuntimeError) as error:
                    failures.append(name)
                    print(f"error: {error}", file=sys.stderr)
            if not args.names:
                for stale in stale_packaged_tests():
                    shutil.rmtree(stale)
                    print(f"removed {stale} (no master {stale.name}.ipynb)")
            if failures:
                print(f"not generated: {', '.join(failures)}", file=sys.stderr)
                return 2
        elif args.command == "grade":
            try:
                grade(
                    args.name,
                    args.submissions,
                    out=args.out,
                    timeout=args.timeout,
                    time_limit=args.time_limit,
                    jobs=args.jobs,
                    regrade=args.regrade,
                )
            except GradingInterrupted as stopped:
                return 128 + stopped.signum
        elif args.command == "verify":
            failed = 0
            for name in args.names or master_names():
                with tempfile.TemporaryDirectory(prefix=f"verify-{name}-") as tmp:
                    paths = generate(name, student_dir=Path(tmp) / "student", build_dir=Path(tmp) / "build")
                    report = verify(name, student_dir=paths["student"].parent, tests_dir=paths["bundle"] / "tests")
                for _question, expect, text in report["wrong"]:
                    print(f"  wrong answer ({expect}) -> {text.strip()}")
                found = problems(report)
                failed += bool(found)
                print(f"{name}: " + ("OK" if not found else "PROBLEMS:\n  " + "\n  ".join(found)))
            return 1 if failed else 0
        else:
            solutions_book()
    except (HomeworkError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    # The importable module's main(), so that the errors it catches are the ones homework.grading raises.
    from homework import tool

    sys.exit(tool.main())

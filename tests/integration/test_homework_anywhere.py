"""Homework checks work anywhere the library is installed, not only inside the course repository.

A student who opens a homework notebook in Colab, or copies it alone into an empty folder and
``pip install``s the course library, must get the same feedback as inside the repository: the visible
tests ship in the package (``autoencoder_course/homework_tests/<name>/``, package data).  This builds a
wheel from this repository (offline, ``--no-build-isolation``), installs it into a fresh virtual
environment, copies a student notebook alone into an empty folder and executes it with a kernel of that
environment, then compares every ``grader.check`` verdict with the verdicts the same notebook gets in
``chapters/homework/``: (a) unfilled, every check says "not yet" and what is missing; (b) with the
master's solutions, every check says "passed".

The fresh environment gets the third-party packages (NumPy, Keras, ipykernel, ...) from ``.venv`` through
a ``.pth`` file naming ``.venv``'s site-packages; ``.pth`` files inside a folder added that way are not
processed, so the repository's editable ``autoencoder_course`` is not importable there (asserted).
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

import nbformat
import pytest

from autoencoder_course import grader as grader_module
from homework import tool as homework

ROOT = Path(__file__).resolve().parents[2]
# The cheapest homework: NumPy only, no model is trained (about 3 s per notebook run here).
NAME = "noise_psnr_warmup"
KERNEL = "course-fresh-venv"
# What the notebooks print after their checks: where the library and the tests came from.
PROBE = (
    "import json as _json, autoencoder_course as _ac\n"
    "print('@@WHERE@@' + _json.dumps({'library': _ac.__file__, 'tests': str(grader.tests_dir)}))"
)


def _fresh_env(extra: dict | None = None) -> dict:
    """The environment for the fresh venv's processes: nothing that points Python at the repository."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", grader_module.TESTS_ENV}
    }
    env["PYTHONNOUSERSITE"] = "1"
    env.update(extra or {})
    return env


def _build_wheel(out: Path, work: Path) -> Path:
    """A wheel of the course library, built offline from a copy of what the build reads (not in the repo)."""
    try:
        have = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        have = "none"
    major = re.match(r"\d+", have)
    if major is None or int(major.group()) < 77:
        pytest.fail(
            f"building the course's wheel offline needs setuptools>=77 (pyproject.toml's build-system) "
            f"in this environment, found {have}: run make setup-test (the `test` extra installs it)"
        )
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    # Only what the package ships: a copy, so the in-tree build writes nothing into the repository.
    shutil.copytree(ROOT / "lib", source / "lib", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    wheels = sorted(out.glob("autoencoder_course-*.whl"))
    assert run.returncode == 0 and len(wheels) == 1, f"pip wheel failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}"
    return wheels[0]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A fresh venv with the wheel installed (``--no-deps``) and .venv's packages through a .pth file."""
    tmp = tmp_path_factory.mktemp("anywhere")
    wheel = _build_wheel(tmp / "wheel", tmp)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
            env=_fresh_env(),
        ).stdout.strip()
    )
    (site / "course-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    kernel_dir = tmp / "kernels" / KERNEL
    kernel_dir.mkdir(parents=True)
    # An absolute interpreter path: jupyter_client would replace a bare "python" with its own.
    (kernel_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "fresh venv with the course's wheel",
                "language": "python",
            }
        )
    )
    return {"python": python, "site": site, "kernels": tmp / "kernels", "wheel": wheel, "tmp": tmp}


def test_the_wheel_ships_every_homeworks_tests(fresh):
    import zipfile

    names = zipfile.ZipFile(fresh["wheel"]).namelist()
    shipped = sorted(
        n.split("autoencoder_course/homework_tests/", 1)[1]
        for n in names
        if n.startswith("autoencoder_course/homework_tests/")
    )
    packaged = ROOT / homework.PACKAGED_TESTS
    assert shipped == sorted(str(p.relative_to(packaged)) for p in packaged.rglob("*.py"))
    assert {s.split("/")[0] for s in shipped} == set(homework.master_names(ROOT))


def test_the_fresh_venv_imports_the_installed_library_not_the_repository(fresh, tmp_path):
    probe = (
        "import json, autoencoder_course, numpy, ipykernel\n"
        "from autoencoder_course.grader import Grader\n"
        f"print(json.dumps([autoencoder_course.__file__, str(Grader({NAME!r}).tests_dir)]))"
    )
    out = subprocess.run(
        [str(fresh["python"]), "-c", probe],
        cwd=tmp_path,
        env=_fresh_env(),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    library, tests = json.loads(out.strip().splitlines()[-1])
    assert Path(library).is_relative_to(fresh["site"]), library
    assert not Path(library).resolve().is_relative_to(ROOT), library
    assert Path(tests) == fresh["site"] / "autoencoder_course" / "homework_tests" / NAME


# ----------------------------------------------------------------------------- the notebook, twice
def _verdicts(nb) -> dict:
    """``{question: printed line}`` of every ``grader.check`` cell, ``"check_all"``, and ``"where"``."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"a cell raised {errors[0].get('ename')}: {errors[0].get('evalue')}\n{cell.source}"
        for question in homework.CHECK_LINE.findall(cell.source):
            found[question] = text.strip()
        if "grader.check_all()" in cell.source:
            found["check_all"] = text.strip()
        if text.startswith("@@WHERE@@"):
            found["where"] = json.loads(text[len("@@WHERE@@") :])
    return found


def _execute(nb, folder: Path, *, fresh=None, ipython_dir: Path) -> dict:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = copy.deepcopy(nb)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    env = _fresh_env({"IPYTHONDIR": str(ipython_dir)})  # MNIST: wherever the loader finds it, as in every test
    if fresh is None:  # the repository's environment, as the book build and nbval run it
        client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    else:
        km = KernelManager(
            kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(fresh["kernels"])])
        )
        client = NotebookClient(nb, timeout=300, km=km, resources={"metadata": {"path": str(folder)}})
    client.execute(env=env)
    return _verdicts(nb)


def _student_notebook(solved: bool):
    nb = nbformat.read(ROOT / "chapters" / "homework" / f"{NAME}.ipynb", as_version=4)
    if solved:
        master = homework.read_master(ROOT / "homework" / "masters" / f"{NAME}.ipynb")
        answers = [c for c in nb.cells if c.cell_type == "code" and homework.ANSWER_TAG in c.metadata.get("tags", [])]
        solutions = homework.solution_cells(master)
        assert len(answers) == len(solutions) > 0
        for cell, solution in zip(answers, solutions):
            cell.source = solution["source"]
    return nb


def _run_both_ways(solved: bool, fresh, tmp_path: Path):
    nb = _student_notebook(solved)
    questions = [q for c in nb.cells if c.cell_type == "code" for q in homework.CHECK_LINE.findall(c.source)]
    in_repo = _execute(nb, ROOT / "chapters" / "homework", ipython_dir=tmp_path / "ipython")
    alone = tmp_path / "alone"  # an empty folder holding only the student's notebook
    alone.mkdir()
    shutil.copy2(ROOT / "chapters" / "homework" / f"{NAME}.ipynb", alone)
    lone = _execute(nb, alone, fresh=fresh, ipython_dir=tmp_path / "ipython")
    assert sorted(p.name for p in alone.iterdir()) == [f"{NAME}.ipynb"], "the notebook wrote files"

    verdicts = {k: v for k, v in in_repo.items() if k != "where"}
    assert set(verdicts) == set(questions) | {"check_all"} and len(questions) >= 3
    assert {k: v for k, v in lone.items() if k != "where"} == verdicts
    # Where each run took its library and tests from.
    assert Path(in_repo["where"]["tests"]) == ROOT / homework.PACKAGED_TESTS / NAME
    assert Path(lone["where"]["library"]).is_relative_to(fresh["site"])
    assert Path(lone["where"]["tests"]) == fresh["site"] / "autoencoder_course" / "homework_tests" / NAME
    return verdicts, questions


def verdict_problems(verdicts: dict, questions: list, *, solved: bool) -> list[str]:
    """What is wrong with a run's verdicts (empty: each check says what it should)."""
    found = []
    for question in questions:
        text = verdicts.get(question, "")
        if "were not found" in text or "Traceback" in text or len(text.splitlines()) != 1:
            found.append(f"{question}: {text!r}")
        elif solved and not re.fullmatch(rf"{question}: passed \(\d+ checks?\)\.", text):
            found.append(f"{question} should pass: {text!r}")
        elif not solved and not (
            text.startswith(f"{question}: not yet") and ("placeholder" in text or "`...`" in text)
        ):
            found.append(f"{question} should say 'not yet' and that the `...` placeholder is still there: {text!r}")
    summary = f"{len(questions) if solved else 0} of {len(questions)} questions pass."
    if not verdicts.get("check_all", "").endswith(summary):
        found.append(f"check_all should end with {summary!r}: {verdicts.get('check_all')!r}")
    return found


def test_a_lone_unfilled_notebook_gets_the_repositorys_feedback(fresh, tmp_path):
    verdicts, questions = _run_both_ways(False, fresh, tmp_path)
    assert verdict_problems(verdicts, questions, solved=False) == []
    # The comparison can fail: without packaged tests every check says "not found" instead.
    lost = {q: f"{q}: not yet \N{EM DASH} the checks for homework '{NAME}' were not found" for q in questions}
    assert verdict_problems({**verdicts, **lost}, questions, solved=False) != []


def test_a_lone_solved_notebook_passes_as_in_the_repository(fresh, tmp_path):
    verdicts, questions = _run_both_ways(True, fresh, tmp_path)
    assert verdict_problems(verdicts, questions, solved=True) == []
    assert verdict_problems(verdicts, questions, solved=False) != []


def test_without_packaged_tests_every_check_says_where_to_get_them(monkeypatch, tmp_path, capsys):
    """What a lone notebook would say if the library shipped no tests: the comparison above would fail."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(grader_module.TESTS_ENV, raising=False)
    monkeypatch.setattr(grader_module, "packaged_tests_dir", lambda name: None)
    grader = grader_module.Grader(NAME)
    assert grader.tests_dir is None
    grader.check("q1", {})
    out = capsys.readouterr().out
    assert "were not found" in out and "course library" in out and f"tests/{NAME}/" in out
    assert verdict_problems({"q1": out.strip(), "check_all": ""}, ["q1"], solved=False) != []

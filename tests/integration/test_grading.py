"""The grader against submissions that try to stop it (homework/grading.py; homework/README.md, "Commands").

Submissions of the small example homework ``noise_psnr_warmup``, each the solved notebook with one extra
cell after a question's check cell, that redefine built-ins, kill or exit their own kernel, fork processes
that sleep (one leaves its session), print 50 MB, hang in C code (interruptible, and deaf to the
interrupt), plus a notebook of another homework.  Each must get its row and a note, in bounded time, under
``--jobs 1`` and ``--jobs 2``, the questions checked before a kernel died keeping their points, and nothing
it started may outlive ``grade``.  Then a run stopped midway (Ctrl-C, then SIGKILL) keeps its rows, and the
same command completes them.  The ordinary cases (solved, blank, half done, not a notebook, parallel =
serial) are in test_homework_system.py.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from homework import grading, tool

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "noise_psnr_warmup"
TIMEOUT = 8  # seconds per cell: well above any cell of the solved notebook, even with both cores busy
GRACE = 10  # seconds an interrupted cell has to stop (the default, 30, would only make the test slower)
TIME_LIMIT = 60  # seconds per submission
BOUND = TIMEOUT + GRACE + 20  # no submission may take longer: the cell limit, grace period, kill, the rest of it
MARKER = "GRADING_TEST_MARKER"


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory) -> Path:
    """A build folder holding the example's bundle: homework/build if generated, else a fresh one."""
    built = ROOT / "homework" / "build"
    bundle = built / EXAMPLE
    if (bundle / "questions.json").is_file() and (bundle / "solutions" / f"{EXAMPLE}.ipynb").is_file():
        return built
    tmp = tmp_path_factory.mktemp("build")
    tool.generate(EXAMPLE, root=ROOT, student_dir=tmp / "student", build_dir=tmp / "build")
    return tmp / "build"


def solved(build_dir: Path):
    return nbformat.read(build_dir / EXAMPLE / "solutions" / f"{EXAMPLE}.ipynb", as_version=4)


def after_check(nb, question: str, source: str):
    """A copy of ``nb`` with a code cell ``source`` right after the cell that checks ``question``."""
    nb = copy.deepcopy(nb)
    at = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and f'grader.check("{question}")' in c.source)
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(source))
    return nb


FORKS = """\
import os, time
if os.fork() == 0:  # a child that leaves its session, and its own child, which sleeps
    os.setsid()
    if os.fork() == 0:
        time.sleep(3600)
    os._exit(0)
if os.fork() == 0:  # a child that sleeps
    time.sleep(3600)
    os._exit(0)
"""

# file: (q1, q2, q3, what the note must say); q1 = 2, q2 = 3, q3 = 2 points
EXPECTED = {
    "a_solved.ipynb": (2, 3, 2, ""),
    "b_builtins.ipynb": (2, 3, 2, "redefined built-ins (isinstance, len, print), put back after each cell"),
    "c_kills_its_kernel.ipynb": (
        2, 3, 0, "the kernel died in code cell 8 (killed by SIGKILL); q1, q2 scored by the tests run after their check "
        "cell; q3 not reached (0)",
    ),
    "c_exits.ipynb": (
        2, 0, 0, "the kernel died in code cell 6 (it exited with code 3); q1 scored by the tests run after its check "
        "cell; q2, q3 not reached (0)",
    ),
    "d_forks.ipynb": (2, 3, 2, "2 process(es) it started were still running at the end (killed)"),
    "e_prints_50_mb.ipynb": (2, 3, 2, "printed 50.0 MB"),
    "f_hangs_in_c.ipynb": (
        2, 3, 2, f"1 cell(s) raised (KeyboardInterrupt); code cell 6 ran past {TIMEOUT} s and was interrupted",
    ),
    "g_deaf_to_interrupts.ipynb": (
        2, 0, 0, f"code cell 6 ran past {TIMEOUT} s and did not stop when interrupted: kernel killed; q1 scored by "
        "the tests run after its check cell; q2, q3 not reached (0)",
    ),
    "h_other_homework.ipynb": (0, 0, 0, "a notebook of homework {other}, not noise_psnr_warmup"),
}  # fmt: skip


@pytest.fixture(scope="module")
def submissions(build_dir, tmp_path_factory):
    """The solved example and eight submissions that try to stop the grader (see EXPECTED)."""
    folder = tmp_path_factory.mktemp("submissions")
    nb = solved(build_dir)
    breaks_builtins = (
        "import builtins\nbuiltins.len = lambda *args: 0\n__builtins__.print = None\nbuiltins.isinstance = None"
    )
    cells = {
        "a_solved.ipynb": nb,
        "b_builtins.ipynb": after_check(nb, "q1", breaks_builtins),
        "c_kills_its_kernel.ipynb": after_check(nb, "q2", "import os\nos.kill(os.getpid(), 9)"),
        "c_exits.ipynb": after_check(nb, "q1", "import os\nos._exit(3)"),
        "d_forks.ipynb": after_check(nb, "q1", FORKS),
        "e_prints_50_mb.ipynb": after_check(nb, "q1", "import sys\nfor _ in range(500):\n    sys.stdout.write('y' * 99_999 + '\\n')"),
        "f_hangs_in_c.ipynb": after_check(
            nb, "q1", "import time\nimport numpy as np\n\nnp.frompyfunc(lambda v: time.sleep(3600), 1, 1)(np.zeros(1))"
        ),
        "g_deaf_to_interrupts.ipynb": after_check(
            nb, "q1", "import ctypes, signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nctypes.CDLL(None).sleep(3600)"
        ),
    }  # fmt: skip
    other = next(p for p in sorted((ROOT / "chapters" / "homework").glob("*.ipynb")) if p.stem != EXAMPLE)
    other_nb = nbformat.read(other, as_version=4)
    other_nb.cells = other_nb.cells[:4]  # its setup and grader cells: enough to say which homework it is
    cells["h_other_homework.ipynb"] = other_nb
    for name, notebook in cells.items():
        nbformat.write(notebook, folder / name)
    return folder, other.stem


def marked_processes(marker: str) -> list[str]:
    """Live processes started with ``MARKER=marker`` in their environment (zombies have none)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if f"{MARKER}={marker}".encode() in Path(f"/proc/{entry.name}/environ").read_bytes():
                    cmdline = Path(f"/proc/{entry.name}/cmdline").read_bytes().replace(b"\0", b" ")
                    found.append(f"{entry.name}: {cmdline.decode(errors='replace')[:100]}")
    return found


def wait_until_gone(marker: str, seconds: float = 2.0) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := marked_processes(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


@pytest.fixture(scope="module", params=[1, 2], ids=["jobs1", "jobs2"])
def graded(request, build_dir, submissions, tmp_path_factory):
    """The submissions graded with --jobs 1 and 2: rows, printed lines, seconds, processes left after grade."""
    folder, _ = submissions
    marker = uuid.uuid4().hex
    os.environ[MARKER] = marker  # inherited by the workers, the kernels and whatever the submissions start
    printed = io.StringIO()
    started = time.monotonic()
    try:
        with contextlib.redirect_stdout(printed):
            out = grading.grade(
                EXAMPLE, folder, out=tmp_path_factory.mktemp("scores") / "scores.csv", root=ROOT,
                build_dir=build_dir, timeout=TIMEOUT, time_limit=TIME_LIMIT, interrupt_grace=GRACE, jobs=request.param,
            )  # fmt: skip
        seconds = time.monotonic() - started
    finally:
        del os.environ[MARKER]
    rows = {row["file"]: row for row in csv.DictReader(out.open(encoding="utf-8"))}
    return {"rows": rows, "printed": printed.getvalue(), "seconds": seconds, "left": wait_until_gone(marker)}


def test_every_submission_gets_its_row_and_note(graded, submissions):
    _, other = submissions
    rows = graded["rows"]
    assert list(rows) == sorted(EXPECTED)  # sorted by file name once all are graded
    for name, (q1, q2, q3, note) in EXPECTED.items():
        row = rows[name]
        got = (float(row["q1"]), float(row["q2"]), float(row["q3"]))
        assert got == (q1, q2, q3), (name, row["note"])
        assert float(row["total"]) == q1 + q2 + q3 and row["possible"] == "7"
        if name == "b_builtins.ipynb":  # IPython's own code after the cell may raise, with isinstance gone
            assert row["note"].endswith(note), (name, row["note"])
        else:
            assert row["note"] == note.format(other=other), (name, row["note"])


def test_each_submission_takes_bounded_time(graded):
    times = dict(re.findall(r"^\[\d+/\d+\] (\S+\.ipynb): .* in ([\d.]+) s", graded["printed"], re.MULTILINE))
    assert sorted(times) == sorted(EXPECTED), graded["printed"]
    slow = {name: float(s) for name, s in times.items() if float(s) > BOUND}
    assert not slow, f"over {BOUND} s: {slow}"
    assert graded["seconds"] < 9 * BOUND, graded["printed"]


def test_nothing_a_submission_started_outlives_grade(graded):
    assert graded["left"] == [], "processes left running after grade returned"


def test_a_notebook_says_which_homework_it_is():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('grader = Grader("bce_autoencoder")')])
    assert grading.homework_names(nb) == ["bce_autoencoder"]  # metadata stripped (an editor that drops it)
    nb.metadata["otter"] = {"assignment_name": "bce_autoencoder"}
    assert grading.homework_names(nb) == ["bce_autoencoder"]
    assert grading.homework_names(nbformat.v4.new_notebook()) == []  # unknown: no note


def test_a_submission_stops_at_the_time_limit_and_keeps_what_was_checked(tmp_path):
    tests = tmp_path / "tests"
    tests.mkdir()
    for question, check in [("q1", "x == 1"), ("q2", "y == 2")]:
        (tests / f"{question}.py").write_text(
            f"OK_FORMAT = True\ntest = {{'name': '{question}', 'points': 1, 'suites': [{{'cases': "
            f"[{{'code': '>>> assert {check}\\n', 'hidden': False}}], 'type': 'doctest'}}]}}\n"
        )
    cells = [
        f"from autoencoder_course.grader import Grader\ngrader = Grader('tiny', tests_dir={str(tests)!r})\nx = 1",
        'grader.check("q1")',
        *["import time\ntime.sleep(1.5)"] * 10,  # each cell within its timeout, together past the limit
        "y = 2",
        'grader.check("q2")',
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells]), tmp_path / "s.ipynb")
    started = time.monotonic()
    result = grading.grade_notebook(tmp_path / "s.ipynb", tests, timeout=5, time_limit=6)
    assert time.monotonic() - started < 6 + 5
    assert result["scores"]["q1"]["score"] == 1.0 and "q2" not in result["scores"]
    assert re.fullmatch(
        r"stopped at the time limit \(6 s\) in code cell \d+: kernel killed; q1 scored by the tests run after its "
        r"check cell; q2 not reached \(0\)",
        result["note"],
    ), result["note"]


def test_an_earlier_csv_of_other_columns_is_not_appended_to(tmp_path):
    (tmp_path / "scores.csv").write_text("file,a,total,possible,note\nx.ipynb,1,1,1,\n")
    with pytest.raises(tool.HomeworkError, match="--regrade"):
        grading._read_rows(tmp_path / "scores.csv", ["file", "q1", "total", "possible", "note"])


def grade_command(folder: Path, out: Path, marker: str, temp: Path) -> subprocess.Popen:
    """``python -m homework.tool grade`` on ``folder``, its processes marked, its temporary files in ``temp``."""
    command = [sys.executable, "-m", "homework.tool", "grade", EXAMPLE, str(folder), "--out", str(out), "--jobs", "2"]
    command += ["--timeout", str(TIMEOUT), "--time-limit", str(TIME_LIMIT)]
    env = dict(os.environ, **{MARKER: marker, "TMPDIR": str(temp)})
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def rows_of(out: Path) -> list[dict]:
    with out.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def stop_after_rows(folder: Path, out: Path, rows: int, signum: int, temp: Path) -> tuple[int, str, list[str]]:
    """Run grade until ``out`` has ``rows`` rows, then send ``signum``: (exit status, output, processes left)."""
    marker = uuid.uuid4().hex
    process = grade_command(folder, out, marker, temp)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if out.is_file() and len(out.read_text(encoding="utf-8").splitlines()) > rows:
            break
        time.sleep(0.1)
    process.send_signal(signum)
    printed, _ = process.communicate(timeout=60)
    return process.returncode, printed, wait_until_gone(marker, 5.0)


def test_an_interrupted_run_keeps_its_rows_and_the_same_command_completes_them(build_dir, tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    nb = solved(build_dir)
    for k in range(5):
        nbformat.write(nb, folder / f"s{k}.ipynb")
    out = tmp_path / "scores.csv"
    temp = tmp_path / "temp"  # grade's, its workers' and their kernels' temporary files
    temp.mkdir()

    status, printed, left = stop_after_rows(folder, out, 1, signal.SIGINT, temp)  # Ctrl-C after the first row
    assert status == 128 + signal.SIGINT and "run the same command again" in printed, printed
    assert left == [], "workers or kernels left after Ctrl-C"
    assert list(temp.iterdir()) == []
    first = rows_of(out)
    assert 1 <= len(first) < 5 and all(row["total"] == "7.0" and row["note"] == "" for row in first)

    status, printed, left = stop_after_rows(folder, out, len(first) + 1, signal.SIGKILL, temp)  # no clean-up
    assert status == -signal.SIGKILL
    assert left == [], "workers or kernels left after grade was killed"
    assert list(temp.iterdir()) == []  # the workers removed theirs
    second = rows_of(out)
    assert f"{len(first)} of 5 submission(s) already in" in printed
    assert len(second) > len(first) and second[: len(first)] == first

    process = grade_command(folder, out, uuid.uuid4().hex, temp)
    printed, _ = process.communicate(timeout=120)
    assert process.returncode == 0, printed
    assert f"{len(second)} of 5 submission(s) already in {out}: grading the other {5 - len(second)}" in printed
    assert len(re.findall(r"^\[\d/5\] ", printed, re.MULTILINE)) == 5 - len(second)  # nothing graded twice
    final = rows_of(out)
    assert [row["file"] for row in final] == [f"s{k}.ipynb" for k in range(5)]
    assert all(row["total"] == "7.0" for row in final)
    for noise in ("without encryption", "Traceback", "WARNING"):  # the kernels' and kernel managers' chatter
        assert noise not in printed, printed

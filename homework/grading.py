"""Offline grading of submitted notebooks (``python -m homework.tool grade NAME FOLDER``; homework/README.md).

No submission can stop the grader or outlive it:

* The grading process never runs a submission.  ``jobs`` worker processes each grade one submission at a
  time, in a Jupyter kernel of their own; the grading process hands out the files, collects the results and
  writes the CSV.  Each worker is a session of its own and (on Linux) a "child subreaper": whatever a kernel
  starts stays in the worker's process tree, even a process that forks twice and leaves its session, and the
  worker stops and kills that whole tree after each submission.  The grading process kills the whole tree of
  a worker that does not answer in time, and of every worker when it is interrupted (Ctrl-C, SIGTERM); a
  worker whose grading process dies (even by SIGKILL) kills its own tree.
* Each submission runs under a wall-clock limit for all of it (``time_limit``: starting the kernel, every
  cell, the tests) and a limit per cell (``timeout``: the cell is interrupted; a kernel that does not answer
  the interrupt is killed).
* Each question's tests also run right after its ``grader.check("qN")`` cell, on a copy of the notebook's
  names: a kernel that dies or is killed later keeps the points of the questions checked before.  When the
  notebook runs to the end, the scores are those of the tests run at the end, as in otter.
* A hidden first cell saves Python's built-ins and puts back, after every cell, any that a cell redefined:
  a submission that sets ``builtins.len`` or ``print`` breaks neither the kernel's own machinery nor the tests.
* The kernel's output (its "running over TCP without encryption" warning, anything a submission writes to
  the process's file descriptors) goes to a log file, not to the terminal; of what cells print, only the
  first ``OUTPUT_KEPT`` characters per cell are kept in memory.
* Rows are appended to the CSV, and flushed, as submissions finish; a run resumes where an interrupted one
  stopped (``regrade=True``, ``--regrade``: grade every submission again).
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from pathlib import Path

DEFAULT_TIMEOUT = 600  # seconds a cell may run before it is interrupted
DEFAULT_TIME_LIMIT = 1800  # seconds a whole submission may take (kernel start, every cell, the tests)
INTERRUPT_GRACE = 30  # seconds an interrupted kernel has to answer (formatting a traceback on a busy machine)
WORKER_GRACE = 60  # a worker that has not answered time_limit + this after taking a submission is killed
OUTPUT_KEPT = 100_000  # characters of a cell's printed output kept in memory (a cell printing 50 MB: 0.1 MB)
OUTPUT_NOTED = 1_000_000  # a submission printing more than this gets a note

# Which homework a notebook belongs to: the generator writes metadata.otter.assignment_name and the cell
# `grader = Grader("<name>")` into every student notebook.
# (homework.tool's GRADER_LINE asks for exactly that line; this accepts any call.)
GRADER_NAME = re.compile(r"""\bGrader\(\s*["']([A-Za-z0-9_.-]+)["']""")

# The hidden first cell: a module of its own (so names a submission defines or shadows, say `dict = {}`, do not
# reach it) holding the built-ins as the kernel started with them, a post_run_cell hook that puts back any a
# cell changed, and grade(), which the grader's cells call.  grade() writes each question's score to a JSON
# file as soon as it has it (a file, not printed output: a submission may have broken printing).
_KERNEL_MODULE = r'''
import builtins, json, os
from IPython import get_ipython

_shell = get_ipython()
_managed = {"input", "exit", "quit", "get_ipython"}  # ipykernel and IPython set these per request
_saved = {k: v for k, v in builtins.__dict__.items() if k not in _managed}
_open, _dumps, _replace = builtins.open, json.dumps, os.replace
redefined = []


def restore(*_args):
    """Put back every built-in a cell replaced or deleted (post_run_cell hook); remember their names."""
    current = builtins.__dict__
    changed = [k for k, v in _saved.items() if current.get(k) is not v]
    if changed:
        current.update(_saved)
        redefined.extend(k for k in changed if k not in redefined)


def grade(questions, tests_dir, out_path, copy_names):
    """Run the tests of `questions` on the notebook's names (a shallow copy if copy_names); write the scores."""
    restore()
    import doctest, importlib
    import autoencoder_course.grader as grader_module
    importlib.reload(doctest)
    grader_module = importlib.reload(grader_module)  # undo any patching done by the submission
    grader = grader_module.Grader("grading", tests_dir=tests_dir)
    names = dict(_shell.user_ns) if copy_names else _shell.user_ns
    scores = {}
    for q in questions:
        try:
            result = grader.result(q, namespace=names)
            points = grader_module.load_test_file(grader.tests_dir / (q + ".py")).get("points", 1) or 0
            score = points * result.n_passed / result.n_cases if result.n_cases else 0.0
            scores[q] = {"score": score, "possible": points, "message": result.message()}
        except KeyboardInterrupt:
            scores[q] = {"score": 0.0, "possible": 0, "message": "its tests ran past the cell time limit"}
        except Exception as error:
            scores[q] = {"score": 0.0, "possible": 0, "message": "grading error: %s" % error}
        with _open(out_path + ".tmp", "w", encoding="utf-8") as handle:
            handle.write(_dumps({"scores": scores, "redefined": redefined}))
        _replace(out_path + ".tmp", out_path)


_shell.events.register("post_run_cell", restore)
'''
_SETUP_CELL = f"""\
import sys as _sys, types as _types
_course_grading_ = _types.ModuleType("_course_grading")
exec(compile({_KERNEL_MODULE!r}, "<course grading>", "exec"), _course_grading_.__dict__)
_sys.modules["_course_grading"] = _course_grading_
get_ipython().user_ns_hidden["_course_grading_"] = _course_grading_
del _sys, _types
"""


# ------------------------------------------------------------------------------ processes
def _process_table() -> dict[int, tuple[int, int]]:
    """``{pid: (parent pid, session id)}`` of every live process (Linux ``/proc``; zombies left out)."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()  # state, ppid, pgrp, session, ...
        if fields and fields[0] not in (b"Z", b"X"):
            table[int(entry.name)] = (int(fields[1]), int(fields[3]))
    return table


def _descendants(table: dict, roots) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = set(), list(roots)
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def kill_processes(roots=(), sessions=(), *, include_roots: bool = False) -> set[int]:
    """Stop, then kill, every descendant of ``roots`` and every member of ``sessions``; return their pids.

    Each process found is stopped (SIGSTOP) first, and the search repeated until it finds no new one, so a
    process that keeps forking cannot outrun it; then all are killed (SIGKILL).  ``include_roots``: the roots
    too.  This process is never among them.  Without ``/proc`` (not Linux): the sessions' process groups only.
    """
    me = os.getpid()
    roots, sessions = set(roots), set(sessions)
    if not os.path.isdir("/proc"):
        for group in sessions | (roots if include_roots else set()):
            with contextlib.suppress(OSError):
                os.killpg(group, signal.SIGKILL)
        return set()
    stopped: set[int] = set()
    for _ in range(100):
        table = _process_table()
        found = _descendants(table, roots) | {pid for pid, (_, sid) in table.items() if sid in sessions}
        if include_roots:
            found |= roots & table.keys()
        found.discard(me)
        new = found - stopped
        if not new:
            break
        for pid in new:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGSTOP)
        stopped |= new
    for pid in stopped:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return stopped


def _prctl(option: int, value: int) -> bool:
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER = 1, 36


def _reap_children() -> None:
    """Collect the exit status of any dead child (orphans a subreaper inherited), without waiting."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


# --------------------------------------------------------------------------- one notebook
def homework_names(nb) -> list[str]:
    """Which homework a notebook says it is: ``metadata.otter.assignment_name`` and ``Grader("...")`` names."""
    names = []
    otter = nb.get("metadata", {}).get("otter", {})
    if isinstance(otter, dict) and isinstance(otter.get("assignment_name"), str):
        names.append(otter["assignment_name"])
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            names += GRADER_NAME.findall("".join(source) if isinstance(source, list) else source)
    return list(dict.fromkeys(n for n in names if n))


def _quiet_logger() -> logging.Logger:
    log = logging.getLogger("homework.grading.kernel")
    log.propagate = False
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    return log


def _size(characters: int) -> str:
    return f"{characters / 1e6:.1f} MB" if characters >= 100_000 else f"{characters / 1e3:.0f} kB"


class _Run:
    """One submission executed in one kernel: the state :func:`grade_notebook` turns into scores and a note."""

    def __init__(self, nb, work: Path, tests_dir: Path, questions: list[str], timeout, time_limit, grace, scratch):
        self.nb, self.work, self.tests_dir, self.questions = nb, work, tests_dir, questions
        self.timeout, self.time_limit, self.grace, self.scratch = timeout, time_limit, grace, scratch
        self.deadline = None if time_limit is None else time.monotonic() + time_limit
        self.student_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        self.client = None
        self.kernel_done = False  # finish_kernel() has run
        self.stop = ""  # why the notebook did not run to the end ('' if it did)
        self.interrupted: list[str] = []  # cells interrupted at the per-cell limit
        self.raised: dict[int, str] = {}  # student cells that raised: the exception's name
        self.checked: dict[str, dict] = {}  # scores from the tests run after each check cell
        self.final: dict[str, dict] = {}  # scores from the tests run at the end
        self.redefined: list[str] = []
        self.printed = 0  # characters the cells printed
        self.left_running = 0  # processes the submission started that were still running at the end
        self.steps = 0

    def on_cell_error(self, cell, cell_index, execute_reply) -> None:
        """nbclient's hook for a cell whose reply says it raised (whether or not its traceback reached us)."""
        if cell_index in self.student_cells:
            self.raised[cell_index] = execute_reply.get("content", {}).get("ename") or "an error"

    def remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def label(self, index: int) -> str:
        if index in self.student_cells:
            return f"code cell {self.student_cells.index(index) + 1}"
        return "the grader's cells"

    def client_class(self):
        from nbclient import NotebookClient

        run = self

        class Client(NotebookClient):
            """nbclient, keeping at most OUTPUT_KEPT characters of each cell's printed output in memory."""

            def output(self, outs, msg, display_id, cell_index):
                if msg["msg_type"] == "stream":
                    text = msg["content"].get("text", "")
                    run.printed += len(text)
                    kept = sum(len(o.get("text", "")) for o in outs if o.get("output_type") == "stream")
                    if kept + len(text) > OUTPUT_KEPT:
                        return None
                return super().output(outs, msg, display_id, cell_index)

        return Client

    async def execute(self, log_file) -> None:
        from jupyter_core.utils import ensure_async

        from homework.tool import CHECK_LINE  # the generator's check cells: grader.check("qN")

        client = self.client_class()(
            self.nb, timeout=None, kernel_name="python3", allow_errors=True, log=_quiet_logger(), iopub_timeout=4,
            resources={"metadata": {"path": str(self.work)}},
        )  # fmt: skip
        self.client = client
        client.on_cell_error = self.on_cell_error
        client.km = client.create_kernel_manager()
        client.km.log = _quiet_logger()
        try:
            await self._within(client.async_start_new_kernel(stdout=log_file, stderr=log_file), "starting the kernel")
            await self._within(client.async_start_new_kernel_client(), "starting the kernel")
        except _Stopped:
            return
        try:
            if not await self.cell(self._hidden_cell(_SETUP_CELL), history=False):
                return
            for index in self.student_cells:
                if not await self.cell(index):
                    return
                checked = [q for q in CHECK_LINE.findall(self.nb.cells[index].source) if q in self.questions]
                if checked and not await self.tests(checked, self.checked, copy_names=True):
                    return
            for question in self.questions:  # one cell per question: each gets the per-cell time limit
                if not await self.tests([question], self.final, copy_names=False):
                    return
        finally:
            self.finish_kernel()
            with contextlib.suppress(Exception):
                client.kc.stop_channels()
            with contextlib.suppress(Exception):
                await ensure_async(client.km.cleanup_resources())

    async def _within(self, awaitable, what: str):
        remaining = self.remaining()
        try:
            return await asyncio.wait_for(awaitable, None if remaining is None else max(remaining, 0.1))
        except TimeoutError:
            self.stop = f"stopped at the time limit while {what}"
        except Exception as error:
            self.stop = f"{what} failed ({type(error).__name__}: {_first_line(error)})"
        raise _Stopped

    def _hidden_cell(self, source: str) -> int:
        import nbformat

        self.nb.cells.append(nbformat.v4.new_code_cell(source))
        return len(self.nb.cells) - 1

    async def tests(self, questions: list[str], into: dict, *, copy_names: bool) -> bool:
        self.steps += 1
        out = self.scratch / f"scores-{self.steps}.json"
        source = f"_course_grading_.grade({questions!r}, {str(self.tests_dir)!r}, {str(out)!r}, {copy_names!r})"
        going = await self.cell(self._hidden_cell(source), history=False)
        with contextlib.suppress(OSError, ValueError):
            found = json.loads(out.read_text(encoding="utf-8"))
            into.update(found["scores"])
            self.redefined = found["redefined"]
        return going

    async def cell(self, index: int, *, history: bool = True) -> bool:
        """Run one cell within the limits; False if the notebook must stop (the kernel is then dead)."""
        from nbclient.exceptions import DeadKernelError

        client, cell = self.client, self.nb.cells[index]
        task = asyncio.ensure_future(client.async_execute_cell(cell, index, store_history=history))
        remaining = self.remaining()
        limits = [t for t in (self.timeout, remaining) if t is not None]
        done, _ = await asyncio.wait({task}, timeout=max(min(limits), 0) if limits else None)
        if not done:
            at_limit = f"stopped at the time limit ({self.time_limit or 0:g} s) in {self.label(index)}: kernel killed"
            if remaining is not None and (self.timeout is None or remaining <= self.timeout):
                return await self._abandon(task, at_limit)
            await client.km.interrupt_kernel()
            self.interrupted.append(self.label(index))
            grace = self.grace
            remaining = self.remaining()
            done, _ = await asyncio.wait({task}, timeout=grace if remaining is None else max(min(grace, remaining), 0))
            if not done:
                self.interrupted.pop()
                deaf = (
                    f"{self.label(index)} ran past {self.timeout:g} s and did not stop when interrupted: kernel killed"
                )
                return await self._abandon(task, at_limit if remaining is not None and remaining <= grace else deaf)
        error = task.exception()
        if error is None:
            return True
        if isinstance(error, DeadKernelError):
            self.stop = f"the kernel died in {self.label(index)}{self._exit_status()}"
        else:
            self.stop = f"{self.label(index)} could not be run ({type(error).__name__}: {_first_line(error)})"
        self.finish_kernel()
        return False

    def _exit_status(self) -> str:
        process = getattr(self.client.km.provisioner, "process", None) if self.client and self.client.km else None
        code = process.poll() if process is not None else None
        if code is None:
            return ""
        if code < 0:
            with contextlib.suppress(ValueError):
                return f" (killed by {signal.Signals(-code).name})"
        return f" (it exited with code {code})"

    async def _abandon(self, task, why: str) -> bool:
        self.stop = why
        self.finish_kernel()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(task, 5)  # nbclient sees the kernel is dead within a second
        return False

    def finish_kernel(self) -> None:
        """Kill the kernel and every process it started (counting those still running besides the kernel)."""
        process = getattr(getattr(self.client, "km", None), "provisioner", None)
        process = getattr(process, "process", None)  # the kernel's Popen, once it was started
        if self.kernel_done or process is None:
            return
        self.kernel_done = True
        # The kernel, its descendants and its session (its own: jupyter_client starts it so); in a worker,
        # everything below the worker, orphans it inherited as subreaper included.
        if _IN_WORKER:
            killed = kill_processes([os.getpid()], [process.pid])
        else:
            killed = kill_processes([process.pid], [process.pid], include_roots=True)
        self.left_running += len(killed - {process.pid})
        with contextlib.suppress(Exception):
            process.wait(5)
        if _IN_WORKER:
            _reap_children()


class _Stopped(Exception):
    pass


def _first_line(error) -> str:
    lines = [line for line in str(error).strip().splitlines() if line.strip()]
    return lines[0][:160] if lines else ""


def _run_coroutine(coroutine):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    import concurrent.futures  # called from a running loop (a notebook): run in a thread of its own

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _questions(tests_dir: Path) -> list[str]:
    from autoencoder_course.grader import Grader

    return Grader("grading", tests_dir=tests_dir).questions()


def grade_notebook(path, tests_dir, *, timeout: float | None = DEFAULT_TIMEOUT, time_limit: float | None = None,
                   name: str | None = None, interrupt_grace: float = INTERRUPT_GRACE) -> dict:  # fmt: skip
    """Grade one submitted notebook against every test in ``tests_dir``; never raises for a bad submission.

    The submission runs top to bottom in a fresh kernel inside a temporary copy of its folder (errors in cells
    are recorded, later cells still run); after each ``grader.check("qN")`` cell, qN's tests run on a copy of
    the notebook's names, and at the end every test runs on the notebook's names.  A question scores
    ``points * passed_cases / cases`` (otter's rule) of the tests at the end, or, when the notebook did not get
    there (its kernel died, it ran past ``time_limit`` seconds, a cell ran past ``timeout`` seconds and did
    not answer the interrupt within ``interrupt_grace`` seconds), of the tests after its check cell; a question
    reached by neither scores 0.
    ``name``: the homework being graded (a notebook of another one gets a note).  ``timeout`` or ``time_limit``
    None (or 0): no such limit.  When it returns, the kernel, its descendants and its session are dead; in a
    worker of :func:`grade` (a subreaper), also the processes that left both.  Returns
    ``{"scores": {q: {...}}, "note": str, "seconds": float}``.
    """
    import nbformat

    from homework.tool import KERNELSPEC

    started = time.monotonic()
    timeout = timeout if timeout and timeout > 0 else None  # 0 or less: no limit (as nbclient's timeout)
    time_limit = time_limit if time_limit and time_limit > 0 else None
    path, tests_dir = Path(path), Path(tests_dir).resolve()
    notes = []
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:
        return {"scores": {}, "note": f"not a readable notebook ({type(error).__name__})", "seconds": 0.0}
    names = homework_names(nb)
    if name is not None and names and name not in names:
        notes.append(f"a notebook of homework {' / '.join(names)}, not {name}")
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    deadline = None if time_limit is None else started + time_limit
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        tmp = Path(tmp)
        work, scratch = tmp / "submission", tmp / "grader"
        shutil.copytree(path.parent, work, ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
        scratch.mkdir()
        run = _Run(nb, work, tests_dir, _questions(tests_dir), timeout, time_limit, interrupt_grace, scratch)
        run.deadline = deadline  # counted from the start: copying the folder is part of the submission's time
        with open(scratch / "kernel.log", "wb") as log_file:
            try:
                _run_coroutine(run.execute(log_file))
            except Exception as error:  # the grader's own failure: still a row, and no kernel left behind
                run.stop = run.stop or f"grading failed ({type(error).__name__}: {_first_line(error)})"
            finally:
                run.finish_kernel()

    if run.raised:
        notes.append(f"{len(run.raised)} cell(s) raised ({run.raised[min(run.raised)]})")
    for label in run.interrupted:
        notes.append(f"{label} ran past {timeout:g} s and was interrupted")
    scores = {}
    for question in run.questions:
        if question in run.final:
            scores[question] = run.final[question]
        elif question in run.checked:
            scores[question] = run.checked[question]
    if run.stop:
        notes.append(run.stop)
        kept = [q for q in run.questions if q not in run.final and q in run.checked]
        lost = [q for q in run.questions if q not in run.final and q not in run.checked]
        if kept:
            notes.append(f"{', '.join(kept)} scored by the tests run after {'its' if len(kept) == 1 else 'their'} "
                         "check cell")  # fmt: skip
        if lost:
            notes.append(f"{', '.join(lost)} not reached (0)")
    if run.redefined:
        notes.append(f"redefined built-ins ({', '.join(run.redefined)}), put back after each cell")
    if run.printed > OUTPUT_NOTED:
        notes.append(f"printed {_size(run.printed)}")
    if run.left_running:
        notes.append(f"{run.left_running} process(es) it started were still running at the end (killed)")
    return {"scores": scores, "note": "; ".join(notes), "seconds": round(time.monotonic() - started, 1)}


# ---------------------------------------------------------------------------------- workers
_IN_WORKER = False  # True in a worker process: it kills its whole process tree after each submission


def _worker_main() -> None:
    """A worker process (``python -c``, see :class:`_Worker`): grade the submissions read from stdin, one JSON
    line each, one at a time; write each result to stdout as a JSON line; stop at end of input."""
    global _IN_WORKER
    _IN_WORKER = True
    parent, folder = int(sys.argv[1]), Path(sys.argv[2])
    tempfile.tempdir = str(folder)  # each submission's copy and scratch files: removed with the folder
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    log = os.open(folder / "worker.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)  # whatever else writes to this process's stdout or stderr goes to the log
    os.dup2(log, 2)

    def stop(signum, frame):  # the grading process is gone, or stops this worker
        kill_processes([os.getpid()])
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            folder.parent.rmdir()  # the grading run's folder, once no worker has anything in it
        os._exit(128 + signum)

    # The grading process may have started this worker with SIGINT and SIGTERM blocked (_signals_blocked) or
    # SIGINT ignored (a background job): kernels inherit both, and a kernel that never sees SIGINT cannot be
    # interrupted.  Kernels started from here get SIGINT's default and no signal blocked.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the grading process died before the line above
        stop(signal.SIGTERM, None)
    for line in sys.stdin:
        kwargs = json.loads(line)
        try:
            result = grade_notebook(**kwargs)
        except BaseException as error:
            result = {"scores": {}, "note": f"grading failed ({type(error).__name__}: {_first_line(error)})"}
        finally:
            kill_processes([os.getpid()])
            _reap_children()
        replies.write(json.dumps(result) + "\n")
        replies.flush()


class _Worker:
    """A worker process, in a session of its own (Ctrl-C in the terminal reaches the grading process only,
    which stops the workers itself), its stdout a pipe of JSON lines; its log (and its kernels') in a file."""

    def __init__(self, folder: Path):
        import subprocess

        folder.mkdir()
        self.log_path = folder / "worker.log"
        code = f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r}); "
        code += "from homework.grading import _worker_main; _worker_main()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(os.getpid()), str(folder)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True, text=True, encoding="utf-8",
        )  # fmt: skip
        self.task = None  # (path, deadline) of the submission it is grading

    def send(self, kwargs: dict) -> None:
        self.process.stdin.write(json.dumps(kwargs) + "\n")
        self.process.stdin.flush()

    def receive(self) -> dict | None:
        """The result it wrote, or None if it died first."""
        line = self.process.stdout.readline()
        try:
            return json.loads(line) if line.endswith("\n") else None
        except ValueError:
            return None

    def stop(self) -> None:
        """Let it finish (end of input), then make sure nothing of it is left."""
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        with contextlib.suppress(Exception):
            self.process.wait(5)
        self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            kill_processes([self.process.pid], include_roots=True)
        with contextlib.suppress(Exception):
            self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def last_log_line(self) -> str:
        with contextlib.suppress(OSError):
            lines = [line for line in self.log_path.read_text(errors="replace").splitlines() if line.strip()]
            return lines[-1][:160] if lines else ""
        return ""


class GradingInterrupted(KeyboardInterrupt):
    """``grade`` was stopped (Ctrl-C, SIGTERM); the rows written so far are kept."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _raise_interrupted(signum, frame):
    raise GradingInterrupted(signum)


@contextlib.contextmanager
def _signals_blocked():
    """No SIGINT/SIGTERM handler runs inside (a CSV row is written whole); they are handled on leaving."""
    blocked = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _run_workers(paths: list[Path], jobs: int, kwargs: dict, time_limit, finished) -> None:
    """Grade ``paths`` on ``jobs`` worker processes, calling ``finished(path, result)`` as each one is done."""
    from multiprocessing.connection import wait

    folder = Path(tempfile.mkdtemp(prefix="grade-"))  # a folder per worker: its log, the submissions' copies
    queue, workers, count = deque(paths), [], 0
    try:
        while queue or any(w.task for w in workers):
            with _signals_blocked():  # a worker is in `workers` as soon as it exists, and its task recorded
                while queue and len(workers) < jobs:
                    count += 1
                    workers.append(_Worker(folder / f"worker-{count}"))
                for worker in workers:
                    if worker.task is None and queue:
                        path = queue.popleft()
                        answer_by = None if time_limit is None else time.monotonic() + time_limit + WORKER_GRACE
                        worker.task = (path, answer_by)
                        with contextlib.suppress(OSError):  # a worker that died already: seen below
                            worker.send(dict(kwargs, path=str(path)))
            busy = [w for w in workers if w.task]
            ready = wait([w.process.stdout for w in busy], timeout=1.0)
            for worker in busy:
                path, deadline = worker.task
                if worker.process.stdout in ready:
                    result = worker.receive()
                    why = f"its worker died (exit code {worker.process.poll()}): {worker.last_log_line()}"
                elif deadline is not None and time.monotonic() > deadline:
                    result, why = None, f"its worker did not answer within {time_limit + WORKER_GRACE:g} s"
                else:
                    continue
                if result is None:
                    worker.kill()
                    workers.remove(worker)
                    result = {"scores": {}, "note": f"grading failed ({why})"}
                worker.task = None
                finished(path, result)
    finally:  # every worker stops, and with it every kernel and process a submission started
        with _signals_blocked():
            for worker in workers:
                (worker.kill if worker.task else worker.stop)()
            shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------------------------ CSV
def _read_rows(out: Path, fields: list[str]) -> dict[str, dict]:
    """The complete rows of an earlier run's CSV, by file name (a torn last line is left out)."""
    if not out.is_file() or out.stat().st_size == 0:
        return {}
    from homework.tool import HomeworkError

    with out.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != fields:
            raise HomeworkError(
                f"{out} has the columns {reader.fieldnames}, not {fields}: it is not this homework's scores. "
                "Give another --out, or --regrade to replace it."
            )
        rows = {}
        for row in reader:
            if None not in row and all(row.get(field) is not None for field in fields):
                rows[row["file"]] = row
    return rows


def _write_rows(out: Path, fields: list[str], rows) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(partial, out)


def default_jobs() -> int:
    """How many submissions ``grade`` runs at once by default: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def grade(name: str, submissions, *, out=None, timeout: float = DEFAULT_TIMEOUT,
          time_limit: float | None = DEFAULT_TIME_LIMIT, interrupt_grace: float = INTERRUPT_GRACE,
          root: Path | None = None, build_dir: Path | None = None, jobs: int | None = None,
          regrade: bool = False) -> Path:  # fmt: skip
    """Grade every ``*.ipynb`` in the folder ``submissions`` for homework ``name``; write and return a CSV.

    Columns: ``file``, one per question (points scored), ``total``, ``possible``, ``note``.  Uses the tests in
    ``<build_dir>/<name>/tests`` (default ``homework/build``; generated first if missing).  ``jobs``
    submissions are graded at once (default :func:`default_jobs`), each by a worker process in a kernel of its
    own, ``timeout`` seconds per cell, ``time_limit`` seconds per submission, ``interrupt_grace`` seconds for
    an interrupted cell to stop (see :func:`grade_notebook`).
    A line is printed and a row appended to ``out`` (flushed) as each submission finishes; when all are done,
    the rows are sorted by file name, so the CSV is the same whatever ``jobs`` is.  Submissions already in
    ``out`` are not graded again unless ``regrade``.  A submission that is not a notebook, raises, hangs, kills
    its kernel or runs out of time still gets a row, with a note.  On Ctrl-C or SIGTERM, stops every worker
    and kernel and raises :class:`GradingInterrupted` (the rows written are kept).  Raises ``HomeworkError``
    if ``submissions`` is not a folder, ``jobs`` is below 1, ``name`` has no master, or ``out`` holds other
    columns.
    """
    from homework.tool import HomeworkError, generate, repo_root

    root = repo_root() if root is None else Path(root)
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise HomeworkError(f"{submissions} is not a folder of submitted notebooks.")
    jobs = default_jobs() if jobs is None else int(jobs)
    time_limit = time_limit if time_limit and time_limit > 0 else None  # 0 or less: no limit
    if jobs < 1:
        raise HomeworkError(f"--jobs must be at least 1 (got {jobs}).")
    build_dir = root / "homework" / "build" if build_dir is None else Path(build_dir)
    bundle = build_dir / name
    if not (bundle / "tests").is_dir() or not (bundle / "questions.json").is_file():
        with tempfile.TemporaryDirectory(prefix="grade-student-") as tmp:
            generate(name, root=root, student_dir=Path(tmp), build_dir=build_dir)
    points = json.loads((bundle / "questions.json").read_text())
    fields = ["file", *points, "total", "possible", "note"]
    out = Path(out) if out is not None else submissions / f"{name}_scores.csv"
    paths = sorted(submissions.glob("*.ipynb"))
    rows = {} if regrade else _read_rows(out, fields)
    _write_rows(out, fields, rows.values())  # the earlier rows (a torn last line dropped), or just the header
    todo = [p for p in paths if p.name not in rows]
    if rows:
        print(f"{len(paths) - len(todo)} of {len(paths)} submission(s) already in {out}: grading the other "
              f"{len(todo)} (--regrade grades them all again)", flush=True)  # fmt: skip
    done = len(paths) - len(todo)

    def finished(path: Path, result: dict) -> None:
        nonlocal done
        row = {"file": path.name}
        for question in points:
            row[question] = round(float(result["scores"].get(question, {}).get("score", 0.0)), 3)
        row["total"] = round(sum(row[q] for q in points), 3)
        row["possible"] = sum(points.values())
        row["note"] = result["note"]
        with _signals_blocked(), out.open("a", newline="", encoding="utf-8") as handle:
            csv.DictWriter(handle, fieldnames=fields).writerow(row)
            handle.flush()
            os.fsync(handle.fileno())
        rows[path.name] = {key: str(value) for key, value in row.items()}
        done += 1
        seconds = f" in {result['seconds']:.1f} s" if result.get("seconds") else ""
        note = f"  ({row['note']})" if row["note"] else ""
        print(f"[{done}/{len(paths)}] {path.name}: {row['total']} / {row['possible']}{seconds}{note}", flush=True)

    workers = min(jobs, len(todo))
    if workers > 1:
        print(f"grading {len(todo)} submission(s), {workers} at a time", flush=True)
    kwargs = {"tests_dir": str(bundle / "tests"), "timeout": timeout, "time_limit": time_limit, "name": name}
    kwargs["interrupt_grace"] = interrupt_grace
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_interrupted) if main_thread else None
    try:
        if todo:
            _run_workers(todo, workers, kwargs, time_limit, finished)
    except KeyboardInterrupt as error:
        print(f"interrupted: {done} of {len(paths)} submission(s) graded in {out}; run the same command again "
              "to grade the others", file=sys.stderr, flush=True)  # fmt: skip
        if isinstance(error, GradingInterrupted):
            raise
        raise GradingInterrupted(signal.SIGINT) from None
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    _write_rows(out, fields, [rows[key] for key in sorted(rows)])
    print(f"{len(paths)} submission(s) graded -> {out}")
    return out

"""pytest plugin: nbval's run of a notebook fills the book's execution cache (see CONTRIBUTING.md, "One
executor, one cache", for why and how).

Loaded with ``-p tests.nbval_cache`` next to ``--nbval-lax``.  While nbval runs a notebook cell by cell,
every kernel message also goes through ``nbclient.NotebookClient.process_message``, the code myst-nb
executes notebooks with, so the recorded outputs are the ones a build would produce.  When every code
cell passed, the executed notebook is stored in the book's jupyter-cache (``_build/.jupyter_cache``,
``--nb-cache DIR``), as myst-nb stores one it executed itself, with a fingerprint of what the run depended
on in the record's ``data``.  A notebook whose cached record carries the current fingerprint is not
collected again (``--nb-rerun`` runs it regardless; a notebook named on the command line always runs).
"""

from __future__ import annotations

import copy
import hashlib
import os
import time
import warnings
from pathlib import Path

import pytest

DEFAULT_CACHE = Path("_build") / ".jupyter_cache"
# The environment the kernels would get from the build (the same shell).  A conftest that changes it
# inside pytest (tests/conftest.py sets MPLBACKEND=Agg, which would drop every figure) makes nbval's
# kernels differ from the build's: such runs are not cached.
_START_ENV = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}


def _environment_changed() -> list[str]:
    now = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return sorted(k for k in now.keys() | _START_ENV.keys() if now.get(k) != _START_ENV.get(k))


def pytest_addoption(parser):
    group = parser.getgroup("nbval_cache", "feed the Jupyter Book execution cache from nbval")
    group.addoption(
        "--nb-cache",
        default=None,
        metavar="DIR",
        help=f"jupyter-cache folder to write executed notebooks into (default: <rootdir>/{DEFAULT_CACHE})",
    )
    group.addoption("--no-nb-cache", action="store_true", help="do not write executed notebooks into the cache")
    group.addoption(
        "--nb-rerun",
        action="store_true",
        help="run every notebook, also those that passed unchanged before (ignore the fingerprints in the cache)",
    )


# What a notebook's run depends on, besides the notebook itself (folders relative to the rootdir).
DEPENDENCIES = ("lib", "pyproject.toml", "tests/nbval_cache.py")
FINGERPRINT_KEY = "nbval_fingerprint"  # where a passing nbval run leaves its fingerprint in the cache record


def fingerprint(notebook: Path, root: Path) -> str:
    """A hash of the notebook file and of everything in the repository its run depends on."""
    digest = hashlib.sha256(notebook.read_bytes())
    for name in DEPENDENCIES:
        top = root / name
        files = (
            sorted(p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if top.is_dir() else [top]
        )
        for path in files:
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    mnist = os.environ.get("AUTOENCODER_COURSE_MNIST", "")
    if mnist and Path(mnist).is_file():
        info = Path(mnist).stat()
        mnist = f"{Path(mnist).resolve()}:{info.st_size}:{info.st_mtime_ns}"
    full = os.environ.get("AUTOENCODER_COURSE_FULL_MNIST", "")
    digest.update(f"\0MNIST={mnist}\0FULL={full}".encode())
    return digest.hexdigest()


class Recording:
    """The outputs of one notebook as nbclient would have recorded them, built from nbval's messages."""

    def __init__(self, file_item) -> None:
        from nbclient import NotebookClient

        self.path = Path(str(file_item.fspath)).resolve()
        self.nb = copy.deepcopy(file_item.nb)
        self.code_cells = [i for i, cell in enumerate(self.nb.cells) if cell.cell_type == "code"]
        for index in self.code_cells:
            self.nb.cells[index].outputs = []
            self.nb.cells[index].execution_count = None
        # record_timing=False: like jupyter-cache's executor, no timing metadata on the cells (which
        # would change their hash).  No kernel is started: only the message handling is used.
        self.client = NotebookClient(self.nb, record_timing=False, store_widget_state=True)
        self.passed: set[int] = set()
        self.broken = False
        self.current: tuple[str, int] | None = None  # (msg_id of the cell's execute request, cell index)
        self.started = time.monotonic()
        self.kernel = None

    def attach(self, kernel) -> None:
        """Route the kernel's messages through nbclient as nbval reads them (once per kernel)."""
        if self.kernel is kernel:
            return
        if self.kernel is not None:
            raise RuntimeError("nbval restarted the kernel")
        changed = _environment_changed()
        if changed:
            raise RuntimeError(
                f"the environment changed inside pytest ({', '.join(changed)}), "
                "so nbval's kernel does not run as the build's would"
            )
        self.kernel = kernel
        self.client.kc = kernel.kc  # the Output widget mimic answers the kernel through it
        self.language_info = _language_info(kernel.kc)
        original_get = kernel.get_message

        def execute_cell_input(cell_input, allow_stdin=None):
            # nbclient executes with store_history=True (In/Out, execution counts 1, 2, ...)
            return kernel.kc.execute(cell_input, store_history=True, allow_stdin=bool(allow_stdin), stop_on_error=False)

        def get_message(stream, timeout=None):
            msg = original_get(stream, timeout=timeout)
            if stream == "iopub" and self.current and msg["parent_header"].get("msg_id") == self.current[0]:
                self._process(msg)
            return msg

        kernel.execute_cell_input = execute_cell_input
        kernel.get_message = get_message

    def _process(self, msg) -> None:
        from nbclient.exceptions import CellExecutionComplete

        index = self.current[1]
        try:
            self.client.process_message(msg, self.nb.cells[index], index)
        except CellExecutionComplete:
            pass
        except Exception as error:  # a recording problem must never fail the test: just don't cache
            self.broken = True
            warnings.warn(
                pytest.PytestWarning(f"nbval_cache: {self.path.name} will not be cached: {error!r}"), stacklevel=2
            )

    def start_cell(self, index: int) -> None:
        cell = self.nb.cells[index]
        cell.outputs = []
        self.client.clear_display_id_mapping(index)
        self.client.clear_before_next_output = False
        self.current = None
        if self.client.skip_cells_with_tag in cell.metadata.get("tags", []):
            self.broken = True  # the build would not run this cell, nbval does: the outputs could differ
        if not cell.source.strip():
            return  # nbclient leaves an empty cell unexecuted (no count, no outputs)
        original = self.kernel.execute_cell_input

        def execute_and_remember(cell_input, allow_stdin=None):
            msg_id = original(cell_input, allow_stdin)
            self.current = (msg_id, index)
            self.kernel.execute_cell_input = original
            return msg_id

        self.kernel.execute_cell_input = execute_and_remember

    def complete(self) -> bool:
        return not self.broken and self.passed == set(self.code_cells)

    def executed_notebook(self):
        self.client.set_widgets_metadata()
        if self.language_info:
            self.nb.metadata["language_info"] = self.language_info
        return self.nb


def _language_info(kc, timeout: float = 30) -> dict | None:
    """The kernel's language_info (nbclient stores it in the notebook's metadata)."""
    msg_id = kc.kernel_info()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        except Exception:
            return None
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"].get("language_info")
    return None


class NbvalCache:
    def __init__(self, config) -> None:
        self.config = config
        self.recordings: dict[str, Recording] = {}
        self.remaining: dict[str, int] = {}
        self.written: list[str] = []
        self.skipped: list[str] = []
        folder = config.getoption("nb_cache")
        self.cache_dir = Path(folder).resolve() if folder else Path(str(config.rootpath)) / DEFAULT_CACHE
        self.root = Path(str(config.rootpath))
        self.unchanged: list[str] = []

    def _name(self, path: Path) -> str:
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)

    def pytest_ignore_collect(self, collection_path, config):
        """Skip a notebook whose cached run passed with the inputs it has now (the record's fingerprint)."""
        path = Path(collection_path).resolve()
        if path.suffix != ".ipynb" or config.getoption("nb_rerun") or not (self.cache_dir / "global.db").is_file():
            return None
        try:
            import nbformat
            from jupyter_cache import get_cache

            record = get_cache(str(self.cache_dir)).match_cache_notebook(nbformat.read(path, as_version=4))
            if (record.data or {}).get(FINGERPRINT_KEY) != fingerprint(path, self.root):
                return None  # changed inputs, or executed by the build (which runs no hidden checks under nbval)
        except Exception:  # KeyError: not cached; anything else: run it rather than guess
            return None
        self.unchanged.append(self._name(path))
        return True

    @staticmethod
    def _is_cell(item) -> bool:
        return type(item).__name__ == "IPyNbCell" and hasattr(item, "cell_num")

    def _recording(self, item) -> Recording:
        key = item.parent.nodeid
        if key not in self.recordings:
            self.recordings[key] = Recording(item.parent)
            # Taken before the first cell runs: an edit made while the notebook runs is not marked as passed.
            self.recordings[key].fingerprint = fingerprint(self.recordings[key].path, self.root)
        return self.recordings[key]

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, session, config, items):
        for item in items:
            if self._is_cell(item):
                self.remaining[item.parent.nodeid] = self.remaining.get(item.parent.nodeid, 0) + 1

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        if self._is_cell(item):
            try:
                recording = self._recording(item)
                if not recording.broken and getattr(item.parent, "kernel", None) is not None:
                    recording.attach(item.parent.kernel)
                    index = next(i for i, c in enumerate(item.parent.nb.cells) if c is item.cell)
                    recording.start_cell(index)
                    item._nbval_cache_index = index
            except Exception as error:  # never break the test run because of the cache
                self._give_up(item, error)
        yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        if not self._is_cell(item):
            return
        try:
            report = outcome.get_result()
            recording = self._recording(item)
            if report.failed or report.skipped:
                recording.broken = True
            elif report.when == "call" and hasattr(item, "_nbval_cache_index"):
                recording.passed.add(item._nbval_cache_index)
            if report.when == "call":
                recording.current = None
            if report.when == "teardown":
                key = item.parent.nodeid
                self.remaining[key] = self.remaining.get(key, 1) - 1
                if self.remaining[key] == 0:
                    self._finish(key)
        except Exception as error:
            self._give_up(item, error)

    def _give_up(self, item, error) -> None:
        recording = self.recordings.get(item.parent.nodeid)
        if recording is None or not recording.broken:
            warnings.warn(
                pytest.PytestWarning(f"nbval_cache: {item.parent.name} will not be cached: {error}"), stacklevel=2
            )
        if recording is not None:
            recording.broken = True

    def _finish(self, key: str) -> None:
        recording = self.recordings.pop(key)
        name = self._name(recording.path)
        if not recording.complete():
            self.skipped.append(name)
            return
        from jupyter_cache import get_cache
        from jupyter_cache.base import CacheBundleIn

        try:
            nb = recording.executed_notebook()
            cache = get_cache(str(self.cache_dir))
            # As myst-nb stores a notebook it executed itself (myst_nb/core/execute/cache.py).
            record = cache.cache_notebook_bundle(
                CacheBundleIn(
                    nb,
                    str(recording.path),
                    data={
                        "execution_seconds": time.monotonic() - recording.started,
                        FINGERPRINT_KEY: recording.fingerprint,
                    },
                ),
                check_validity=False,
                overwrite=True,
            )
        except Exception as error:
            warnings.warn(pytest.PytestWarning(f"nbval_cache: could not cache {name}: {error!r}"), stacklevel=2)
            self.skipped.append(name)
            return
        self.written.append(f"{name} (ID={record.pk})")

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and self.unchanged:
            session.exitstatus = pytest.ExitCode.OK  # every notebook asked for passed before, unchanged

    def pytest_terminal_summary(self, terminalreporter):
        if not (self.written or self.skipped or self.unchanged):
            return
        terminalreporter.section("nbval_cache")
        if self.unchanged:
            terminalreporter.write_line(
                f"{len(self.unchanged)} notebook(s) not run: they passed before and nothing "
                "they depend on changed (--nb-rerun or make test-notebooks RERUN=1 runs them):"
            )
            for name in self.unchanged:
                terminalreporter.write_line(f"  {name}")
        if self.written:
            terminalreporter.write_line(
                f"{len(self.written)} executed notebook(s) cached in {self.cache_dir} for jupyter-book build:"
            )
        for name in self.written:
            terminalreporter.write_line(f"  {name}")
        if self.skipped:
            terminalreporter.write_line(
                "not cached (a cell failed, was skipped or deselected): " + ", ".join(self.skipped)
            )


def pytest_configure(config):
    if config.getoption("no_nb_cache") or not config.pluginmanager.hasplugin("nbval"):
        return
    config.pluginmanager.register(NbvalCache(config), "nbval_cache_recorder")

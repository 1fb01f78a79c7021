"""Open JupyterLab on the learner's own copy of the course, with the course's environment (``make lab``).

Usage: python scripts/lab.py [--port 8888] [--no-browser] [--workspace DIR | --sources]

- What it opens: a working copy of the student edition (``student/``, generated from the book: plain
  Markdown that JupyterLab renders, solutions folded) in ``workspace/`` (git-ignored), so a learner's
  edits never touch the repository.  Each start copies what is new; a notebook the learner has changed
  is never overwritten (an unchanged copy is refreshed when the student edition changed; the record of
  what was copied is ``workspace/.course-copies.json``).  ``--sources`` opens the authors' sources in
  ``chapters/`` instead (``make lab-sources``).
- JupyterLab's news and update pop-up is off, and every cell is kept in the page (no windowing, so the
  browser's find and print see the whole notebook): ``lab_settings/overrides.json``.
- JupyterLab from this virtual environment (``.venv`` after ``make setup``): its ``python3`` kernel
  is this environment's Python, so ``import autoencoder_course`` works in every notebook.
- Bound to 127.0.0.1 only, with a fresh random token for every run (in the server's environment, not
  on its command line); the address to open, token included, is printed.
- MNIST: ``AUTOENCODER_COURSE_MNIST`` is passed on to the kernels when it is set (made absolute, since
  each notebook runs in its own folder); otherwise the chapters use Keras's download.
- Ctrl+C (or SIGTERM) stops JupyterLab and its kernels.

The server itself is scripts/serve.py's ``JupyterServer`` (the one behind the site's Live Code).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import ROOT, JupyterServer, _free_port, _port_is_free  # noqa: E402

STUDENT = ROOT / "student"
WORKSPACE = ROOT / "workspace"
RECORD = ".course-copies.json"
SETTINGS = Path(__file__).resolve().parent / "lab_settings"


def lab_server(port: int, root_dir: Path, open_browser: bool) -> JupyterServer:
    return JupyterServer(
        port,
        root_dir,
        app="jupyterlab",
        open_browser=open_browser,
        options=["--ServerApp.log_level=WARN", f"--LabApp.app_settings_dir={SETTINGS}"],
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sync_workspace(source: Path, workspace: Path) -> dict[str, list[str]]:
    """Copy the student edition in ``source`` into ``workspace`` without ever losing a learner's edit.

    A file missing from the workspace is copied; a copy the learner has not changed since it was copied
    is refreshed when the source changed; a changed copy is kept as it is.  Returns the relative paths
    ``{"copied": [...], "updated": [...], "kept": [...]}`` ("kept": edited copies whose source changed).
    Raises FileNotFoundError when ``source`` has no student edition.
    """
    if not source.is_dir() or not any(source.rglob("*.ipynb")):
        raise FileNotFoundError(f"No student edition in {source}: run `make student` (it writes student/).")
    workspace.mkdir(parents=True, exist_ok=True)
    record_path = workspace / RECORD
    try:
        record = json.loads(record_path.read_text()) if record_path.is_file() else {}
    except ValueError:
        record = {}  # a damaged record only means edited copies are not told from unedited ones: keep them
    report: dict[str, list[str]] = {"copied": [], "updated": [], "kept": []}
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        target, new = workspace / name, _digest(path)
        if not target.exists():
            report["copied"].append(name)
        elif record.get(name) == new:
            continue
        elif record.get(name) == _digest(target):
            report["updated"].append(name)
        elif _digest(target) == new:
            record[name] = new  # the same as the course's: refreshed again when it changes
            continue
        else:
            report["kept"].append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        record[name] = new
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--port", type=int, default=8888, help="port (default 8888; a free one is chosen if it is taken)"
    )
    parser.add_argument("--no-browser", action="store_true", help="only print the address, do not open a browser")
    parser.add_argument(
        "--workspace",
        type=Path,
        default=WORKSPACE,
        help="the learner's copy of the student edition (default workspace/)",
    )
    parser.add_argument("--sources", action="store_true", help="open the authors' sources, chapters/, instead")
    args = parser.parse_args(argv)

    try:
        import jupyterlab  # noqa: F401

        import autoencoder_course  # noqa: F401
    except ImportError as error:
        print(f"{error.name} is not installed in {sys.prefix}: run `make setup` first.", file=sys.stderr)
        return 1
    mnist = os.environ.get("AUTOENCODER_COURSE_MNIST")
    if mnist:
        os.environ["AUTOENCODER_COURSE_MNIST"] = str(Path(mnist).expanduser().resolve())
        if not Path(os.environ["AUTOENCODER_COURSE_MNIST"]).is_file():
            print(
                f"Warning: AUTOENCODER_COURSE_MNIST={mnist} is not a file; the chapters will fail to load MNIST.",
                file=sys.stderr,
            )

    if args.sources:
        root = ROOT / "chapters"
    else:
        root = args.workspace.expanduser().resolve()
        try:
            report = sync_workspace(STUDENT, root)
        except FileNotFoundError as error:
            print(error, file=sys.stderr)
            return 1
        for verb, names in report.items():
            if names and verb != "kept":
                print(f"{verb} {len(names)} file(s) of the student edition into {root}")
        for name in report["kept"]:
            print(
                f"kept your edited {name}; the course's newer version is student/{name} "
                "(delete your copy to get it at the next start)"
            )

    port = args.port if _port_is_free(args.port) else _free_port()
    if port != args.port:
        print(f"Port {args.port} is taken: JupyterLab uses {port} instead.")
    lab = lab_server(port, root, open_browser=not args.no_browser)
    stopping = threading.Event()

    def _stop(signum, frame) -> None:
        stopping.set()

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)
    try:
        lab.start()
    except (RuntimeError, OSError) as error:
        lab.stop()
        print(f"JupyterLab did not start: {error}", file=sys.stderr)
        return 1
    print(f"JupyterLab on {root}: {lab.base_url}lab?token={lab.token}", flush=True)
    print(
        f"Kernel: {sys.executable} (the course's environment); MNIST: "
        + (
            os.environ["AUTOENCODER_COURSE_MNIST"]
            if mnist
            else "Keras's download (set AUTOENCODER_COURSE_MNIST to use a local file)"
        ),
        flush=True,
    )
    print("Press Ctrl+C to stop JupyterLab and its kernels.", flush=True)
    try:
        while not stopping.wait(1):
            if not lab.alive():
                print("JupyterLab stopped.", file=sys.stderr)
                return 1
    finally:
        lab.stop()
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Open JupyterLab on the course's chapters, with the course's environment (``make lab``).

Usage: python scripts/lab.py [--port 8888] [--no-browser] [--root chapters]

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
import os
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import ROOT, JupyterServer, _free_port, _port_is_free  # noqa: E402


def lab_server(port: int, root_dir: Path, open_browser: bool) -> JupyterServer:
    return JupyterServer(port, root_dir, app="jupyterlab", open_browser=open_browser,
                         options=["--ServerApp.log_level=WARN"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8888, help="port (default 8888; a free one is chosen if it is taken)")
    parser.add_argument("--no-browser", action="store_true", help="only print the address, do not open a browser")
    parser.add_argument("--root", type=Path, default=ROOT / "chapters", help="folder JupyterLab opens (default chapters/)")
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
            print(f"Warning: AUTOENCODER_COURSE_MNIST={mnist} is not a file; the chapters will fail to load MNIST.",
                  file=sys.stderr)

    port = args.port if _port_is_free(args.port) else _free_port()
    if port != args.port:
        print(f"Port {args.port} is taken: JupyterLab uses {port} instead.")
    lab = lab_server(port, args.root.resolve(), open_browser=not args.no_browser)
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
    print(f"JupyterLab on {args.root}: {lab.base_url}lab?token={lab.token}", flush=True)
    print(f"Kernel: {sys.executable} (the course's environment); MNIST: "
          + (os.environ["AUTOENCODER_COURSE_MNIST"] if mnist else "Keras's download (set AUTOENCODER_COURSE_MNIST "
             "to use a local file)"), flush=True)
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

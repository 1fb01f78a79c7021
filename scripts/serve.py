"""Serve the built book on http://127.0.0.1, with a local Jupyter server for its "Live Code" button.

Usage: python scripts/serve.py [--port 8000] [--jupyter-port 8888] [--no-jupyter] [--site DIR]

- The site (``_build/html``) is served on 127.0.0.1 only: no other machine can reach it.
- Beside it runs a Jupyter server (``jupyter server``, the kernels of this virtual environment, so
  ``autoencoder_course`` is importable), also bound to 127.0.0.1, with a fresh random token for every
  run (held in memory and in the server's environment, never written into the repository), cross-origin
  requests allowed from the site's own address only, one kernel per browser tab and page, and kernels
  that stay idle with no tab attached culled after ``--cull-idle`` seconds.
- The pages learn the Jupyter address and token from ``/live-code.json``, which exists only while this
  script runs and is answered only to requests addressed to 127.0.0.1 / localhost (so another web site
  cannot read it through a DNS-rebinding trick).
- Ctrl+C (or SIGTERM) stops the site and the Jupyter server with its kernels.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CONFIG_PATH = "/live-code.json"


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _enabled_server_extensions() -> list[str]:
    try:
        from jupyter_core.paths import jupyter_config_path
        from jupyter_server.extension.config import ExtensionConfigManager
    except ImportError:
        return []
    found = ExtensionConfigManager(read_config_path=jupyter_config_path()).get_jpserver_extensions()
    return sorted(name for name, enabled in found.items() if enabled)


class JupyterServer:
    """A Jupyter application (``jupyter_server``, ``jupyterlab``) as a subprocess, bound to 127.0.0.1.

    A fresh random token for every run, handed to the server in its environment (not on the command
    line, where `ps` would show it); no remote access.  ``options`` are further ``--Class.trait=value``
    arguments.  Also used by scripts/lab.py (``make lab``).
    """

    def __init__(
        self,
        port: int,
        root_dir: Path,
        *,
        app: str = "jupyter_server",
        options: list[str] | tuple = (),
        open_browser: bool = False,
    ) -> None:
        self.port = port
        self.token = secrets.token_urlsafe(32)
        self.base_url = f"http://127.0.0.1:{port}/"
        self.command = [
            sys.executable,
            "-m",
            app,
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.open_browser={open_browser}",
            f"--ServerApp.root_dir={root_dir}",
            "--ServerApp.allow_remote_access=False",
            *options,
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            self.command.append("--allow-root")  # containers often run as root; jupyter refuses otherwise
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> None:
        env = dict(os.environ, JUPYTER_TOKEN=self.token)  # not on the command line: `ps` would show it
        # Figures must come back to the page: a non-interactive MPLBACKEND (Agg, set by test runners and
        # some shells) would swallow them, so kernels use their inline default.
        env.pop("MPLBACKEND", None)
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # 3: also the C++ "NodeDef mentions attribute" lines
        self.process = subprocess.Popen(
            self.command, cwd=str(ROOT), env=env, stdin=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        request = urllib.request.Request(self.base_url + "api/status", headers={"Authorization": f"token {self.token}"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the Jupyter server exited with status {self.process.returncode} (see its messages above)"
                )
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the Jupyter server did not answer on {self.base_url} within {timeout:.0f} s")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # SIGTERM lets jupyter shut its kernels down; then make sure nothing of its group is left.
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()


class LiveCodeServer(JupyterServer):
    """The `jupyter server` beside the site for its Live Code: kernel and session APIs only."""

    def __init__(self, port: int, site_port: int, root_dir: Path, cull_idle: int) -> None:
        origins = rf"^http://(127\.0\.0\.1|localhost):{site_port}$"
        options = [
            f"--ServerApp.allow_origin_pat={origins}",
            "--ServerApp.terminals_enabled=False",
            "--ServerApp.log_level=WARN",
            # Culling: a kernel whose tab is gone and that has been idle this long is shut down.
            f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
            f"--MappingKernelManager.cull_interval={max(1, min(60, cull_idle // 2))}",
            "--MappingKernelManager.cull_connected=False",
            "--MappingKernelManager.cull_busy=False",
        ]
        # Only the kernel and session APIs are needed: switch off JupyterLab, terminals, LSP... (faster
        # start, less exposed).
        options += [f"--ServerApp.jpserver_extensions={name}=False" for name in _enabled_server_extensions()]
        super().__init__(port, root_dir, options=options)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, plus /live-code.json for pages loaded from this very server."""

    live_code: dict = {"jupyter": None, "reason": "not started"}
    allowed_hosts: frozenset[str] = frozenset()

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0]
        if path == "/favicon.ico" and not (Path(self.directory) / "favicon.ico").exists():
            self.send_response(204)  # browsers ask for it on every page; no icon, and no 404 in the console
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == CONFIG_PATH:
            if self.headers.get("Host", "") not in self.allowed_hosts:
                self.send_error(403, "live-code.json is only served to http://127.0.0.1 and http://localhost")
                return
            body = json.dumps(self.live_code).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if os.environ.get("SERVE_LOG_REQUESTS"):
            super().log_message(format, *args)


def _live_code_state(jupyter: JupyterServer | None, reason: str) -> dict:
    if jupyter is None:
        return {"jupyter": None, "reason": reason}
    return {"jupyter": {"baseUrl": jupyter.base_url, "token": jupyter.token}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8000, help="port of the site (default 8000)")
    parser.add_argument(
        "--jupyter-port",
        type=int,
        default=8888,
        help="port of the Jupyter server (default 8888; a free one is chosen if it is taken)",
    )
    parser.add_argument(
        "--no-jupyter", action="store_true", help="serve the site only (Live Code explains how to start it)"
    )
    parser.add_argument(
        "--cull-idle",
        type=int,
        default=900,
        help="seconds after which an idle kernel with no tab attached is shut down (default 900)",
    )
    parser.add_argument("--site", type=Path, default=SITE, help="folder of the built site (default _build/html)")
    args = parser.parse_args(argv)

    site = args.site.resolve()
    if not (site / "index.html").exists():
        print(f"No built book in {site}: run `make build` first (or `make serve`, which builds it).", file=sys.stderr)
        return 1
    if not _port_is_free(args.port):
        print(
            f"Port {args.port} on 127.0.0.1 is taken (another serve running?): stop it or pass --port.", file=sys.stderr
        )
        return 1

    jupyter = None
    reason = "The site was started with --no-jupyter: restart the serve command without it."
    if not args.no_jupyter:
        port = args.jupyter_port if _port_is_free(args.jupyter_port) else _free_port()
        if port != args.jupyter_port:
            print(f"Port {args.jupyter_port} is taken: the Jupyter server uses {port} instead.")
        jupyter = LiveCodeServer(port, args.port, ROOT, args.cull_idle)
        try:
            jupyter.start()
        except (RuntimeError, OSError) as error:
            jupyter.stop()
            jupyter = None
            reason = f"The local Jupyter server failed to start ({error}); see the serve command's messages."
            print(f"Live Code is off: {reason}", file=sys.stderr)

    SiteHandler.live_code = _live_code_state(jupyter, reason)
    SiteHandler.allowed_hosts = frozenset({f"127.0.0.1:{args.port}", f"localhost:{args.port}"})
    handler = functools.partial(SiteHandler, directory=str(site))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as error:
        if jupyter:
            jupyter.stop()
        print(f"Cannot serve on 127.0.0.1:{args.port}: {error}", file=sys.stderr)
        return 1

    stopping = threading.Event()

    def _stop(signum, frame) -> None:
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

    # Ctrl+C, SIGTERM (a test fixture, a service manager) and a closed terminal all stop site and Jupyter.
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)

    def _watch_jupyter() -> None:  # if the Jupyter server dies, say so and tell the pages
        while jupyter and not stopping.wait(2):
            if not jupyter.alive():
                SiteHandler.live_code = _live_code_state(
                    None, "The local Jupyter server stopped; restart the serve command."
                )
                print(
                    "The Jupyter server stopped: Live Code is off until you restart this command.",
                    file=sys.stderr,
                    flush=True,
                )
                return

    threading.Thread(target=_watch_jupyter, daemon=True).start()
    print(f"Serving the course at http://127.0.0.1:{args.port}/", flush=True)
    if jupyter:
        print(
            f"Live Code: kernels from a local Jupyter server at {jupyter.base_url} "
            "(token given to the pages only; idle kernels culled after "
            f"{args.cull_idle} s)",
            flush=True,
        )
    else:
        print("Live Code: off (no Jupyter server).", flush=True)
    print("Press Ctrl+C to stop the site" + (" and the Jupyter server." if jupyter else "."), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        server.server_close()
        if jupyter:
            jupyter.stop()
        print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

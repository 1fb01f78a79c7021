"""Helpers of the real-browser site tests (test_pages_browser.py, test_live_code.py): run
scripts/serve.py in the background, watch a page's console and requests.  Fixtures are in conftest.py."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("AUTOENCODER_COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Served:
    """scripts/serve.py running in the background; `lines` collects what it printed."""

    def __init__(self, site: Path, *extra: str, timeout: float = 150.0):
        self.port, self.jupyter_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        command = [
            sys.executable,
            str(ROOT / "scripts" / "serve.py"),
            "--site",
            str(site),
            "--port",
            str(self.port),
            "--jupyter-port",
            str(self.jupyter_port),
            *extra,
        ]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + timeout
        while not any(line.startswith("Press Ctrl+C") for line in self.lines):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail("scripts/serve.py did not start:\n" + "".join(self.lines[-30:]))
            time.sleep(0.2)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def live_code_config(self) -> dict:
        with urllib.request.urlopen(self.url + "live-code.json", timeout=10) as response:
            return json.load(response)

    def stop(self, timeout: float = 40.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode


class PageWatch:
    """Console errors, uncaught exceptions, failed responses and requests that leave 127.0.0.1."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
        page.on("request", self._request)
        page.on("websocket", lambda ws: self._check_url(ws.url))

    def _request(self, request) -> None:
        self._check_url(request.url)

    def _check_url(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.hostname not in LOCAL_HOSTS:
            self.outside.append(url)

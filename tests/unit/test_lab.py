"""`make lab` (scripts/lab.py): JupyterLab on 127.0.0.1 with a token, the course's kernel, MNIST passed on."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_lab_serves_jupyterlab_on_localhost_with_a_token(tmp_path):
    mnist = tmp_path / "mnist.npz"
    mnist.write_bytes(b"")
    port = free_port()
    env = dict(os.environ, AUTOENCODER_COURSE_MNIST=os.path.relpath(mnist, ROOT))  # relative: made absolute
    process = subprocess.Popen([sys.executable, "scripts/lab.py", "--port", str(port), "--no-browser"], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    try:
        deadline = time.monotonic() + 90
        url = None
        while url is None and time.monotonic() < deadline and process.poll() is None:
            found = [m for line in list(lines) for m in re.findall(r"http://127\.0\.0\.1:\d+/lab\?token=\S+", line)]
            url = found[0] if found else None
            time.sleep(0.2)
        assert url, "scripts/lab.py printed no address:\n" + "".join(lines[-30:])
        assert url.startswith(f"http://127.0.0.1:{port}/lab?token=")
        token = url.split("token=", 1)[1]
        assert len(token) >= 32

        status, page = get(url)
        assert status == 200 and "<title>JupyterLab</title>" in page
        assert get(f"http://127.0.0.1:{port}/api/kernelspecs")[0] in (302, 403)  # nothing without the token
        assert get(f"http://127.0.0.1:{port}/lab?token=wrong")[0] in (302, 403)
        status, specs = get(f"http://127.0.0.1:{port}/api/kernelspecs?token={token}")
        assert json.loads(specs)["kernelspecs"]["python3"]["spec"]["argv"][0] in ("python", sys.executable)
        status, contents = get(f"http://127.0.0.1:{port}/api/contents?token={token}")
        names = {item["name"] for item in json.loads(contents)["content"]}
        assert "01_what_is_an_autoencoder.ipynb" in names and "homework" in names  # opened on chapters/
        text = "".join(lines)
        assert f"MNIST: {mnist.resolve()}" in text and f"Kernel: {sys.executable}" in text
        assert token not in " ".join(process.args)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    with socket.socket() as probe:  # JupyterLab stopped with the script
        assert probe.connect_ex(("127.0.0.1", port)) != 0

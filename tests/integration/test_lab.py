"""`make lab` (scripts/lab.py): JupyterLab on 127.0.0.1 with a token on the learner's copy of the student edition,
the course's kernel, MNIST passed on, no news pop-up; the copy never loses a learner's edit."""

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
sys.path.insert(0, str(ROOT / "scripts"))
from lab import sync_workspace  # noqa: E402


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
    workspace = tmp_path / "workspace"
    port = free_port()
    env = dict(os.environ, AUTOENCODER_COURSE_MNIST=os.path.relpath(mnist, ROOT))  # relative: made absolute
    process = subprocess.Popen(
        [sys.executable, "scripts/lab.py", "--port", str(port), "--no-browser", "--workspace", str(workspace)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
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
        assert names >= {"chapters", "bibliography.md"}  # opened on the learner's copy of student/
        status, chapters = get(f"http://127.0.0.1:{port}/api/contents/chapters?token={token}")
        assert "01_what_is_an_autoencoder.ipynb" in {item["name"] for item in json.loads(chapters)["content"]}
        assert (workspace / "chapters" / "01_what_is_an_autoencoder.ipynb").read_bytes() == (
            ROOT / "student" / "chapters" / "01_what_is_an_autoencoder.ipynb"
        ).read_bytes()
        # No "Would you like to receive official Jupyter news?" pop-up, and no update check.
        status, settings = get(
            f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}"
        )
        defaults = {k: v.get("default") for k, v in json.loads(settings)["schema"]["properties"].items()}
        assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False, defaults
        status, settings = get(
            f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/notebook-extension:tracker?token={token}"
        )  # every cell in the page: find, print and tests see all of it
        assert json.loads(settings)["schema"]["properties"]["windowingMode"]["default"] == "none"
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


def test_the_workspace_never_loses_an_edit(tmp_path):
    source, workspace = tmp_path / "student", tmp_path / "workspace"
    (source / "chapters").mkdir(parents=True)
    (source / "chapters" / "a.ipynb").write_text("a1")
    (source / "chapters" / "b.ipynb").write_text("b1")
    assert sync_workspace(source, workspace) == {
        "copied": ["chapters/a.ipynb", "chapters/b.ipynb"],
        "updated": [],
        "kept": [],
    }
    (workspace / "chapters" / "a.ipynb").write_text("my answer")  # the learner edits a
    (source / "chapters" / "a.ipynb").write_text("a2")  # the course changes both
    (source / "chapters" / "b.ipynb").write_text("b2")
    (source / "c.md").write_text("c1")
    report = sync_workspace(source, workspace)
    assert report == {"copied": ["c.md"], "updated": ["chapters/b.ipynb"], "kept": ["chapters/a.ipynb"]}
    assert (workspace / "chapters" / "a.ipynb").read_text() == "my answer"
    assert (workspace / "chapters" / "b.ipynb").read_text() == "b2"
    assert sync_workspace(source, workspace)["kept"] == ["chapters/a.ipynb"]  # still kept, still said
    (workspace / "chapters" / "a.ipynb").unlink()  # delete the copy to get the new one
    assert sync_workspace(source, workspace)["copied"] == ["chapters/a.ipynb"]
    assert (workspace / "chapters" / "a.ipynb").read_text() == "a2"
    (workspace / ".course-copies.json").write_text("{broken")  # a damaged record keeps every copy
    (source / "chapters" / "b.ipynb").write_text("b3")
    assert sync_workspace(source, workspace)["kept"] == ["chapters/b.ipynb"]
    assert (workspace / "chapters" / "b.ipynb").read_text() == "b2"


def test_lab_without_a_student_edition_says_what_to_run(tmp_path):
    try:
        sync_workspace(tmp_path / "nothing", tmp_path / "workspace")
    except FileNotFoundError as error:
        assert "make student" in str(error)
    else:
        raise AssertionError("no error for a missing student edition")

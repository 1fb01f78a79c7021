"""The pinned packages install on learners' laptops: macOS arm64, Windows amd64, Linux x86_64 and aarch64.

scripts/check_platforms.py resolves pyproject.toml's pins for each platform with uv against the package index
(wheels only; that resolution, which needs the index, is tests/integration/test_platforms_resolve.py).  Here:
how uv's reports are read, the markers, environment.yml.  The last tests run scripts/setup.sh as a Mac would (a fake `uname`, Homebrew, no GNU sha256sum).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import check_platforms  # noqa: E402

# uv 0.13's own words, copied from real runs (tensorflow-cpu for macOS; an sdist-only pin; no network).
NO_PLATFORM_WHEEL = """\
error: No solution found when resolving dependencies
  cause: Because tensorflow-cpu==2.21.0 has no wheels with a matching platform tag (e.g., `macosx_13_0_arm64`) \
and you require tensorflow-cpu==2.21.0, we can conclude that your requirements are unsatisfiable.

hint: Wheels are available for `tensorflow-cpu` (v2.21.0) on the following platforms: `manylinux_2_27_x86_64`, \
`win_amd64`
"""
NO_PLATFORM_WHEEL_WRAPPED = """\
error: No solution found when resolving dependencies
  cause: Because tensorflow-cpu==2.21.0 has no wheels with a matching platform
         tag (e.g., `macosx_13_0_arm64`) and you require tensorflow-cpu==2.21.0,
         we can conclude that your requirements are unsatisfiable.

hint: Wheels are available for `tensorflow-cpu` (v2.21.0) on the following platforms: `manylinux_2_27_x86_64`, \
`win_amd64`
"""
MARKED_PIN = """\
error: No solution found when resolving dependencies
  cause: Because tensorflow{(platform_machine != 'AMD64' and platform_machine != 'x86_64') or (sys_platform != \
'linux' and sys_platform != 'win32')}==2.21.0 has no wheels with a matching platform tag (e.g., `macosx_11_0_arm64`) \
and you require tensorflow{(platform_machine != 'AMD64' and platform_machine != 'x86_64') or (sys_platform != \
'linux' and sys_platform != 'win32')}==2.21.0, we can conclude that your requirements are unsatisfiable.
"""
SOURCE_ONLY = """\
error: No solution found when resolving dependencies
  cause: Because docopt==0.6.2 has no usable wheels and you require docopt==0.6.2, we can conclude that your \
requirements are unsatisfiable.

hint: Wheels are required for `docopt` because building from source is disabled for all packages (i.e., with \
`--no-build`)
"""
UNREACHABLE = """\
error: Request failed after 3 retries in 7.7s
  cause: Failed to fetch: https://pypi.org/simple/tensorflow-cpu/
  cause: error sending request for url (https://pypi.org/simple/tensorflow-cpu/)
  cause: client error (Connect)
  cause: tunnel error: failed to create underlying connection
  cause: tcp connect error
  cause: Connection refused (os error 111)
"""


def test_uvs_reports_become_one_line_naming_the_package():
    for report in (NO_PLATFORM_WHEEL, NO_PLATFORM_WHEEL_WRAPPED):  # uv wraps to the terminal's width
        problem, unreachable = check_platforms.explain(report)
        assert problem == (
            "tensorflow-cpu==2.21.0 has no wheel for this platform (its wheels: manylinux_2_27_x86_64, win_amd64)"
        )
        assert not unreachable
    problem, _ = check_platforms.explain(MARKED_PIN)  # a pin with a marker, as uv writes it
    assert problem == "tensorflow==2.21.0 has no wheel for this platform"
    problem, unreachable = check_platforms.explain(SOURCE_ONLY)
    assert problem.startswith("docopt==0.6.2 has no wheel") and not unreachable
    problem, unreachable = check_platforms.explain(UNREACHABLE)
    assert unreachable
    assert "cannot reach the package index (https://pypi.org/simple/tensorflow-cpu/)" in problem
    assert "Connection refused" in problem


def test_exactly_one_tensorflow_applies_on_every_machine():
    pins = [
        Requirement(pin)
        for pin in check_platforms.pinned_requirements()
        if Requirement(pin).name in ("tensorflow", "tensorflow-cpu")
    ]
    machines = {
        ("linux", "x86_64"): "tensorflow-cpu",
        ("win32", "AMD64"): "tensorflow-cpu",
        ("linux", "aarch64"): "tensorflow",
        ("darwin", "arm64"): "tensorflow",
        ("darwin", "x86_64"): "tensorflow",
        ("win32", "ARM64"): "tensorflow",
    }
    for (sys_platform, machine), expected in machines.items():
        environment = {"sys_platform": sys_platform, "platform_machine": machine}
        applying = [pin.name for pin in pins if pin.marker is None or pin.marker.evaluate(environment)]
        assert applying == [expected], (sys_platform, machine, applying)
    # and on this machine, the one installed in the environment running the tests
    assert sum(pin.marker.evaluate() for pin in pins) == 1


def test_environment_yml_hands_pip_the_same_pins_markers_included():
    dependencies = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    [pip_section] = [entry["pip"] for entry in dependencies if isinstance(entry, dict)]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert pip_section == project["dependencies"]


def test_the_index_is_pips_own_setting(monkeypatch):
    class Listing:
        stdout = "global.extra-index-url='file:///opt/pypi/simple'\nglobal.index-url='https://mirror.example/simple'\n"

    monkeypatch.delenv("UV_DEFAULT_INDEX", raising=False)
    monkeypatch.delenv("UV_INDEX_URL", raising=False)
    monkeypatch.setattr(check_platforms.subprocess, "run", lambda *args, **kwargs: Listing)
    assert check_platforms.pip_index_url() == "https://mirror.example/simple"
    Listing.stdout = "global.extra-index-url='file:///opt/pypi/simple'\nglobal.find-links='/opt/wheels'\n"
    assert check_platforms.pip_index_url() is None  # extra indexes and find-links are not used: uv's default
    monkeypatch.setenv("UV_DEFAULT_INDEX", "https://uv.example/simple")
    assert check_platforms.pip_index_url() is None  # uv's own setting wins, uv reads it itself


# scripts/setup.sh on a Mac, as far as this machine can show it: the script runs in a copy of the repository
# with a PATH holding only stand-ins (uname says Darwin, Homebrew and pip only log, no GNU sha256sum).
def _mac(tmp_path, machine="arm64", tools=(), brew=True):
    repo, bin_dir, log = tmp_path / "repo", tmp_path / "bin", tmp_path / "log"
    (repo / "scripts").mkdir(parents=True)
    (repo / ".venv" / "bin").mkdir(parents=True)
    bin_dir.mkdir()
    (repo / "scripts" / "setup.sh").write_text((ROOT / "scripts" / "setup.sh").read_text())
    (repo / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    (repo / "scripts" / "vendor_assets.py").write_text("print('vendored')\n")
    python = Path(sys.executable).resolve()
    scripts = {
        repo
        / ".venv"
        / "bin"
        / "python": f'if [ "$1 $2" = "-m pip" ]; then echo "pip $*" >> {log}; exit 0; fi\nexec {python} "$@"',
        bin_dir / "uname": f'case "$1" in -s) echo Darwin;; -m) echo {machine};; esac',
        bin_dir / "make": 'echo "GNU Make 3.81"',
        bin_dir / "shasum": f'echo "shasum $*" >> {log}; exec /usr/bin/shasum "$@"',
        **({bin_dir / "brew": f'echo "brew $*" >> {log}'} if brew else {}),
        **{bin_dir / tool: "exit 0" for tool in tools},
    }
    for path, body in scripts.items():
        path.write_text("#!/bin/bash\n" + body + "\n")
        path.chmod(0o755)
    for tool in ("dirname", "cut", "cat"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    (bin_dir / "python3").symlink_to(python)

    def run(*args, **env):
        done = subprocess.run(
            ["/bin/bash", str(repo / "scripts" / "setup.sh"), *args],
            capture_output=True,
            text=True,
            env={"PATH": str(bin_dir), "HOME": str(tmp_path), **env},
            timeout=60,
        )
        return done, (log.read_text() if log.exists() else "")

    return repo, run


def test_setup_on_a_mac_installs_with_homebrew_and_hashes_with_shasum(tmp_path):
    repo, run = _mac(tmp_path)
    done, log = run()
    assert done.returncode == 0, done.stderr
    assert "brew install graphviz node" in log
    assert "shasum -a 256 pyproject.toml" in log
    digest = hashlib.sha256((repo / "pyproject.toml").read_bytes()).hexdigest()
    assert (repo / ".venv" / ".installed-from").read_text().strip() == digest  # the same stamp as sha256sum's
    assert "pip -m pip install -q -e .[test]" in log
    assert "brew install make" in done.stderr  # macOS's make 3.81 cannot run `make test`
    done, again = run()  # nothing left to do: no second install
    assert done.returncode == 0 and again.count("pip install -q -e") == 1, again


def test_setup_on_a_mac_names_what_to_install_when_homebrew_cannot(tmp_path):
    _, run = _mac(tmp_path, brew=False)
    done, _ = run()
    assert done.returncode == 1 and "brew install graphviz node" in done.stderr, done.stderr
    _, run = _mac(tmp_path / "browser", tools=("dot", "npm"))
    done, _ = run("--with-browser", AUTOENCODER_COURSE_CHROMIUM=str(tmp_path / "none"))  # not this host's chromium
    assert done.returncode == 1 and "brew install --cask google-chrome" in done.stderr, done.stderr
    chrome = tmp_path / "browser" / "Applications" / "Google Chrome.app" / "Contents" / "MacOS" / "Google Chrome"
    chrome.parent.mkdir(parents=True)
    chrome.write_text("#!/bin/bash\n")
    chrome.chmod(0o755)
    done, _ = run("--with-browser", AUTOENCODER_COURSE_CHROMIUM=str(tmp_path / "none"), HOME=str(tmp_path / "browser"))
    assert done.returncode == 0 and f'export AUTOENCODER_COURSE_CHROMIUM="{chrome}"' in done.stderr, done.stderr


def test_setup_on_an_intel_mac_says_tensorflow_has_no_build_for_it(tmp_path):
    _, run = _mac(tmp_path, machine="x86_64")
    done, log = run()
    assert done.returncode == 1 and "Intel Macs" in done.stderr and "README.md" in done.stderr
    assert log == ""  # stopped before installing anything

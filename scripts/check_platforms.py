"""Check that the course's pinned packages install on every kind of machine learners bring.

Usage: python scripts/check_platforms.py [REQUIREMENT ...]
Without arguments it checks pyproject.toml's `dependencies` plus the `test` extra.  It resolves them with
`uv pip compile --python-platform P --python-version V --no-build` for Linux x86_64, Linux aarch64,
macOS arm64 (12 or later) and Windows amd64, on Python 3.11 and 3.12 (what `requires-python` allows), against
the package index, and prints one line per platform.  `--no-build`: every package must come as a wheel
(a platform wheel or a pure-Python one), since a learner's laptop may have no compiler.  A failure names
the platform and the package that has no wheel for it; exit status 1.  `make test` runs it
(tests/unit/test_platforms.py); it needs the package index.

Which index: the one pip is configured to use (`index-url` in pip's configuration or PIP_INDEX_URL), else
PyPI; UV_DEFAULT_INDEX / UV_INDEX_URL, when set, win.  pip's `extra-index-url` and `find-links` are left out
on purpose: on some machines (this project's build machines among them) they point at local, partial
copies holding Linux wheels only, and uv takes a package's versions from the first index that has the
package, so those copies would hide PyPI's macOS and Windows wheels.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# uv's name for each platform -> what a learner calls it.
PLATFORMS = {
    "x86_64-unknown-linux-gnu": "Linux x86_64",
    "aarch64-unknown-linux-gnu": "Linux aarch64",
    "aarch64-apple-darwin": "macOS arm64",
    "x86_64-pc-windows-msvc": "Windows amd64",
}
PYTHONS = ("3.11", "3.12")
MACOS = "12.0"  # the oldest macOS checked: TensorFlow 2.21's own minimum (macosx_12_0_arm64)
TIMEOUT_S = 300

# Lines of uv's resolver report, most specific first: (pattern, what the learner is told).
# uv writes a requirement that has a marker as name{marker}==version.
_PIN = r"(?P<pkg>[A-Za-z0-9._-]+)(?:\{[^}]*\})?==(?P<ver>\S+)"
_NO_WHEEL = [
    (_PIN + " has no wheels with a matching platform tag", "has no wheel for this platform"),
    (_PIN + " has no wheels with a matching Python ABI tag", "has no wheel for this Python version"),
    (_PIN + " has no wheels with a matching Python implementation tag", "has no wheel for this Python"),
    (_PIN + " has no wheels with a matching Python version tag", "has no wheel for this Python version"),
    (_PIN + " has no usable wheels", "has no wheel for this platform and Python, only source to build"),
    (r"(?P<pkg>[A-Za-z0-9._-]+) was not found in the package registry", "is not on the package index"),
    ("there is no version of " + _PIN, "has no such release on the package index"),
]
_WHEELS_AVAILABLE = re.compile(
    r"Wheels are available for `(?P<pkg>[^`]+)` \(v(?P<ver>[^)]+)\) on the following platforms: "
    r"(?P<tags>`[^`]+`(?:, `[^`]+`)*)"
)
_NETWORK = re.compile(
    r"error sending request|Failed to fetch|dns error|tcp connect error|Connection refused|"
    r"timed out|tunnel error|certificate|Could not connect|client error \(Connect\)",
    re.IGNORECASE,
)


@dataclass
class Result:
    """How one (platform, Python) pair resolved."""

    platform: str
    python: str
    ok: bool
    packages: dict[str, str] = field(default_factory=dict)  # name -> version, when ok
    problem: str = ""  # one line, when not ok
    unreachable: bool = False  # the index could not be reached: nothing was checked

    @property
    def label(self) -> str:
        return f"{PLATFORMS.get(self.platform, self.platform)} ({self.platform}), Python {self.python}"

    def line(self) -> str:
        if self.ok:
            tf = "".join(
                f", {name}=={self.packages[name]}" for name in ("tensorflow-cpu", "tensorflow") if name in self.packages
            )
            return f"ok    {self.label}: {len(self.packages)} packages{tf}"
        return f"FAIL  {self.label}: {self.problem}"


def pinned_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The runtime pins of pyproject.toml plus its `test` extra, markers included."""
    project = tomllib.loads(pyproject.read_text())["project"]
    return list(project["dependencies"]) + list(project.get("optional-dependencies", {}).get("test", []))


def uv_binary() -> str:
    """The uv executable: the one pip installed beside this Python (the test extra pins it), else PATH's."""
    try:
        from uv import find_uv_bin

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        found = shutil.which("uv")
        if found:
            return found
    raise RuntimeError(
        "uv is not installed: run `make setup-test` (pyproject.toml's test extra pins uv), or `pip install uv`"
    )


def pip_index_url() -> str | None:
    """The index pip is configured to use (None: uv's own setting or PyPI).  See the module docstring."""
    if os.environ.get("UV_DEFAULT_INDEX") or os.environ.get("UV_INDEX_URL"):
        return None
    try:
        listing = subprocess.run(
            [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, timeout=60
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    found: dict[str, str] = {}
    for line in listing.splitlines():
        key, _, value = line.partition("=")
        section, _, name = key.rpartition(".")
        if name == "index-url":
            found[section] = value.strip().strip("'\"")
    for section in (":env:", "install", "global"):  # pip's own precedence
        if found.get(section):
            return found[section]
    return None


def explain(stderr: str) -> tuple[str, bool]:
    """uv's error report -> (one line naming the package and why, whether the index was unreachable)."""
    flat = " ".join(stderr.split())  # uv wraps its report to the terminal's width
    for pattern, why in _NO_WHEEL:
        match = re.search(pattern, flat)
        if match:
            version = match.groupdict().get("ver")
            problem = f"{match['pkg']}{'==' + version if version else ''} {why}"
            wheels = _WHEELS_AVAILABLE.search(flat)
            if wheels and wheels["pkg"] == match["pkg"]:
                problem += f" (its wheels: {wheels['tags'].replace('`', '').strip()})"
            return problem, False
    lines = [line.strip().removeprefix("cause: ") for line in stderr.strip().splitlines() if line.strip()]
    if _NETWORK.search(stderr):
        url = re.search(r"https?://\S+?(?=[)\s]|$)", stderr)
        where = url.group(0) if url else "the package index"
        return f"cannot reach the package index ({where}): {lines[-1] if lines else 'no answer'}", True
    return (lines[-1] if lines else "uv failed without a message"), False


def _compile(
    uv: str, requirements: Path, platform: str, python: str, index: str | None, offline: bool
) -> tuple[int, str, str]:
    command = [
        uv,
        "pip",
        "compile",
        str(requirements),
        "--python-platform",
        platform,
        "--python-version",
        python,
        "--no-build",
        "--no-python-downloads",
        "--no-header",
        "--no-annotate",
        "--quiet",
    ]
    if index:
        command += ["--default-index", index]
    if offline:
        command.append("--offline")
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            env={
                **os.environ,
                "COLUMNS": "10000",  # one report line per cause
                "MACOSX_DEPLOYMENT_TARGET": MACOS,
            },
        )
    except subprocess.TimeoutExpired:
        return 2, "", f"uv pip compile did not finish in {TIMEOUT_S} s: timed out"
    return done.returncode, done.stdout, done.stderr


def _packages(compiled: str) -> dict[str, str]:
    pins = {}
    for line in compiled.splitlines():
        name, sep, version = line.split(";")[0].strip().partition("==")
        if sep and not line.lstrip().startswith("#"):
            pins[name.strip().lower()] = version.strip()
    return pins


def _check_platform(
    uv: str, requirements: Path, platform: str, pythons: tuple[str, ...], index: str | None
) -> list[Result]:
    results = []
    for python in pythons:
        # A first, successful run has just refreshed uv's cache of the index: the next Python versions
        # read those pages offline (seconds old) and go online only for what that run did not need.
        offline = bool(results) and results[0].ok
        code, out, err = _compile(uv, requirements, platform, python, index, offline=offline)
        if code != 0 and offline:  # the cache lacked something (or answered no): ask the index itself
            code, out, err = _compile(uv, requirements, platform, python, index, offline=False)
        if code == 0:
            results.append(Result(platform, python, True, packages=_packages(out)))
        else:
            problem, unreachable = explain(err)
            results.append(Result(platform, python, False, problem=problem, unreachable=unreachable))
    return results


def check(
    requirements: list[str],
    platforms: tuple[str, ...] = tuple(PLATFORMS),
    pythons: tuple[str, ...] = PYTHONS,
    index: str | None = None,
) -> list[Result]:
    """Resolve ``requirements`` for each platform and Python version (platforms side by side)."""
    uv = uv_binary()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "requirements.in"
        path.write_text("\n".join(requirements) + "\n")
        with ThreadPoolExecutor(max_workers=len(platforms)) as pool:
            per_platform = pool.map(lambda p: _check_platform(uv, path, p, tuple(pythons), index), platforms)
            return [result for results in per_platform for result in results]


def main(argv: list[str]) -> int:
    requirements = argv or pinned_requirements()
    index = pip_index_url()
    where = index or os.environ.get("UV_DEFAULT_INDEX") or os.environ.get("UV_INDEX_URL") or "https://pypi.org/simple"
    source = "the given requirements" if argv else "pyproject.toml's dependencies and test extra"
    print(f"Resolving {source} with uv ({where}), wheels only:")
    try:
        results = check(requirements, index=index)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 2
    for result in results:
        print(result.line())
    if any(result.unreachable for result in results):
        print(
            "The package index could not be reached, so nothing was checked (this check needs the network).",
            file=sys.stderr,
        )
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

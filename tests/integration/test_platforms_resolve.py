"""The pinned packages resolve, wheels only, for macOS arm64, Windows amd64, Linux x86_64 and aarch64.

scripts/check_platforms.py asks uv to resolve pyproject.toml's pins for each platform against the package index
pip uses.  The index must be reachable: when it is not, the test fails and says so, rather than skip.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import check_platforms  # noqa: E402


def _fail_if_unreachable(results):
    unreachable = [result.line() for result in results if result.unreachable]
    if unreachable:
        pytest.fail(
            "The package index could not be reached, so the platforms could not be checked (this test "
            "needs the network to the index pip uses, or PyPI):\n" + "\n".join(unreachable)
        )


def test_the_pinned_packages_resolve_on_every_platform():
    results = check_platforms.check(check_platforms.pinned_requirements(), index=check_platforms.pip_index_url())
    _fail_if_unreachable(results)
    assert len(results) == len(check_platforms.PLATFORMS) * len(check_platforms.PYTHONS)
    failures = [result.line() for result in results if not result.ok]
    assert not failures, "\n".join(failures)
    # Each machine gets exactly one TensorFlow: the CPU-only package where it has wheels.
    for result in results:
        expected = "tensorflow-cpu" if result.platform.startswith("x86_64") else "tensorflow"
        tensorflows = {name for name in result.packages if name in ("tensorflow", "tensorflow-cpu")}
        assert tensorflows == {expected}, result.line()


def test_a_package_without_a_wheel_is_named_with_its_platform():
    results = check_platforms.check(
        ["tensorflow-cpu==2.21.0"],
        platforms=("aarch64-apple-darwin",),
        pythons=("3.11",),
        index=check_platforms.pip_index_url(),
    )
    _fail_if_unreachable(results)
    [result] = results
    assert not result.ok
    line = result.line()
    assert "macOS arm64" in line and "aarch64-apple-darwin" in line and "Python 3.11" in line, line
    assert "tensorflow-cpu==2.21.0 has no wheel for this platform" in line, line
    assert "\n" not in line

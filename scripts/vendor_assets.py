"""Install the browser assets the book serves itself, from the npm registry, into build_assets/vendor.

The built pages must load nothing from outside their own site (offline classrooms, privacy), so
MathJax, RequireJS and the ipywidgets embed manager are copied next to the pages instead of being
fetched from a CDN.  Versions are pinned in vendor/package.json and vendor/package-lock.json;
nothing under build_assets/ or vendor/node_modules/ is committed.

Usage: python scripts/vendor_assets.py   (idempotent; npm runs only when the lock file changed)
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NPM_DIR = ROOT / "vendor"
MODULES = NPM_DIR / "node_modules"
TARGET = ROOT / "build_assets" / "vendor"
STAMP = TARGET / ".installed-from"

# (source inside node_modules, destination inside build_assets/vendor, files to skip)
COPIES = [
    ("mathjax/es5", "mathjax/es5", ("*.map",)),
    ("requirejs/require.js", "requirejs/require.js", ()),
    ("@jupyter-widgets/html-manager/dist", "html-manager/dist", ("*.map", "*.LICENSE.txt")),
]


def _lock_digest() -> str:
    data = b"".join((NPM_DIR / name).read_bytes() for name in ("package.json", "package-lock.json")
                    if (NPM_DIR / name).exists())
    return hashlib.sha256(data).hexdigest()


def main() -> int:
    if shutil.which("npm") is None:
        print("npm is missing: install Node.js (Debian: apt-get install nodejs npm) and rerun.", file=sys.stderr)
        return 1
    digest = _lock_digest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        print("vendored assets are current")
        return 0
    command = ["npm", "ci"] if (NPM_DIR / "package-lock.json").exists() else ["npm", "install"]
    subprocess.run(command + ["--no-audit", "--no-fund", "--ignore-scripts"], cwd=NPM_DIR, check=True)
    if TARGET.exists():
        shutil.rmtree(TARGET)
    for source, destination, skip in COPIES:
        src, dst = MODULES / source, TARGET / destination
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns(*skip))
        else:
            shutil.copy2(src, dst)
    # The widget embed manager looks for widget packages under its "CDN" URL; point it at an
    # (empty) local folder so that an unknown widget fails quietly instead of calling jsdelivr.
    (TARGET / "cdn").mkdir(exist_ok=True)
    (TARGET / "cdn" / "README.txt").write_text("Local stand-in for the widget CDN; see scripts/vendor_assets.py.\n")
    STAMP.write_text(digest + "\n")
    print(f"vendored assets installed into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

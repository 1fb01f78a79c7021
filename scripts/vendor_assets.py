"""Install the browser assets the book serves itself, from the npm registry, into build_assets/vendor.

The built pages must load nothing from outside their own site (offline classrooms, privacy), so
MathJax, RequireJS and the ipywidgets embed manager are copied next to the pages instead of being
fetched from a CDN.  Versions are pinned in vendor/package.json and vendor/package-lock.json;
nothing under build_assets/ or vendor/node_modules/ is committed.

Live Code (see _ext/live_code.py) also needs thebe, which is not installed with npm's dependency
tree (its prebuilt bundle needs none of the 950 packages it lists): ``npm pack`` fetches the one
pinned tarball, its integrity is checked, and its bundle is patched so that it loads nothing from a
CDN (RequireJS, the widget CDN and MathJax 2 are replaced by the site's own copies; see THEBE_PATCHES).

Usage: python scripts/vendor_assets.py   (idempotent; npm runs only when the lock file changed)
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
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


# thebe, for Live Code: version and the registry's sha512 integrity of its tarball (npm view thebe@0.9.3 dist.integrity)
THEBE_VERSION = "0.9.3"
THEBE_INTEGRITY = "sha512-Rb/7kVhtlffXra3kIe7OuIGE7awsm2/fGWxw21DiNfnWLnUQiDl9AWqYdshPwZPG/5DzLpsJRPix2xtCPtJmQQ=="
THEBE_TARGET = TARGET.parent / "thebe"
THEBE_STAMP = THEBE_TARGET / ".installed-from"
# (file in thebe's lib/, text in the minified bundle, replacement, expected number of matches).
# The replacements read globals that _ext/live_code_static/live-code.js sets before it loads thebe.
THEBE_PATCHES = [
    # RequireJS for custom widget modules: fetched from cdnjs, now from the site's copy.
    (
        "index.js",
        'fetch("https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js")',
        "fetch(window.liveCodeAssets.requirejs)",
        1,
    ),
    # Base URL of widget modules that thebe does not bundle: jsdelivr, now the site's empty stand-in.
    ("index.js", '"https://cdn.jsdelivr.net/npm/"', "window.liveCodeAssets.widgetCdn", 2),
    # Default MathJax 2 from cdnjs (never loaded: typesetting goes through the page's MathJax 3).
    (
        "index.js",
        '"https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.5/MathJax.js"',
        "window.liveCodeAssets.mathjax",
        2,
    ),
    # thebe's LaTeX typesetter speaks MathJax 2; hand LaTeX outputs to the page's MathJax 3 instead.
    (
        "index.js",
        "typeset(e){this._initialized||this._init(),",
        "typeset(e){if(window.liveCodeTypeset)return window.liveCodeTypeset(e);this._initialized||this._init(),",
        1,
    ),
    # @jupyter-widgets/base's typeset() calls MathJax.Hub (MathJax 2) whenever window.MathJax exists.
    (
        "index.js",
        'void 0!==window.MathJax&&MathJax.Hub.Queue(["Typeset",MathJax.Hub,e])',
        'void 0!==window.MathJax&&(MathJax.Hub?MathJax.Hub.Queue(["Typeset",MathJax.Hub,e])'
        ":window.liveCodeTypeset&&window.liveCodeTypeset(e))",
        1,
    ),
]


# The ipywidgets embed manager (static widgets on the built pages) has two problems with this site; the
# patches are applied to the copy in build_assets/vendor/html-manager (idempotent; see patch_html_manager).
HTML_MANAGER_JS = TARGET / "html-manager" / "dist" / "embed-amd.js"
HTML_MANAGER_MARK = "/* patched by scripts/vendor_assets.py:"
HTML_MANAGER_SCRIPT = "(document.querySelector('script[src*=\"html-manager/dist/embed-amd.js\"]')||{}).src"
HTML_MANAGER_PATCHES = [
    # Its icon fonts are looked up next to RequireJS's idea of the module's URL (relative to the page:
    # chapters/@jupyter-widgets/...): use the URL of the embed-amd.js script itself instead.
    *[
        (f"new URL({v}.uri,document.location)", f"new URL({HTML_MANAGER_SCRIPT}||{v}.uri,document.location)", n)
        for v, n in (("r", 3), ("s", 1), ("f", 1), ("module", 1))
    ],
    # typeset() calls MathJax 2's MathJax.Hub whenever window.MathJax exists; the pages run MathJax 3.
    (
        'void 0!==window.MathJax&&MathJax.Hub.Queue(["Typeset",MathJax.Hub,e])',
        'void 0!==window.MathJax&&(MathJax.Hub?MathJax.Hub.Queue(["Typeset",MathJax.Hub,e])'
        ":MathJax.typesetPromise&&MathJax.typesetPromise([e]))",
        3,
    ),
]


def _patches_digest() -> str:
    return hashlib.sha256(json.dumps(HTML_MANAGER_PATCHES).encode()).hexdigest()[:12]


def patch_html_manager() -> None:
    """Apply HTML_MANAGER_PATCHES once to the vendored embed-amd.js (a no-op when already patched)."""
    if not HTML_MANAGER_JS.exists():
        return
    text = HTML_MANAGER_JS.read_text(encoding="utf-8")
    if text.startswith(HTML_MANAGER_MARK):
        if text.startswith(f"{HTML_MANAGER_MARK} {_patches_digest()} */"):
            return
        raise SystemExit(
            f"{HTML_MANAGER_JS.name} was patched by an older version of this script: delete "
            f"{STAMP.relative_to(ROOT)} and rerun to reinstall it."
        )
    for old, new, count in HTML_MANAGER_PATCHES:
        if text.count(old) != count:
            raise SystemExit(
                f"{HTML_MANAGER_JS.name}: expected {count} x {old!r}, found {text.count(old)}; "
                "update HTML_MANAGER_PATCHES."
            )
        text = text.replace(old, new)
    HTML_MANAGER_JS.write_text(f"{HTML_MANAGER_MARK} {_patches_digest()} */\n" + text, encoding="utf-8")
    print(f"patched {HTML_MANAGER_JS.relative_to(ROOT)} (icon font path, MathJax 3)")


def _thebe_digest() -> str:
    return hashlib.sha256(json.dumps([THEBE_VERSION, THEBE_INTEGRITY, THEBE_PATCHES]).encode()).hexdigest()


def install_thebe() -> None:
    """Fetch thebe's tarball with `npm pack`, check it, unpack lib/ (no source maps) and patch it."""
    digest = _thebe_digest()
    if THEBE_STAMP.exists() and THEBE_STAMP.read_text().strip() == digest:
        print("thebe is current")
        return
    packs = MODULES / ".packs"
    packs.mkdir(parents=True, exist_ok=True)
    tarball = packs / f"thebe-{THEBE_VERSION}.tgz"
    if not tarball.exists():
        subprocess.run(
            ["npm", "pack", f"thebe@{THEBE_VERSION}", "--loglevel=warn", "--pack-destination", str(packs)],
            cwd=NPM_DIR,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    algorithm, expected = THEBE_INTEGRITY.split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if actual != expected:
        tarball.unlink()
        raise SystemExit(f"{tarball.name}: integrity mismatch (got {algorithm}-{actual}); deleted, rerun.")
    if THEBE_TARGET.exists():
        shutil.rmtree(THEBE_TARGET)
    lib = THEBE_TARGET / "lib"
    lib.mkdir(parents=True)
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            name = member.name.removeprefix("package/")
            if not member.isfile() or not name.startswith("lib/") or "/" in name[4:] or name.endswith(".map"):
                continue
            (THEBE_TARGET / name).write_bytes(archive.extractfile(member).read())
    for filename, old, new, count in THEBE_PATCHES:
        path = lib / filename
        text = path.read_text(encoding="utf-8")
        if text.count(old) != count:
            raise SystemExit(
                f"thebe {THEBE_VERSION} {filename}: expected {count} x {old!r}, "
                f"found {text.count(old)}; update THEBE_PATCHES."
            )
        path.write_text(text.replace(old, new), encoding="utf-8")
    for path in lib.glob("*.js"):  # the source maps are not shipped: drop the comments that name them
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text), encoding="utf-8")
    for path in lib.glob("*.js"):  # nothing else may point at a CDN
        for cdn in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com"):
            if cdn in path.read_text(encoding="utf-8"):
                raise SystemExit(f"thebe {path.name} still names {cdn}; add a patch to THEBE_PATCHES.")
    THEBE_STAMP.write_text(digest + "\n")
    print(f"thebe {THEBE_VERSION} installed and patched into {THEBE_TARGET.relative_to(ROOT)}")


def _lock_digest() -> str:
    data = b"".join(
        (NPM_DIR / name).read_bytes() for name in ("package.json", "package-lock.json") if (NPM_DIR / name).exists()
    )
    return hashlib.sha256(data).hexdigest()


def main() -> int:
    if shutil.which("npm") is None:
        print("npm is missing: install Node.js (Debian: apt-get install nodejs npm) and rerun.", file=sys.stderr)
        return 1
    digest = _lock_digest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        print("vendored assets are current")
        patch_html_manager()
        install_thebe()
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
    patch_html_manager()
    install_thebe()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Live Code: run a chapter's cells from its web page, on a Jupyter server on the reader's own machine.

A local Sphinx extension for Jupyter Book 1 (enable it in ``_config.yml``::

    sphinx:
      local_extensions:
        live_code: _ext/

What it does, and why it replaces sphinx-thebe's behaviour (sphinx-thebe 0.3.1 is always loaded by
Jupyter Book 1, hard-codes thebe 0.8.2 from unpkg.com and always asks mybinder.org for a kernel):

- every notebook page gets a "Live Code" bar under its title (``<div class="live-code-bar">``) that
  names the notebook's path in the repository and its kernel;
- ``live_code_static/live-code.js`` (added to those pages only) reads ``live-code.json`` from the site
  root, which ``scripts/serve.py`` generates for each run (the local Jupyter's address and a fresh
  token), and on a click loads the site's own patched copy of thebe 0.9.3 (``_static/thebe/lib``,
  installed by ``scripts/vendor_assets.py``) and connects to that server, one kernel per tab;
- sphinx-thebe's own script (``sphinx-thebe.js`` and its inline CDN configuration) is removed from
  every page, so no page names a CDN;
- the Binder, Colab and JupyterHub buttons and the ``.ipynb`` download open the notebook's student
  edition (``student/<path>``, written by ``scripts/student_edition.py``: no MyST markup, solutions
  folded, values of the reference run), not the source that only Jupyter Book renders.

Nothing here needs a network: the build is unchanged when no Jupyter server runs, and the page
explains how to start one when the reader presses the button without it.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from urllib.parse import urlencode

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

__version__ = "0.1.0"

LOGGER = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "live_code_static"
THEBE_DIR = "thebe/lib"  # inside _static/, from build_assets/thebe (scripts/vendor_assets.py)
SERVE_COMMAND = "make serve"


def _add_static_path(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))
    if not any(
        (Path(app.confdir) / p / "thebe" / "lib" / "index.js").exists()
        for p in app.config.html_static_path
        if not Path(p).is_absolute()
    ):
        LOGGER.warning(
            "[live_code] thebe is not vendored (no build_assets/thebe/lib/index.js): "
            "run `python scripts/vendor_assets.py`; Live Code will not load.",
            type="live_code",
            subtype="thebe",
        )


def _is_notebook(app: Sphinx, docname: str) -> bool:
    if "kernelspec" in app.env.metadata.get(docname, {}):
        return True
    return str(app.env.doc2path(docname)).endswith(".ipynb")


def _kernel_name(app: Sphinx, docname: str) -> str:
    spec = app.env.metadata.get(docname, {}).get("kernelspec") or {}
    if isinstance(spec, str):
        try:
            spec = json.loads(spec)
        except ValueError:
            spec = {}
    return str(spec.get("name") or app.config.live_code_kernel)


def _source(app: Sphinx, docname: str) -> str:
    """The page's source file, relative to the book (``chapters/03_denoising_dense.ipynb``)."""
    return Path(app.env.doc2path(docname)).resolve().relative_to(Path(app.srcdir).resolve()).as_posix()


def _student_edition(app: Sphinx, docname: str, warn: bool = True) -> str | None:
    """The page's student notebook relative to the book (``student/chapters/...ipynb``), or None when the
    book has no student edition (no ``live_code_student_dir`` folder). Warns when the folder exists but
    lacks this notebook: run ``make student``."""
    folder = (app.config.live_code_student_dir or "").strip("/")
    source = _source(app, docname)
    if not folder or not source.endswith(".ipynb") or not (Path(app.srcdir) / folder).is_dir():
        return None
    if not (Path(app.srcdir) / folder / source).is_file():
        if warn:
            LOGGER.warning(
                f"[live_code] no student edition {folder}/{source}: run `make student` "
                "(python scripts/student_edition.py); the launch buttons open the source meanwhile",
                type="live_code",
                subtype="student",
                location=docname,
            )
        return None
    return f"{folder}/{source}"


def _bar_html(app: Sphinx, docname: str) -> str:
    source = _source(app, docname)
    prefix = app.config.live_code_path_prefix.strip("/")
    path = f"{prefix}/{source}" if prefix else source
    command = html.escape(app.config.live_code_serve_command)
    return f"""
<div class="live-code-bar" data-live-code-path="{html.escape(path)}" data-live-code-kernel="{html.escape(_kernel_name(app, docname))}">
  <button type="button" class="live-code-button" title="Run this page's code cells on a Jupyter server on your own computer">
    <span class="live-code-icon" aria-hidden="true">&#9654;</span> <span class="live-code-label">Live Code</span>
  </button>
  <span class="live-code-status" role="status" aria-live="polite"></span>
  <div class="live-code-help" hidden>
    <p class="live-code-reason"></p>
    <p>Live Code runs this page's cells on <strong>your own computer</strong>, in a Jupyter server that the
    course's serve command starts beside the site. In a clone of the repository run
    <code>{command}</code> (or <code>python scripts/serve.py</code> after a build), open the address it prints,
    and press Live Code again. No Python at hand? The rocket menu at the top of the page opens this
    notebook on Binder, Colab or a JupyterHub, and the download button gives you the notebook itself.</p>
  </div>
</div>
"""


def _remove_sphinx_thebe_config(doctree: nodes.document) -> None:
    # sphinx-thebe appends a <script type="text/x-thebe-config"> asking mybinder.org for kernels, which
    # thebe 0.9 would merge into Live Code's options, and a global `kernelName`: drop both.
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "text/x-thebe-config" in text or text.strip().startswith("<script>kernelName ="):
            raw.parent.remove(raw)


def _add_live_code_bar(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    _remove_sphinx_thebe_config(doctree)
    if not app.config.live_code_enabled or not _is_notebook(app, docname):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    raw = nodes.raw("", _bar_html(app, docname), format="html")
    if section is not None and len(section) and isinstance(section[0], nodes.title):
        section.insert(1, raw)
    else:
        doctree.insert(0, raw)


def _launch_group(context: dict) -> dict | None:
    for button in context.get("header_buttons", []):
        if isinstance(button, dict) and button.get("label") == "launch-buttons":
            return button
    return None


def _add_launch_entries(app: Sphinx, pagename: str, context: dict) -> None:
    """Live Code in the theme's rocket menu, and a JupyterHub entry when no hub URL is configured.

    sphinx-book-theme builds Binder/Colab/JupyterHub links from ``repository.url`` (+ ``branch``) and
    ``launch_buttons``; a JupyterHub link also needs the hub's address, which differs per reader, so
    without ``launch_buttons.jupyterhub_url`` the entry opens a small page that asks for it once.
    """
    group = _launch_group(context)
    if group is None:
        return
    theme = app.config.html_theme_options or {}
    launch = theme.get("launch_buttons", {}) or {}
    repo_url = (theme.get("repository_url") or "").rstrip("/")
    buttons = group.setdefault("buttons", [])
    book = (theme.get("path_to_docs") or "").strip("/")
    source = _source(app, pagename)
    student = _student_edition(app, pagename)
    if student:
        # sphinx-book-theme's links (Binder, Colab, a configured JupyterHub) end in, or carry, the source's
        # path in the repository: point them at the student notebook instead.
        old, new = (f"/{book}/{source}" if book else f"/{source}", f"/{book}/{student}" if book else f"/{student}")
        for button in buttons:
            url = button.get("url", "") if isinstance(button, dict) and button.get("type") == "link" else ""
            if old in url:
                head, _, tail = url.rpartition(old)
                button["url"] = head + new + tail
    if repo_url and not launch.get("jupyterhub_url"):
        interface = {"classic": "tree", "jupyterlab": "lab/tree"}.get(
            launch.get("notebook_interface", "classic"), "tree"
        )
        repo_name = repo_url.rsplit("/", 1)[-1].removesuffix(".git")
        notebook = student or source
        notebook = f"{book}/{notebook}" if book else notebook
        query = urlencode(
            {
                "repo": repo_url,
                "branch": theme.get("repository_branch") or "main",
                "urlpath": f"{interface}/{repo_name}/{notebook}",
            }
        )
        buttons.append(
            {
                "type": "link",
                "text": "JupyterHub",
                "tooltip": "Open this notebook on your JupyterHub",
                "icon": "_static/images/logo_jupyterhub.svg",
                "url": context["pathto"]("_static/jupyterhub-launch.html", 1) + "?" + query,
                "label": "jupyterhub-launch-button",
            }
        )
    buttons.append(
        {
            "type": "javascript",
            "text": "Live Code (local Jupyter)",
            "tooltip": "Run the cells on a Jupyter server on your own computer (started by make serve)",
            "javascript": "window.liveCode && window.liveCode.start()",
            "icon": "fas fa-play",
            "label": "live-code-launch-button",
        }
    )


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and app.config.live_code_enabled and _is_notebook(app, pagename):
        # Added to this page only (Sphinx restores its asset lists before each page).
        app.add_js_file("live-code.js", defer="defer")
        app.add_css_file("live-code.css")
        _add_launch_entries(app, pagename, context)
    # sphinx-thebe (always on in Jupyter Book 1) adds sphinx-thebe.js and an inline script naming
    # unpkg.com to every page; Live Code replaces both.  Filter in place: the list is the builder's.
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [
            js
            for js in scripts
            if not str(getattr(js, "filename", js) or "").endswith("sphinx-thebe.js")
            and "THEBE_JS_URL" not in str((getattr(js, "attributes", None) or {}).get("body", ""))
        ]
    styles = context.get("css_files")
    if isinstance(styles, list):
        styles[:] = [css for css in styles if not str(getattr(css, "filename", css) or "").endswith("sphinx-thebe.css")]


def _download_student_editions(app: Sphinx, exception) -> None:
    """The ``.ipynb`` download button links to the copy of the source in ``_sources/``: replace each such
    copy with the page's student notebook, once every page is written (Sphinx copies the sources as it
    writes the pages)."""
    if exception is not None or app.builder.format != "html" or not app.config.html_copy_source:
        return
    for docname in app.env.found_docs:
        student = _student_edition(app, docname, warn=False)  # warned when its page was written
        target = Path(app.outdir) / "_sources" / _source(app, docname)
        if student and target.exists():
            shutil.copyfile(Path(app.srcdir) / student, target)


def setup(app: Sphinx) -> dict:
    app.add_config_value("live_code_enabled", True, "html")
    app.add_config_value("live_code_kernel", "python3", "html")
    # Path of the book inside the Jupyter server's root folder (serve.py roots it at the repository,
    # which is also the book's folder: leave empty unless the book lives in a subfolder).
    app.add_config_value("live_code_path_prefix", "", "html")
    app.add_config_value("live_code_serve_command", SERVE_COMMAND, "html")
    # The folder of the student edition (scripts/student_edition.py), which launch buttons and the download
    # button open; empty, or a book without that folder: they open the sources.
    app.add_config_value("live_code_student_dir", "student", "html")
    app.connect("builder-inited", _add_static_path)
    app.connect("doctree-resolved", _add_live_code_bar, priority=600)  # after sphinx-thebe
    app.connect("html-page-context", _page_context, priority=900)  # after sphinx-book-theme's buttons
    app.connect("build-finished", _download_student_editions)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}

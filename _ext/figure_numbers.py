"""Number each chapter's figures by chapter, "Figure 3.2", so that a reader can cite them.

A chapter's figures are captioned in their cells' metadata (myst-nb's ``mystnb.figure.caption``, with
``mystnb.image.alt`` for screen readers; CONTRIBUTING.md, Figures). Sphinx's own numfig numbers figures by
section of the table of contents, where the homework pages between the chapters would shift every number;
the chapter's number is in its file name (``chapters/03_denoising_dense``), so it is taken from there. Each
numbered figure also gets the anchor ``figure-3-2``, for links.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

__version__ = "1.0"
CHAPTER = re.compile(r"^chapters/(?P<number>\d\d)_")


def number_figures(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    match = CHAPTER.match(docname)
    if not match:
        return
    chapter = int(match["number"])
    number = 0
    for figure in list(doctree.findall(nodes.figure)):
        caption = next(iter(figure.findall(nodes.caption)), None)
        if caption is None:
            continue
        number += 1
        caption.insert(0, nodes.inline(text=f"Figure {chapter}.{number}. ", classes=["caption-number"]))
        figure["ids"].insert(0, f"figure-{chapter}-{number}")


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", number_figures)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}

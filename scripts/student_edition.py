"""Write the course's student edition: every chapter and homework notebook, readable outside Jupyter Book.

The notebooks in ``chapters/`` are written in MyST, which only the book renders: JupyterLab, Colab, VS Code
and GitHub would show a learner raw ``{glue:text}`` roles, ``{cite:p}`` keys, admonition options and exercise
fences with the answers printed. This command writes ``student/`` (same layout as the sources), where

- a glued number is the value of the course's reference run, underlined with a tooltip saying so
  (``<abbr title=...>``), formatted exactly as the book formats it (myst-nb's own function);
- admonitions are block quotes; exercises are numbered as on the site; solutions are folded in
  ``<details>``, and the code cells of a solution become code blocks inside it (so Run All never
  trains a solution's model);
- citations read as on the site (sphinxcontrib-bibtex's author-year style) and link to
  ``student/bibliography.md``; ``{ref}``/``{doc}`` become links to the student notebooks;
- hidden assertion cells (``remove-cell``) and all outputs are gone; a first cell installs the course's
  library on Colab (and does nothing elsewhere), a second says what this edition is.

Any MyST construct it does not know makes it fail, naming the notebook and cell, so no chapter can slip
raw markup into the student edition.

    python scripts/student_edition.py                   # write student/
    python scripts/student_edition.py --check           # fail if student/ differs from what would be written
    python scripts/student_edition.py --refresh-values  # first re-read the glued values from the book's cache

The glued values come from ``student/reference_values.json``, so writing and checking need no execution
and give the same files on every machine. ``--refresh-values`` rewrites that file from the executed
notebooks in the book's execution cache (``_build/.jupyter_cache``, filled by ``make build``).
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
STUDENT = "student"  # the edition's folder, relative to the book
VALUES_FILE = "reference_values.json"
ABBR_TITLE = "value from the course's reference run"
# The course's data set, as lib/autoencoder_course/data.py defines it (said once in every notebook's note).
COURSE_DATA = "8,000 training and 2,000 test digits, taken from MNIST's test set"
LANGUAGE_INFO = {"name": "python"}  # what homework/tool.py writes too: no machine-specific versions
# For `glue` on Colab; a range, not the version in this environment, so the edition is the same everywhere.
MYST_NB_ON_COLAB = "myst-nb>=1,<2"
DEFAULT_KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# Cell tags that only mean something to Jupyter Book; every other tag (otter_answer_cell, ...) is kept.
SOURCE_HIDDEN_TAGS = {"hide-input", "remove-input"}
OUTPUTS_HIDDEN_TAGS = {"hide-output", "remove-output"}
MYST_TAGS = (
    SOURCE_HIDDEN_TAGS
    | OUTPUTS_HIDDEN_TAGS
    | {"hide-cell", "remove-cell", "remove-stderr", "full-width", "margin", "raises-exception", "skip-execution"}
)
ADMONITION_KINDS = ("note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error", "seealso")

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[^}\s]+)\}\s*(?P<arg>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
LABEL_LINE = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
# One pass over a Markdown line run, left to right: a role, else an inline code span, math or a link
# destination. Code spans and math are copied unchanged (MyST parses no roles inside them).
INLINE = re.compile(
    r"(?P<role>\{(?P<name>[A-Za-z][\w:.+-]*)\}`(?P<content>[^`]*)`)"
    r"|(?P<code>(?P<ticks>`+)[^`].*?(?P=ticks)(?!`))"
    r"|(?P<dmath>\$\$.+?\$\$(?:[ \t]*\((?P<eqlabel>[\w:.-]+)\))?)"
    r"|(?P<imath>\$(?!\s)(?:\\.|[^$\\])+?\$)"
    r"|(?P<link>\]\((?P<dest>[^)\s]+)(?P<linktitle>\s+\"[^\"]*\")?\))",
    re.S,
)
# What must never reach a student notebook (outside code blocks and code spans).
# A role, unless inside an inline code span (scanned left to right, so a role's own backticks are its own).
LEFTOVER_ROLE = re.compile(r"(?P<role>\{[A-Za-z][\w:.+-]*\}`[^`]*`)|(`+)[^`].*?\2(?!`)", re.S)
LEFTOVER_DIRECTIVE = re.compile(r"^[ \t>]*(`{3,}|~{3,}|:{3,})\s*\{", re.M)
LEFTOVER_OPTION = re.compile(r"^[ \t>]*:(class|label|nonumber|hidden|name|dropdown):.*$", re.M)
LABEL_LINE_ANY = re.compile(r"^[ \t>]*\([^()\s]+\)=[ \t]*$", re.M)
CODE_BLOCK = re.compile(r"^[ \t>]*(`{3,}|~{3,})(?![ \t]*\{)[^\n]*\n.*?^[ \t>]*\1[ \t]*$", re.M | re.S)


class StudentEditionError(Exception):
    """Bad input (unknown markup, missing value, stale cache): the message is one line for the reader."""


# --- the book: its notebooks, exercises, labels, values, references ----------------------------------


@dataclass
class Exercise:
    number: int | None  # None: the exercise has :nonumber:
    title: str
    notebook: str  # source path, relative to the book
    anchor: str  # the JupyterLab anchor of the heading above it ("" when none)


@dataclass
class Book:
    root: Path
    notebooks: list[str]  # source notebooks, relative to root, in the table of contents' order
    values: dict[str, dict[str, str]]  # notebook -> glue key -> text/plain of the reference run
    repository: tuple[str, str]  # (url, branch) from _config.yml
    exercises: dict[str, Exercise] = field(default_factory=dict)  # label -> exercise
    numbers: dict[str, list] = field(default_factory=dict)  # notebook -> its exercises' numbers, in order
    targets: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # (label)= -> (notebook, anchor, text)
    titles: dict[str, str] = field(default_factory=dict)  # notebook -> its first heading
    references: References | None = None


def toc_notebooks(root: Path) -> list[str]:
    """The ``.ipynb`` pages of the book's ``_toc.yml`` in reading order, relative to ``root``."""
    try:
        toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise StudentEditionError(f"cannot read {root / '_toc.yml'} ({error}): the book's build needs it too") from None
    if not isinstance(toc, dict) or not toc.get("root"):
        raise StudentEditionError(f"{root / '_toc.yml'} holds no table of contents (root: and parts: or chapters:)")
    files: list[str] = [str(toc["root"])]

    def walk(node) -> None:
        if isinstance(node, dict):
            if "file" in node:
                files.append(str(node["file"]))
            for key, value in node.items():
                if key != "root":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    found: list[str] = []
    for name in files:
        path = Path(name) if name.endswith(".ipynb") else Path(name + ".ipynb")
        if (root / path).is_file() and path.as_posix() not in found:
            found.append(path.as_posix())
    return found


def repository(root: Path) -> tuple[str, str]:
    """``repository.url`` and ``.branch`` of ``_config.yml`` (the setting every launch button uses)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    repo = config.get("repository") or {}
    if not repo.get("url"):
        raise StudentEditionError("_config.yml has no repository.url: the Colab cell installs the library from it")
    return str(repo["url"]).rstrip("/"), str(repo.get("branch") or "main")


def read_notebook(root: Path, name: str):
    """A source notebook as stored (nbformat.read would give a cell without an id a random one, and the
    edition must come out the same twice); refuses a file that is not an nbformat 4 notebook."""
    try:
        notebook = nbformat.from_dict(json.loads((root / name).read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise StudentEditionError(f"{name}: cannot read the notebook ({error})") from None
    if notebook.get("nbformat") != 4 or not isinstance(notebook.get("cells"), list):
        raise StudentEditionError(f"{name}: not an nbformat 4 notebook")
    for cell in notebook.cells:  # on disk a cell's source may be a list of lines
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    return notebook


def is_removed(cell) -> bool:
    return "remove-cell" in cell.get("metadata", {}).get("tags", [])


def jupyterlab_anchor(heading: str) -> str:
    """The id JupyterLab gives a Markdown heading: its text, spaces replaced by ``-``."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link shows its text
    text = re.sub(r"[*_`]", "", text)
    return text.strip().replace(" ", "-")


# --- fenced blocks --------------------------------------------------------------------------------


@dataclass
class Directive:
    name: str
    arg: str
    options: dict
    body: str
    indent: str


def split_fences(text: str, where: str) -> list:
    """Split Markdown into plain text runs (str), code fences (kept as they are, in a tuple) and
    MyST directives (:class:`Directive`). Refuses a fence that is never closed."""
    lines = text.split("\n")
    parts, run, i = [], [], 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            run.append(lines[i])
            i += 1
            continue
        indent, fence, info = match["indent"], match["fence"], match["info"].strip()
        closer = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = next((j for j in range(i + 1, len(lines)) if closer.match(lines[j])), None)
        if end is None:
            raise StudentEditionError(f"{where}: the fence {fence}{info} is never closed")
        if run:
            parts.append("\n".join(run))
            run = []
        directive = DIRECTIVE_INFO.match(info)
        if directive is None:
            parts.append(("\n".join(lines[i : end + 1]),))
        else:
            body = [line[len(indent) :] if line.startswith(indent) else line.lstrip() for line in lines[i + 1 : end]]
            options, body = _options(body, where)
            parts.append(Directive(directive["name"], directive["arg"].strip(), options, "\n".join(body), indent))
        i = end + 1
    if run:
        parts.append("\n".join(run))
    return parts


def _options(body: list[str], where: str) -> tuple[dict, list[str]]:
    """A directive's options, as ``:key: value`` lines or a ``---`` YAML block at the top of its body."""
    if body and body[0].strip() == "---":
        end = next((k for k in range(1, len(body)) if body[k].strip() == "---"), None)
        if end is None:
            raise StudentEditionError(f"{where}: a directive's option block (---) is never closed")
        return yaml.safe_load("\n".join(body[1:end])) or {}, body[end + 1 :]
    options, k = {}, 0
    while k < len(body) and (match := OPTION.match(body[k].strip())):
        options[match["key"]] = match["value"]
        k += 1
    return options, body[k:]


# --- pass 1: exercises, labels and titles across the book -----------------------------------------


def collect_book_structure(book: Book) -> None:
    """Number the exercises as the site does and record labels and titles (fills ``book``).

    Sphinx numbers an enumerable node, such as an exercise, with one counter for the whole book when the
    table of contents is not numbered: Exercise 1 is the book's first, in reading order.
    """
    count = 0

    def walk(parts, name, anchor):
        nonlocal count
        for part in parts:
            if isinstance(part, Directive):
                if part.name == "exercise":
                    number = None if "nonumber" in part.options else count + 1
                    count += number is not None
                    book.numbers.setdefault(name, []).append(number)
                    if part.options.get("label"):
                        book.exercises[part.options["label"]] = Exercise(number, part.arg, name, anchor)
                walk(split_fences(part.body, name), name, anchor)  # an exercise inside an admonition counts too

    for name in book.notebooks:
        anchor, pending_labels = "", []
        for index, cell in enumerate(read_notebook(book.root, name).cells):
            if cell.cell_type != "markdown" or is_removed(cell):
                continue
            parts = split_fences(cell.source, f"{name}, cell {index}")
            for part in parts:
                if not isinstance(part, str):
                    walk([part], name, anchor)
                    continue
                for line in part.split("\n"):
                    if match := LABEL_LINE.match(line.strip()):
                        pending_labels.append(match["label"])
                    elif match := HEADING.match(line):
                        anchor = jupyterlab_anchor(match["text"])
                        book.titles.setdefault(name, match["text"])
                        for label in pending_labels:
                            book.targets[label] = (name, anchor, match["text"])
                        pending_labels = []


# --- references ------------------------------------------------------------------------------------


class References:
    """references.bib, cited and listed with sphinxcontrib-bibtex's author-year style (as on the site)."""

    def __init__(self, bibfile: Path):
        import pybtex.plugin
        from pybtex.database import parse_file
        from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

        self.data = parse_file(str(bibfile))
        self.style = AuthorYearReferenceStyle()
        # The site's bibliography style (sphinxcontrib-bibtex's default, "alpha"): its order and entry text.
        self.formatting = pybtex.plugin.find_plugin("pybtex.style.formatting", "alpha")()
        self.formatted = {entry.key: entry for entry in self.formatting.format_bibliography(self.data)}

    def cite(self, role: str, keys: list[str], href: str | None) -> str:
        """Markdown for a ``{cite:<role>}`` of ``keys``, each reference linked to ``href#key`` (or not linked).
        Refuses unknown roles and keys."""
        from sphinxcontrib.bibtex.style.referencing import format_references
        from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

        if role not in self.style.role_names():
            raise StudentEditionError(f"unknown citation role cite:{role}")
        missing = [key for key in keys if key not in self.data.entries]
        if missing:
            raise StudentEditionError(f"citation key(s) {', '.join(missing)} not in references.bib")
        order = list(self.formatted)  # the site lists several references in the bibliography's order
        keys = sorted(dict.fromkeys(keys), key=order.index)
        references = [
            (
                self.data.entries[key],
                self.formatted[key],
                SphinxReferenceInfo(
                    builder=None, fromdocname="", todocname="", citation_id=key, title=None, pre_text="", post_text=""
                ),
            )
            for key in keys
        ]
        return self._markdown(format_references(self.style, role, references), href)

    def _markdown(self, text, href) -> str:
        """pybtex rich text as Markdown: a reference becomes a link, emphasis stays, a non-breaking
        space is a plain character (pybtex's own str() would write ``<nbsp>``)."""
        from pybtex.richtext import BaseMultipartText, Symbol, Tag
        from sphinxcontrib.bibtex.style.template import SphinxReferenceText

        if isinstance(text, Symbol):
            return {"nbsp": "\u00a0", "ndash": "\u2013"}.get(text.name, "")

        inner = "".join(self._markdown(part, href) for part in getattr(text, "parts", []))
        if isinstance(text, SphinxReferenceText):
            return f"[{inner}]({href}#{text.info[0].citation_id})" if href else inner
        if isinstance(text, Tag) and text.name in ("em", "i"):
            return f"*{inner}*"
        if isinstance(text, Tag) and text.name in ("strong", "b"):
            return f"**{inner}**"
        if isinstance(text, BaseMultipartText):
            return inner
        return str(text)

    def bibliography(self) -> str:
        """``student/bibliography.md``: every entry, with an anchor per key, in the site's order."""
        lines = [
            "# References",
            "",
            "The papers and books the course cites, as listed on the course's site. Generated by "
            "`scripts/student_edition.py` from `references.bib`: do not edit by hand.",
            "",
        ]
        for key, entry in self.formatted.items():
            label = self.cite("alp", [key], None)  # "Vincent et al., 2008": the site's label, no brackets
            text = " ".join(entry.text.render_as("markdown").split())
            lines.append(f'- <a id="{key}" name="{key}"></a>**{label.rstrip(".")}.** {text}')
        return "\n".join(lines) + "\n"


# --- pass 2: one notebook --------------------------------------------------------------------------


@dataclass
class Page:
    """What converting one notebook needs to know about it."""

    book: Book
    name: str  # source notebook, relative to the book
    cell: int = 0  # the cell being converted, for messages
    exercises_seen: int = 0  # exercises converted so far (their numbers come from Book.numbers)

    @property
    def where(self) -> str:
        return f"{self.name}, cell {self.cell}"

    @property
    def folder(self) -> Path:
        """The student notebook's folder (links are written relative to it)."""
        return self.book.root / STUDENT / Path(self.name).parent

    def link_to(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.folder)).as_posix()

    def link_to_repository_file(self, path: Path) -> str:
        """A file of the repository that is not part of the edition (``notation.md``...): its page on the
        repository's host, since a copy of the edition (``make lab``'s workspace, Colab) has no such file."""
        url, branch = self.book.repository
        return f"{url}/blob/{branch}/{path.resolve().relative_to(self.book.root.resolve()).as_posix()}"


def glue_value(page: Page, key_and_format: str) -> str:
    """The ``{glue:text}`` content ``key[:format]`` as the book shows it: the reference run's text/plain,
    formatted with myst-nb's own function. Refuses unknown keys and other documents' keys."""
    from myst_nb.core.variables import format_plain_text

    parts = key_and_format.rsplit(":", 1)
    key, spec = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "s")  # as myst-nb's PasteTextRole
    if "::" in key:
        raise StudentEditionError(f"{page.where}: glue from another document ({key}) is not supported")
    values = page.book.values.get(page.name, {})
    if key not in values:
        raise StudentEditionError(
            f"{page.where}: glue key {key!r} has no reference value in "
            f"{STUDENT}/{VALUES_FILE}: run `python scripts/student_edition.py "
            "--refresh-values` (after `make build`)"
        )
    try:
        return format_plain_text(values[key], spec)
    except (ValueError, TypeError) as error:
        raise StudentEditionError(
            f"{page.where}: glue {key!r} ({values[key]!r}) cannot be formatted with {spec!r}: {error}"
        ) from None


def abbr(text: str) -> str:
    """A reference-run value, marked as one (dotted underline and a tooltip in every Markdown renderer)."""
    return f'<abbr title="{ABBR_TITLE}">{html.escape(text)}</abbr>'


def _target(text: str) -> tuple[str, str]:
    """``text <target>`` -> (text, target); ``target`` -> ("", target)."""
    match = re.fullmatch(r"\s*(.*?)\s*<([^<>]+)>\s*", text, re.S)
    return (match[1], match[2].strip()) if match else ("", text.strip())


def convert_role(page: Page, name: str, content: str) -> str:
    """Markdown for one MyST role. Refuses the roles it does not know."""
    book = page.book
    if name == "glue:text":
        return abbr(glue_value(page, content.strip()))
    if name.startswith("glue"):
        raise StudentEditionError(
            f"{page.where}: {{{name}}} is not supported by the student edition (use {{glue:text}})"
        )
    if name == "cite" or name.startswith("cite:"):
        if "{" in content:
            raise StudentEditionError(f"{page.where}: citations with pre- or post-text are not supported")
        keys = [key.strip() for key in content.split(",") if key.strip()]
        try:
            return book.references.cite(
                name.partition(":")[2] or "p", keys, page.link_to(book.root / STUDENT / "bibliography.md")
            )
        except StudentEditionError as error:
            raise StudentEditionError(f"{page.where}: {error}") from None
    if name == "math":
        return f"${content}$"
    if name == "ref":
        text, label = _target(content)
        if label in book.exercises:
            exercise = book.exercises[label]
            notebook, anchor = exercise.notebook, exercise.anchor
            default = f"Exercise {exercise.number}" if exercise.number else "Exercise"  # as the site's link reads
        elif label in book.targets:
            notebook, anchor, default = book.targets[label]
        else:
            raise StudentEditionError(f"{page.where}: {{ref}} to unknown label {label!r}")
        return f"[{text or default}]({_notebook_link(page, notebook, anchor)})"
    if name == "doc":  # a page of the book: its student notebook, or the Markdown file in the repository
        text, target = _target(content)
        base = book.root if target.startswith("/") else (book.root / page.name).parent
        stem = (base / target.lstrip("/")).resolve()
        notebook = (
            stem.with_suffix(".ipynb").relative_to(book.root.resolve()).as_posix()
            if stem.is_relative_to(book.root.resolve())
            else ""
        )
        if notebook in book.notebooks:
            return f"[{text or book.titles.get(notebook, target)}]({_notebook_link(page, notebook, '')})"
        page_file = stem.with_suffix(".md")
        if not page_file.is_file():
            raise StudentEditionError(f"{page.where}: {{doc}} to {target!r}, which is not a page of the book")
        title = next(
            (m["text"] for line in page_file.read_text(encoding="utf-8").split("\n") if (m := HEADING.match(line))),
            target,
        )
        return f"[{text or title}]({page.link_to_repository_file(page_file)})"
    raise StudentEditionError(f"{page.where}: unknown MyST role {{{name}}}")


def _notebook_link(page: Page, notebook: str, anchor: str) -> str:
    """A link from this page's student notebook to another's (same notebook: the anchor only)."""
    if notebook == page.name:
        return f"#{anchor}" if anchor else "#"
    link = page.link_to(page.book.root / STUDENT / notebook)
    return f"{link}#{anchor}" if anchor else link


def rewrite_link(page: Page, destination: str) -> str:
    """A relative link of the source, valid from the student notebook: to a notebook of the book, its student
    edition; to the book's bibliography, the student one; to another file of the repository, its page on the
    repository's host.
    Refuses a relative link to nothing."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", destination, re.I) or destination.startswith("#"):
        return destination
    path, _, anchor = destination.partition("#")
    target = ((page.book.root / page.name).parent / path).resolve()
    root = page.book.root.resolve()
    relative = target.relative_to(root).as_posix() if target.is_relative_to(root) else None
    if relative in page.book.notebooks:
        new = page.link_to(page.book.root / STUDENT / relative)
    elif relative == "bibliography.md":
        new = page.link_to(page.book.root / STUDENT / "bibliography.md")
    elif relative is not None and target.exists():
        new = page.link_to_repository_file(target)
    else:
        raise StudentEditionError(f"{page.where}: the link {destination!r} points at nothing")
    return f"{new}#{anchor}" if anchor else new


def convert_inline(page: Page, text: str) -> str:
    """Roles, labels and links of a run of Markdown (no fences in it) converted; code and math kept."""
    text = "\n".join(line for line in text.split("\n") if not LABEL_LINE.match(line.strip()))

    def replace(match: re.Match) -> str:
        if match["role"]:
            return convert_role(page, match["name"], match["content"])
        if match["dmath"]:  # "$$ ... $$ (label)": an equation label means nothing outside the book
            return match["dmath"][: match["dmath"].rindex("$$") + 2]
        if match["link"]:
            return f"]({rewrite_link(page, match['dest'])}{match['linktitle'] or ''})"
        return match.group(0)

    return INLINE.sub(replace, text)


def convert_markdown(page: Page, text: str) -> list:
    """A Markdown cell's text converted: a list of Markdown strings, and ("start", label) / ("end",) marks
    where a ``{solution-start}`` / ``{solution-end}`` fence stood. Refuses unknown directives."""
    out: list = []

    def emit(markdown: str) -> None:
        if out and isinstance(out[-1], str):
            out[-1] += "\n" + markdown
        else:
            out.append(markdown)

    for part in split_fences(text, page.where):
        if isinstance(part, str):
            emit(convert_inline(page, part))
        elif isinstance(part, tuple):
            emit(part[0])  # a code block: MyST roles inside it are text
        elif part.name == "solution-start":
            out.append(("start", part.arg))
        elif part.name == "solution-end":
            out.append(("end",))
        else:
            emit(_indent(convert_directive(page, part), part.indent))
    return out


def _indent(text: str, indent: str) -> str:
    return "\n".join(indent + line if line else line for line in text.split("\n")) if indent else text


def _body(page: Page, directive: Directive) -> str:
    """A directive's body converted (it may hold fences and directives of its own)."""
    parts = convert_markdown(page, directive.body)
    if any(not isinstance(part, str) for part in parts):
        raise StudentEditionError(f"{page.where}: a solution-start/-end inside {{{directive.name}}}")
    return "\n".join(parts).strip("\n")


def convert_directive(page: Page, directive: Directive) -> str:
    """Markdown for one directive (admonitions, exercises, solutions, math). Refuses any other."""
    name = directive.name
    if name == "admonition" or name in ADMONITION_KINDS:
        classes = str(directive.options.get("class", "")).split()
        kind = name if name != "admonition" else next((c for c in classes if c in ADMONITION_KINDS), "note")
        label = "See also" if kind == "seealso" else kind.capitalize()
        title = f"{label}: {convert_inline(page, directive.arg)}" if directive.arg else label
        if "dropdown" in classes:  # folded on the site, folded here
            return details(title, _body(page, directive))
        return block_quote(f"**{title}**\n\n{_body(page, directive)}")
    if name == "dropdown":
        return details(convert_inline(page, directive.arg) or "More", _body(page, directive))
    if name == "quick-check":
        return quick_check(page, directive)
    if name == "exercise":
        number = page.book.numbers[page.name][page.exercises_seen]
        page.exercises_seen += 1
        head = f"**Exercise {number}**" if number else "**Exercise**"
        if directive.arg:
            head += f" ({convert_inline(page, directive.arg)})"
        return f"{head}\n\n{_body(page, directive)}"
    if name == "solution":
        return details(solution_summary(page, directive.arg), _body(page, directive))
    if name == "math":
        return f"$$\n{directive.body.strip()}\n$$"
    raise StudentEditionError(f"{page.where}: unknown MyST directive {{{name}}}")


QUICK_CHECK_OPTION = re.compile(r"^- \[(?P<mark>[ xX])\] (?P<label>.+)$")
QUICK_CHECK_VERDICT = {True: "Right.", False: "Not quite."}  # as _ext/quick_check.py says them on the site


def quick_check(page: Page, directive: Directive) -> str:
    """A ``{quick-check}`` as on the site: the question, then each option folded in ``<details>`` with its
    verdict and feedback inside, inside ``<div class="quick-check">``. JupyterLab and Colab fold it the same
    way, so a learner answers it there too, with no kernel."""
    options: list[list] = []  # [right, label, feedback lines]
    for line in directive.body.strip("\n").split("\n"):
        match = QUICK_CHECK_OPTION.match(line)
        if match:
            options.append([match["mark"] != " ", match["label"], []])
        elif options and (not line.strip() or line.startswith("  ")):
            options[-1][2].append(line[2:])
        else:
            raise StudentEditionError(f"{page.where}: {{quick-check}} line {line!r} is not an option or its feedback")
    if not 2 <= len(options) <= 4 or sum(right for right, _, _ in options) != 1:
        raise StudentEditionError(f"{page.where}: a {{quick-check}} needs 2 to 4 options, exactly one marked [x]")
    kind = directive.options.get("kind", "")
    parts = [f"**Quick check ({kind}).** {convert_inline(page, directive.arg)}"]
    for right, label, feedback in options:
        body = "\n".join(part for part in convert_markdown(page, "\n".join(feedback)) if isinstance(part, str))
        parts.append(details(convert_inline(page, label), f"**{QUICK_CHECK_VERDICT[right]}** {body.strip()}"))
    return '<div class="quick-check">\n\n' + "\n\n".join(parts) + "\n\n</div>"


def solution_summary(page: Page, label: str) -> str:
    """The title of a solution, as on the site: "Solution to Exercise 9 (The noisy input's PSNR, by hand)"."""
    exercise = page.book.exercises.get(label.strip())
    if exercise is None:
        raise StudentEditionError(f"{page.where}: solution to unknown exercise {label!r}")
    summary = f"Solution to Exercise {exercise.number}" if exercise.number else "Solution to Exercise"
    return f"{summary} ({html.escape(exercise.title)})" if exercise.title else summary


def block_quote(markdown: str) -> str:
    """Markdown as a block quote. Math is put on one line first: JupyterLab takes math out before it
    parses Markdown, so a ``>`` at the start of a line inside ``$$...$$`` would end up in the formula."""
    markdown = re.sub(
        r"\$\$.+?\$\$|\$(?!\s)(?:\\.|[^$\\])+?\$", lambda m: " ".join(m.group(0).split()), markdown, flags=re.S
    )
    return "\n".join(f"> {line}" if line.strip() else ">" for line in markdown.split("\n"))


def details(summary: str, markdown: str) -> str:
    """A folded block. The blank lines matter: without them JupyterLab shows the Markdown inside as text."""
    return f"<details>\n<summary>{summary}</summary>\n\n{markdown.strip()}\n\n</details>"


def python_block(source: str) -> str:
    """A code cell's source as a fenced block, its fence longer than any run of backticks inside."""
    longest = max((len(run) for run in re.findall(r"`+", source)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}python\n{source.strip()}\n{fence}"


def clean_metadata(metadata) -> dict:
    """A cell's metadata without what only Jupyter Book or jupytext reads: the tags that hide input or
    output become Jupyter's own ``jupyter.source_hidden`` / ``outputs_hidden``; other tags
    (``otter_answer_cell``, ...) and keys (``editable``, ``deletable``) are kept."""
    metadata = copy.deepcopy(dict(metadata or {}))
    metadata.pop("lines_to_next_cell", None)  # jupytext's
    tags = metadata.pop("tags", [])
    jupyter = dict(metadata.pop("jupyter", {}))
    if SOURCE_HIDDEN_TAGS & set(tags):
        jupyter["source_hidden"] = True
    if OUTPUTS_HIDDEN_TAGS & set(tags):
        jupyter["outputs_hidden"] = True
    kept = [tag for tag in tags if tag not in MYST_TAGS]
    if kept:
        metadata["tags"] = kept
    if jupyter:
        metadata["jupyter"] = jupyter
    return metadata


def code_cell(cell, cell_id: str):
    """A kept code cell: same source, no outputs or execution count, metadata cleaned."""
    new = nbformat.v4.new_code_cell(cell.source)
    new["id"] = cell_id
    new["metadata"] = clean_metadata(cell.get("metadata"))
    return new


def markdown_cell(source: str, cell_id: str, metadata: dict | None = None):
    new = nbformat.v4.new_markdown_cell(source)
    new["id"] = cell_id
    new["metadata"] = clean_metadata(metadata)
    return new


def colab_cell(book: Book, imports_myst_nb: bool):
    """The first cell: on Colab, install the course's library (Colab has NumPy, Keras, scikit-image, but
    not the course); elsewhere (a clone, Binder, a JupyterHub with the course installed) nothing."""
    url, branch = book.repository
    lines = [
        "# On Google Colab only (elsewhere this cell does nothing): install the course's library.",
        "import sys",
        "",
        'if "google.colab" in sys.modules:',
        f'    %pip install -q --no-deps "autoencoder-course @ git+{url}@{branch}"',
    ]
    if imports_myst_nb:  # the notebook glues its numbers for the book with myst-nb, which Colab lacks
        lines.append(f'    %pip install -q "{MYST_NB_ON_COLAB}"')
    new = nbformat.v4.new_code_cell("\n".join(lines))
    new["id"] = "student-edition-colab"
    return new


def note_cell(page: Page, has_values: bool, has_solutions: bool):
    """The second cell: what this notebook is, for a learner who opened it outside the book."""
    lines = [
        f"> **Student edition.** This notebook is generated from the course's book (`{page.name}`) "
        "so that it reads the same in JupyterLab, Colab, VS Code and on GitHub."
    ]
    if has_values:
        lines.append(
            f"> Numbers with a dotted underline, like {abbr('0.07')}, are the values of the course's "
            f"reference run, on the course's data ({COURSE_DATA}); your own run may give slightly "
            "different numbers."
        )
    if has_solutions:
        lines.append("> Solutions are folded: click *Solution to Exercise …* to open one.")
    lines.append("> On Colab, run the first cell once: it installs the course's library.")
    return markdown_cell("\n>\n".join(lines), "student-edition-note")


def convert_notebook(book: Book, name: str):
    """The student edition of the source notebook ``name`` (relative to the book), as a notebook node."""
    source = read_notebook(book.root, name)
    page = Page(book, name)
    cells, solution, imports_myst_nb, has_values, has_solutions = [], None, False, False, False

    for index, cell in enumerate(source.cells):
        page.cell = index
        if is_removed(cell):
            continue
        if cell.cell_type == "code":
            imports_myst_nb |= bool(re.search(r"^\s*(from|import)\s+myst_nb\b", cell.source, re.M))
            if solution is not None:  # a solution's code: shown, never run by Run All
                solution["parts"].append(python_block(cell.source))
            else:
                cells.append(code_cell(cell, cell.get("id") or f"cell-{index}"))
            continue
        if cell.cell_type != "markdown":
            raw = copy.deepcopy(cell)  # raw cells pass unchanged
            raw["id"] = cell.get("id") or f"cell-{index}"
            cells.append(raw)
            continue
        has_values |= "{glue:" in cell.source
        for part in convert_markdown(page, cell.source):
            if isinstance(part, str):
                check_no_myst(page, part)
                if solution is not None:
                    solution["parts"].append(part.strip("\n"))
                elif part.strip():
                    cells.append(
                        markdown_cell(part.strip("\n"), cell.get("id") or f"cell-{index}", cell.get("metadata"))
                    )
                    has_solutions |= "<summary>Solution" in part
            elif part[0] == "start":
                if solution is not None:
                    raise StudentEditionError(f"{page.where}: solution-start inside another solution")
                solution = {
                    "summary": solution_summary(page, part[1]),
                    "parts": [],
                    "id": cell.get("id") or f"cell-{index}",
                }
            else:
                if solution is None:
                    raise StudentEditionError(f"{page.where}: solution-end without solution-start")
                body = "\n\n".join(p for p in solution["parts"] if p.strip())
                cells.append(markdown_cell(details(solution["summary"], body), solution["id"]))
                solution, has_solutions = None, True
    if solution is not None:
        raise StudentEditionError(f"{name}: a solution-start is never ended (solution-end)")
    seen = set()
    for cell in cells:  # a cell split around a solution fence gives its id to two cells: keep ids unique
        base, k = cell["id"], 1
        while cell["id"] in seen:
            k += 1
            cell["id"] = f"{base}-{k}"
        seen.add(cell["id"])

    cells = [colab_cell(book, imports_myst_nb), note_cell(page, has_values, has_solutions)] + cells
    # A source without a kernelspec runs on the book's default kernel, python3: say so to Jupyter and Colab.
    metadata = {
        "kernelspec": dict(source.metadata.get("kernelspec") or DEFAULT_KERNELSPEC),
        "language_info": dict(LANGUAGE_INFO),
    }
    if "otter" in source.metadata:  # the homework grader checks the assignment name recorded here
        metadata["otter"] = copy.deepcopy(dict(source.metadata["otter"]))
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=metadata)
    notebook.nbformat_minor = max(source.nbformat_minor, 5)
    nbformat.validate(notebook)
    return notebook


def leftover_myst(markdown: str) -> list[str]:
    """MyST markup left in converted Markdown (outside code blocks, code spans and math), as snippets."""
    text = CODE_BLOCK.sub("", markdown)
    found = [
        m.group(0).strip()
        for pattern in (LEFTOVER_DIRECTIVE, LEFTOVER_OPTION, LABEL_LINE_ANY)
        for m in pattern.finditer(text)
    ]
    return found + [m["role"] for m in LEFTOVER_ROLE.finditer(text) if m["role"]]


def check_no_myst(page: Page, markdown: str) -> None:
    """Refuse converted Markdown that still holds MyST markup (a construct this script does not know)."""
    found = leftover_myst(markdown)
    if found:
        raise StudentEditionError(
            f"{page.where}: MyST markup the student edition cannot convert: "
            + ", ".join(repr(snippet) for snippet in found[:5])
        )


# --- the whole edition --------------------------------------------------------------------------------

README = """# Student edition

The course's chapters and homework as plain Jupyter notebooks, for JupyterLab, Colab, VS Code or GitHub:
no Jupyter Book markup, no hidden test cells, solutions folded, numbers from the course's reference run.

**Generated: do not edit by hand.** `scripts/student_edition.py` writes this folder from the notebooks in
`chapters/` (`make student`), and a test fails when it is out of date: edit the chapter, then run the command.

- Open it in JupyterLab (`make lab` gives you a working copy of it, so your edits stay out of the
  repository), or from the course's site: its Binder, Colab and JupyterHub buttons and its download
  button all open these notebooks.
- On Colab, run the first cell: it installs the course's library (it does nothing anywhere else).
- `bibliography.md`: the references the notebooks cite. `reference_values.json`: the values of the
  reference run that the notebooks quote, read from the book's execution cache after `make build` by
  `python scripts/student_edition.py --refresh-values`.
"""


def load_values(root: Path) -> dict[str, dict[str, str]]:
    """The committed reference values: source notebook -> glue key -> text/plain."""
    path = root / STUDENT / VALUES_FILE
    if not path.is_file():
        raise StudentEditionError(
            f"{STUDENT}/{VALUES_FILE} is missing: run `make build`, then "
            "`python scripts/student_edition.py --refresh-values`"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))["notebooks"]
    except (ValueError, KeyError, TypeError):
        raise StudentEditionError(
            f"{STUDENT}/{VALUES_FILE} is not what --refresh-values writes: run it again"
        ) from None


def glued_values(executed) -> dict[str, str]:
    """Every value an executed notebook glued (myst-nb's ``glue``): key -> its text/plain."""
    values = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            scrapbook = output.get("metadata", {}).get("scrapbook")
            if not scrapbook:
                continue
            prefix = scrapbook.get("mime_prefix", "")
            data = {mime[len(prefix) :]: value for mime, value in output.get("data", {}).items()}
            if "text/plain" in data:
                values[scrapbook["name"]] = data["text/plain"]
    return values


def refresh_values(root: Path, notebooks: list[str], cache_dir: Path) -> dict:
    """The glued values of every notebook, from the executed copies in the book's execution cache.
    Refuses a notebook the cache does not hold (as it is now: the cache matches code cells by hash)."""
    from jupyter_cache import get_cache

    if not (cache_dir / "global.db").exists():
        raise StudentEditionError(f"no execution cache at {cache_dir}: run `make build` first")
    cache = get_cache(str(cache_dir))
    values, missing = {}, []
    for name in notebooks:
        try:
            record = cache.match_cache_notebook(read_notebook(root, name))
        except KeyError:
            missing.append(name)
            continue
        values[name] = dict(sorted(glued_values(cache.get_cache_bundle(record.pk).nb).items()))
    if missing:
        raise StudentEditionError(
            "not in the execution cache as they are now: " + ", ".join(missing) + ": run `make build` first"
        )
    return {
        "about": "Values glued by the executed notebooks of the course's reference run (text/plain, as "
        "myst-nb stores them), per source notebook. Written by `python scripts/student_edition.py "
        "--refresh-values` from the book's execution cache; the student edition quotes them.",
        "notebooks": values,
    }


def edition(root: Path) -> dict[str, str]:
    """Every file of the student edition except reference_values.json: path under student/ -> text.
    Refuses (StudentEditionError) anything it cannot convert."""
    notebooks = toc_notebooks(root)
    book = Book(root, notebooks, load_values(root), repository(root))
    book.references = References(root / "references.bib")
    collect_book_structure(book)
    files = {"README.md": README, "bibliography.md": book.references.bibliography()}
    for name in notebooks:
        files[name] = nbformat.writes(convert_notebook(book, name)) + "\n"
    return files


def existing_files(folder: Path) -> set[str]:
    """Files under student/ that the edition owns (hidden folders such as .ipynb_checkpoints are not)."""
    if not folder.is_dir():
        return set()
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def differences(root: Path, files: dict[str, str]) -> list[str]:
    """What differs between student/ and ``files``: "stale: x", "missing: y", "extra: z"."""
    folder = root / STUDENT
    problems = []
    for path, text in files.items():
        target = folder / path
        if not target.is_file():
            problems.append(f"missing: {STUDENT}/{path}")
        elif target.read_text(encoding="utf-8") != text:
            problems.append(f"stale: {STUDENT}/{path}")
    for path in sorted(existing_files(folder) - set(files) - {VALUES_FILE}):
        problems.append(f"extra: {STUDENT}/{path}")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if student/ is not current")
    parser.add_argument(
        "--refresh-values",
        action="store_true",
        help="first re-read reference_values.json from the book's execution cache",
    )
    parser.add_argument("--book", default=str(ROOT), help="the book's folder (default: this repository)")
    parser.add_argument("--cache", help="the execution cache (default: <book>/_build/.jupyter_cache)")
    args = parser.parse_args(argv)
    if args.check and args.refresh_values:
        parser.error("--check compares with the committed values; do not combine it with --refresh-values")
    root = Path(args.book).resolve()
    folder = root / STUDENT
    try:
        if args.refresh_values:
            # The values are written first: they are the reference run's, whatever the conversion says next.
            cache = Path(args.cache) if args.cache else root / "_build" / ".jupyter_cache"
            refreshed = refresh_values(root, toc_notebooks(root), cache)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / VALUES_FILE).write_text(
                json.dumps(refreshed, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            print(f"student_edition: wrote {STUDENT}/{VALUES_FILE} from {cache}")
        files = edition(root)
    except StudentEditionError as error:
        print(f"student_edition: {error}", file=sys.stderr)
        return 1
    problems = differences(root, files)
    if args.check:
        if problems:
            print(
                "student_edition: the student edition is not current; run `make student` "
                "(python scripts/student_edition.py) and commit student/:\n  " + "\n  ".join(problems),
                file=sys.stderr,
            )
            return 1
        print(f"student_edition: {STUDENT}/ is current ({len(files)} files)")
        return 0
    for path, text in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    for path in sorted(existing_files(folder) - set(files) - {VALUES_FILE}):
        (folder / path).unlink()  # a notebook whose chapter is gone
    changed = [p for p in problems if not p.startswith("extra")]
    print(
        f"student_edition: wrote {STUDENT}/ ({len(files)} files, {len(changed)} changed"
        + (f", {len(problems) - len(changed)} removed" if len(problems) > len(changed) else "")
        + ")"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

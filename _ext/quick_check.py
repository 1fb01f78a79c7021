"""Quick checks: a multiple-choice question a reader answers on the static page, with no kernel and no script.

    :::{quick-check} Will input = target beat the noisy input at σ = 0.1?
    :kind: predict

    - [x] Yes, by about a decibel

      It reaches {glue:text}`psnr_input_target:.1f` dB ...
    - [ ] No

      It can: ...
    :::

Each option is a ``<details>`` element: choosing it (a click, or Enter on the keyboard) unfolds that option's
verdict ("Right." or "Not quite.") and its feedback, so the reader commits to an answer before seeing any.
HTML's own element needs no JavaScript, works in every browser and screen reader, and is what the student
edition (scripts/student_edition.py) writes for JupyterLab and Colab too, where the same markup folds the same
way. The right option is a claim like any other on the page: a hidden check in the chapter asserts it.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

__version__ = "1.0"
KINDS = ("recall", "predict", "interpret")
VERDICT = {True: "Right.", False: "Not quite."}
TEXT_MARK = re.compile(r"^\[(?P<mark>[ xX])\]\s+")  # "[x] label" when MyST's tasklist extension is off
STATIC = Path(__file__).parent / "quick_check_static"


class quick_check_node(nodes.General, nodes.Element):
    """The check's outer ``<div class="quick-check">``."""


class choice_node(nodes.General, nodes.Element):
    """One option: ``<details>``; its first child is the label (``<summary>``)."""


class choice_label_node(nodes.General, nodes.TextElement):
    """The option's label: ``<summary>``."""


def _take_mark(paragraph: nodes.paragraph) -> bool | None:
    """Remove the option's ``[x]`` / ``[ ]`` mark from the start of its first paragraph; True if right,
    False if wrong, None if there is no mark. MyST's tasklist extension turns the mark into a checkbox."""
    first = paragraph.children[0] if paragraph.children else None
    if isinstance(first, nodes.raw) and "checkbox" in first.astext():
        paragraph.remove(first)
        if paragraph.children and isinstance(paragraph.children[0], nodes.Text):
            paragraph.replace(paragraph.children[0], nodes.Text(paragraph.children[0].astext().lstrip()))
        return "checked" in first.astext()
    if isinstance(first, nodes.Text):
        match = TEXT_MARK.match(first.astext())
        if match:
            paragraph.replace(first, nodes.Text(first.astext()[match.end() :]))
            return match["mark"] != " "
    return None


class QuickCheck(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"kind": lambda value: directives.choice(value, KINDS)}

    def run(self) -> list[nodes.Node]:
        kind = self.options.get("kind")
        if not kind:
            raise self.error(f"quick-check: add a ':kind:' option, one of {', '.join(KINDS)}.")
        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        lists = [child for child in body.children if isinstance(child, nodes.bullet_list)]
        if len(lists) != 1 or len(body.children) != 1:
            raise self.error("quick-check: the content must be one bullet list, one item per option.")
        options = []
        for number, item in enumerate(lists[0].children, start=1):
            paragraph = item.children[0] if item.children else None
            right = _take_mark(paragraph) if isinstance(paragraph, nodes.paragraph) else None
            if right is None:
                raise self.error(f"quick-check: option {number} must start with '[x] ' (right) or '[ ] ' (wrong).")
            if len(item.children) < 2:
                raise self.error(f"quick-check: option {number} has no feedback (indented paragraphs after it).")
            options.append((right, paragraph, item.children[1:]))
        if not 2 <= len(options) <= 4 or sum(right for right, _, _ in options) != 1:
            raise self.error("quick-check: give 2 to 4 options, exactly one of them marked '[x]'.")

        check = quick_check_node(classes=["quick-check", f"quick-check-{kind}"])
        self.set_source_info(check)
        title = nodes.paragraph(classes=["quick-check-question"])
        title += nodes.strong(text=f"Quick check ({kind}). ")
        title += self.parse_inline(self.arguments[0])[0]
        check += title
        for right, label, feedback in options:
            choice = choice_node(classes=["quick-check-choice", "right" if right else "wrong"])
            choice += choice_label_node("", "", *label.children)
            answer = nodes.container(classes=["quick-check-feedback"])
            answer.extend(child.deepcopy() for child in feedback)
            if not isinstance(answer.children[0], nodes.paragraph):
                answer.insert(0, nodes.paragraph())
            answer.children[0].insert(0, nodes.strong(text=VERDICT[right]))
            answer.children[0].insert(1, nodes.Text(" "))
            choice += answer
            check += choice
        return [check]


def _visit(tag: str):
    def visit(self, node):
        self.body.append(self.starttag(node, tag, "" if tag == "summary" else "\n"))

    def depart(self, node):
        self.body.append(f"</{tag}>\n")

    return visit, depart


def _add_static_path(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict:
    app.add_node(quick_check_node, html=_visit("div"))
    app.add_node(choice_node, html=_visit("details"))
    app.add_node(choice_label_node, html=_visit("summary"))
    app.add_directive("quick-check", QuickCheck)
    app.connect("builder-inited", _add_static_path)
    app.add_css_file("quick-check.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}

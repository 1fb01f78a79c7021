"""The book's own Sphinx extensions (_ext/quick_check.py, _ext/figure_numbers.py), built on a two-page book."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

EXT = Path(__file__).resolve().parents[2] / "_ext"
CHECK = """:::{quick-check} Will it *work*?
:kind: predict

- [x] Yes

  It does: 3 dB.
- [ ] No

  It does.
:::
"""


def build(tmp_path, chapter: str) -> tuple[int, str, str]:
    """Build a book whose one chapter is ``chapter``; (exit status, its HTML, warnings)."""
    (tmp_path / "chapters").mkdir()
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(EXT)!r})\n"
        "extensions = ['myst_parser', 'quick_check', 'figure_numbers']\n"
        "myst_enable_extensions = ['colon_fence', 'tasklist', 'dollarmath']\n"
    )
    (tmp_path / "index.md").write_text("# Book\n\n```{toctree}\nchapters/03_test\n```\n")
    (tmp_path / "chapters" / "03_test.md").write_text(chapter)
    (tmp_path / "chapters" / "plot.png").write_bytes(b"")
    warnings = tmp_path / "warnings.txt"
    status = build_main(["-q", "-b", "html", "-W", "-w", str(warnings), str(tmp_path), str(tmp_path / "_build")])
    html = tmp_path / "_build" / "chapters" / "03_test.html"
    return status, html.read_text() if html.exists() else "", warnings.read_text()


def test_a_quick_check_is_one_details_per_option_with_its_verdict(tmp_path):
    status, html, warnings = build(tmp_path, f"# Chapter\n\n{CHECK}")
    assert status == 0, warnings
    check = html[html.index('<div class="quick-check quick-check-predict">') :]
    assert "<strong>Quick check (predict). </strong>Will it <em>work</em>?" in check
    options = re.findall(
        r'<details class="quick-check-choice (\w+)">\s*<summary>(.*?)</summary>(.*?)</details>', check, re.S
    )
    assert [(kind, label) for kind, label, _ in options] == [("right", "Yes"), ("wrong", "No")]
    assert "<strong>Right.</strong> It does: 3 dB." in options[0][2]
    assert "<strong>Not quite.</strong> It does." in options[1][2]
    assert "checkbox" not in check  # MyST's tasklist mark is taken out


@pytest.mark.parametrize(
    "broken, message",
    [
        (CHECK.replace(":kind: predict\n", ""), "add a ':kind:' option"),
        (CHECK.replace("predict", "guess"), "kind"),
        (CHECK.replace("- [ ] No", "- [x] No"), "exactly one of them marked"),
        (CHECK.replace("- [ ] No", "- No"), "option 2 must start with"),
        (CHECK.replace("\n  It does.\n", ""), "option 2 has no feedback"),
    ],
)
def test_a_malformed_quick_check_fails_the_build_saying_what_to_fix(tmp_path, broken, message):
    status, _, warnings = build(tmp_path, f"# Chapter\n\n{broken}")
    assert status != 0 and message in warnings, warnings


def test_chapter_figures_are_numbered_by_chapter_with_an_anchor(tmp_path):
    figure = "```{{figure}} plot.png\n:alt: {alt}\n\n{caption}\n```\n\n"
    page = (
        "# Chapter\n\n" + figure.format(alt="a line", caption="First.") + figure.format(alt="dots", caption="Second.")
    )
    status, html, warnings = build(tmp_path, page)
    assert status == 0, warnings
    assert re.findall(r'<figure class="align-default" id="(figure-3-\d)">', html) == ["figure-3-1", "figure-3-2"]
    assert '<span class="caption-number">Figure 3.1. </span>First.' in html
    assert '<span class="caption-number">Figure 3.2. </span>Second.' in html

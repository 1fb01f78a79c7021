"""What readers see on the chapter pages: figures, readable training output, no log noise."""

import re

# Lines TensorFlow/absl print at start-up or on warnings; they must not reach the pages.
LOG_NOISE = [
    "oneDNN custom operations",
    "cuda_dnn",
    "cuda_blas",
    "Unable to register cu",
    "absl::InitializeLog",
    "This TensorFlow binary is optimized",
    "computation placer already registered",
    "rebuild TensorFlow",
    "tf.placeholder is deprecated",
]


def chapter_pages(site_dir):
    found = sorted(site_dir.glob("chapters/*.html"))
    assert found, "no chapter pages were built"
    return found


def visible_text(html):
    return re.sub(r"<[^>]+>", " ", html)


def test_no_tensorflow_log_lines_on_pages(site_dir):
    noisy = {p.name: [n for n in LOG_NOISE if n in p.read_text(encoding="utf-8")] for p in chapter_pages(site_dir)}
    noisy = {name: hits for name, hits in noisy.items() if hits}
    assert not noisy, f"TensorFlow log lines leaked onto pages: {noisy}"


def test_training_output_is_compact(site_dir):
    for page in chapter_pages(site_dir):
        text = page.read_text(encoding="utf-8")
        # A Keras progress bar reads "99/99 ━━━━━━━━━━ 1s 9ms/step"; model.summary()'s table also
        # uses "━", so count bars by their step counter, not by the character.
        bars = len(re.findall(r"\d+/\d+ ━+", text))
        assert bars <= 5, f"{page.name}: {bars} Keras progress bars; use verbose=0 with EpochLog"
        assert not re.search(r"Epoch \d+/\d+\s*$", visible_text(text), re.M), f"{page.name}: Keras per-epoch lines"


def test_every_chapter_shows_a_figure(site_dir):
    for page in chapter_pages(site_dir):
        if page.stem.startswith(("0", "1")):  # numbered lesson chapters, not homework pages
            text = page.read_text(encoding="utf-8")
            assert re.search(r"<img[^>]+src=\"[^\"]+\.(png|svg)\"", text) or "<svg" in text, (
                f"{page.name} has no figure"
            )


def test_no_error_outputs_or_hidden_asserts_on_pages(site_dir):
    for page in chapter_pages(site_dir):
        text = visible_text(page.read_text(encoding="utf-8"))
        assert "Traceback (most recent call last)" not in text, f"{page.name} shows a traceback"
        # hidden assertion cells are tagged remove-cell: their code must not appear on the page
        assert not re.search(r"^\s*assert\s", text, re.M), f"{page.name} shows an assertion cell; tag it remove-cell"


# --- Tables and math as readers see them ---------------------------------------------------------------
# A Markdown table that reached the page as text (e.g. printed with display(Markdown(...)) by a cell)
# shows up as a paragraph of pipes: "| a | b |\n|---|---|".  Sphinx's typography may turn --- into —.
RAW_TABLE = re.compile(r"\|\s*:?(-{3,}|—+|–+):?\s*\|")
# Inline math that MathJax never saw: "$x^2$" left in the text (outside code and typeset math).
RAW_DOLLAR_MATH = re.compile(r"(?<![\\$\w])\$(?=[^\s$])[^$<>\n]{1,120}(?<=[^\s$])\$(?![\w$])")
NOT_PROSE = re.compile(
    r"<(pre|code|script|style|textarea)\b.*?</\1>|<div class=\"highlight[^\"]*\">.*?</div>"
    r"|<span class=\"math[^\"]*\">.*?</span>|<div class=\"math[^\"]*\">.*?</div>",
    re.S,
)


def prose_paragraphs(html):
    """The text of each <p> and table cell outside code blocks, scripts and typeset math."""
    html = NOT_PROSE.sub(" ", html)
    return [visible_text(p) for p in re.findall(r"<(?:p|td|li)\b[^>]*>(.*?)</(?:p|td|li)>", html, re.S)]


def raw_tables_and_math(html):
    """``(raw Markdown tables, raw $…$ math)`` found in the page's prose."""
    paragraphs = prose_paragraphs(html)
    return (
        [p.strip()[:80] for p in paragraphs if RAW_TABLE.search(p)],
        [m.group(0) for p in paragraphs for m in RAW_DOLLAR_MATH.finditer(p)],
    )


def test_raw_table_and_math_detectors():
    printed = '<div class="output"><p>| experiment | claim |\n|---|---|\n| a | b |</p></div>'
    typographic = "<p>| σ | PSNR | |—|—| | 0.1 | 20 |</p>"
    assert raw_tables_and_math(printed)[0] and raw_tables_and_math(typographic)[0]
    assert raw_tables_and_math("<p>the loss $L = x^2$ falls</p>")[1] == ["$L = x^2$"]
    clean = (
        "<table><tr><td>0.1</td><td>20</td></tr></table><p>costs 5 dollars</p>"
        '<pre>| a |\n|---|</pre><span class="math notranslate">\\(x^2\\)</span><p>a | b</p>'
    )
    assert raw_tables_and_math(clean) == ([], [])


def test_pages_show_no_raw_markdown_tables_or_math(site_dir):
    pages = [
        p
        for p in sorted(site_dir.rglob("*.html"))
        if not any(part == "_static" or part.startswith(".") for part in p.relative_to(site_dir).parts)
    ]
    found = {}
    for page in pages:
        tables, math = raw_tables_and_math(page.read_text(encoding="utf-8"))
        if tables or math:
            found[str(page.relative_to(site_dir))] = {"raw tables": tables[:2], "raw math": math[:3]}
    assert not found, f"pages showing Markdown tables or $…$ math as raw text: {found}"


def test_tables_show_whole_cells(site_dir):
    """pandas cuts long cells to "..." by default; setup_notebook turns that off, and no page may show it."""
    cut = {}
    for page in chapter_pages(site_dir) + sorted(site_dir.glob("chapters/homework/*.html")):
        for table in re.findall(r"<table[^>]*dataframe.*?</table>", page.read_text(encoding="utf-8"), re.S):
            cells = [c.strip() for c in re.findall(r"<td>(.*?)</td>", table, re.S)]
            cut[page.name] = cut.get(page.name, 0) + sum(c.endswith("...") for c in cells)
    assert not {name: n for name, n in cut.items() if n}, f"table cells cut short with '...': {cut}"


def test_every_chapter_has_exercises_with_folded_solutions(site_dir):
    for page in [p for p in chapter_pages(site_dir) if re.match(r"\d\d_", p.name)]:
        html = page.read_text(encoding="utf-8")
        exercises = len(re.findall(r'class="exercise admonition"', html))
        solutions = re.findall(r'class="solution([^"]*)"', html)
        assert exercises >= 3, f"{page.name}: {exercises} exercises rendered"
        assert len(solutions) >= exercises and all("dropdown" in c for c in solutions), (
            f"{page.name}: solutions {solutions} (each must be a collapsed dropdown)"
        )
        assert "{exercise}" not in html and "{solution" not in html, f"{page.name}: a directive printed as text"

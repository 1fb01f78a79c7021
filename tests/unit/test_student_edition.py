"""scripts/student_edition.py: the student edition in student/ is current, holds no MyST markup, no
hidden assertion and no solution code cell, starts with the Colab cell; and each conversion, on small
inputs (a tiny book in a temporary folder)."""

from __future__ import annotations

import ast
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import student_edition as se  # noqa: E402

STUDENT = ROOT / se.STUDENT
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# What a learner must never see raw in a student notebook's Markdown (the brief of issue 20).
RAW_MYST = [
    "{glue",
    "{cite",
    "{exercise",
    "{solution",
    "{admonition",
    ":class:",
    ":label:",
    "{doc}",
    "{ref}",
    "```{",
    "````{",
]


def student_notebooks() -> list[Path]:
    return sorted(p for p in STUDENT.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def source_of(student: Path) -> Path:
    return ROOT / student.relative_to(STUDENT)


def solution_and_removed_ids(source: Path) -> tuple[set[str], set[str]]:
    """Ids of a source notebook's code cells between solution-start and solution-end, and of its
    remove-cell cells."""
    nb = se.read_notebook(ROOT, source.relative_to(ROOT).as_posix())  # the ids the edition uses
    in_solution, solution_ids, removed_ids = False, set(), set()
    for index, cell in enumerate(nb.cells):
        cell_id = cell.get("id") or f"cell-{index}"  # the edition's id for a cell stored without one
        if "remove-cell" in cell.metadata.get("tags", []):
            removed_ids.add(cell_id)
            continue
        if cell.cell_type == "markdown":
            if "{solution-start}" in cell.source:
                in_solution = True
            if "{solution-end}" in cell.source:
                in_solution = False
        elif in_solution:
            solution_ids.add(cell_id)
    return solution_ids, removed_ids


# --- the committed edition ---------------------------------------------------------------------------


def test_committed_edition_is_current():
    try:
        files = se.edition(ROOT)
    except se.StudentEditionError as error:
        pytest.fail(f"the student edition cannot be written: {error}")
    problems = se.differences(ROOT, files)
    assert not problems, "student/ is not what `make student` writes now; run it and commit student/:\n" + "\n".join(
        problems
    )


def test_every_book_notebook_has_a_student_edition():
    expected = {STUDENT / name for name in se.toc_notebooks(ROOT)}
    assert expected and expected == set(student_notebooks())


@pytest.mark.parametrize("path", student_notebooks(), ids=lambda p: p.relative_to(STUDENT).as_posix())
def test_no_raw_myst_in_markdown(path):
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        found = [marker for marker in RAW_MYST if marker in cell.source] + se.leftover_myst(cell.source)
        assert not found, f"{path.name}, cell {index}: raw MyST {found}"


@pytest.mark.parametrize("path", student_notebooks(), ids=lambda p: p.relative_to(STUDENT).as_posix())
def test_no_solution_code_and_no_hidden_assertion_survives(path):
    nb = nbformat.read(path, as_version=4)
    solution_ids, removed_ids = solution_and_removed_ids(source_of(path))
    code = {cell.id: cell for cell in nb.cells if cell.cell_type == "code"}
    assert not solution_ids & set(code), f"{path.name}: a solution's code cell is a code cell (Run All runs it)"
    assert not removed_ids & {cell.id for cell in nb.cells}, f"{path.name}: a remove-cell cell survived"
    for cell in nb.cells:
        assert "remove-cell" not in cell.metadata.get("tags", []), f"{path.name}: a remove-cell tag survived"
        assert not cell.get("outputs"), f"{path.name}: outputs were kept"
        if cell.cell_type == "markdown":  # every fold is closed in the cell that opens it
            assert cell.source.count("<details>") == cell.source.count("</details>"), cell.source[:200]


@pytest.mark.parametrize("path", student_notebooks(), ids=lambda p: p.relative_to(STUDENT).as_posix())
def test_colab_cell_first_then_the_note(path):
    nb = nbformat.read(path, as_version=4)
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].rstrip("/")
    first, second = nb.cells[0], nb.cells[1]
    assert first.cell_type == "code" and '"google.colab" in sys.modules' in first.source
    assert f"git+{url}@" in first.source
    assert second.cell_type == "markdown" and "Student edition" in second.source
    assert nb.metadata["kernelspec"]["name"] == "python3" and nb.metadata["language_info"] == {"name": "python"}


def test_colab_cell_does_nothing_outside_colab():
    from IPython.core.inputtransformer2 import TransformerManager

    source = nbformat.read(student_notebooks()[0], as_version=4).cells[0].source
    calls = []

    class Shell:  # what get_ipython() would return: records any %pip it is asked to run
        def run_line_magic(self, *args):
            calls.append(args)

    code = TransformerManager().transform_cell(source)
    exec(compile(code, "colab-cell", "exec"), {"get_ipython": Shell})
    assert not calls, "the Colab cell ran a command outside Colab"
    sys.modules["google.colab"] = type(sys)("google.colab")
    try:
        exec(compile(code, "colab-cell", "exec"), {"get_ipython": Shell})
    finally:
        del sys.modules["google.colab"]
    assert calls and calls[0][0] == "pip", "on Colab the cell should %pip install the course's library"


def _bound_and_loaded(source: str) -> tuple[set[str], set[str]]:
    from IPython.core.inputtransformer2 import TransformerManager

    tree = ast.parse(TransformerManager().transform_cell(source))
    bound, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, (ast.Store, ast.Del)) else loaded).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):  # a parameter, local to its function
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return bound, loaded


@pytest.mark.parametrize("path", student_notebooks(), ids=lambda p: p.relative_to(STUDENT).as_posix())
def test_kept_code_needs_nothing_from_dropped_cells(path):
    """A name that only a dropped cell (hidden assertion, solution) defines must not be used by a kept
    code cell: Run All on the student edition would stop there with a NameError."""
    source = se.read_notebook(ROOT, source_of(path).relative_to(ROOT).as_posix())
    solution_ids, removed_ids = solution_and_removed_ids(source_of(path))
    kept_bound, kept_loaded, dropped_bound = set(), set(), set()
    for index, cell in enumerate(source.cells):
        if cell.cell_type != "code":
            continue
        bound, loaded = _bound_and_loaded(cell.source)
        if (cell.get("id") or f"cell-{index}") in solution_ids | removed_ids:
            dropped_bound |= bound
        else:
            kept_bound |= bound
            kept_loaded |= loaded
    missing = (dropped_bound - kept_bound) & kept_loaded
    assert not missing, f"{path.name}: kept code uses {sorted(missing)}, defined only in dropped cells"


def test_reference_values_cover_every_glue_key():
    values = json.loads((STUDENT / se.VALUES_FILE).read_text())["notebooks"]
    for name in se.toc_notebooks(ROOT):
        keys = set(re.findall(r"\{glue:text\}`([^`:]+)", (ROOT / name).read_text()))
        assert keys <= set(values.get(name, {})), (
            f"{name}: no reference value for {sorted(keys - set(values.get(name, {})))}"
        )


def test_bibliography_has_an_anchor_per_reference():
    text = (STUDENT / "bibliography.md").read_text()
    keys = re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(), re.M)
    assert keys and all(f'id="{key}"' in text for key in keys)


# --- conversions, on a tiny book ------------------------------------------------------------------------


def notebook(*cells):
    return new_notebook(cells=list(cells), metadata={"kernelspec": KERNELSPEC})


def md(text, **metadata):
    cell = new_markdown_cell(text)
    cell.metadata.update(metadata)
    return cell


def code(text, tags=()):
    cell = new_code_cell(text)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


@pytest.fixture
def book(tmp_path):
    """A book with two chapters, the course's references and a few reference values; returns a function
    that writes notebooks into it and gives back the student edition's files."""
    (tmp_path / "chapters").mkdir()
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    (tmp_path / "notation.md").write_text("# Notation\n")
    (tmp_path / "_config.yml").write_text("repository:\n  url: https://github.com/example/course\n  branch: dev\n")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: chapters/one\n  - file: chapters/two\n"
    )
    (tmp_path / "intro.md").write_text("# Intro\n")
    values = {
        "chapters/one.ipynb": {"t": "19.4321", "n": "12345", "share": "0.1234", "s": "'8,000'"},
        "chapters/two.ipynb": {},
    }
    (tmp_path / "student").mkdir()
    (tmp_path / "student" / se.VALUES_FILE).write_text(json.dumps({"notebooks": values}))

    def make(one, two=None):
        nbformat.write(one, tmp_path / "chapters" / "one.ipynb")
        nbformat.write(two or notebook(md("# Two")), tmp_path / "chapters" / "two.ipynb")
        return se.edition(tmp_path)

    make.root = tmp_path
    return make


def cells_of(files, name="chapters/one.ipynb"):
    return nbformat.reads(files[name], as_version=4).cells[2:]  # after the Colab cell and the note


def page(book_fixture, values):
    book = se.Book(
        book_fixture.root,
        ["chapters/one.ipynb"],
        {"chapters/one.ipynb": values},
        ("https://github.com/example/course", "dev"),
    )
    book.references = se.References(ROOT / "references.bib")
    return se.Page(book, "chapters/one.ipynb", 3)


@pytest.mark.parametrize(
    "content, expected",
    [
        ("t:.0f", "19"),
        ("t:.1f", "19.4"),
        ("t", "19.4321"),
        ("share:.2%", "12.34%"),
        ("share:.1e", "1.2e-01"),
        ("n:,d", "12,345"),
        ("n:,.0f", "12,345"),
        ("s", "8,000"),
        ("t:+.1f", "+19.4"),
    ],
)
def test_glue_values_are_formatted_as_the_book_formats_them(book, content, expected):
    assert (
        se.glue_value(page(book, {"t": "19.4321", "n": "12345", "share": "0.1234", "s": "'8,000'"}), content)
        == expected
    )


def test_a_glue_value_that_cannot_take_the_format_is_refused(book):
    with pytest.raises(se.StudentEditionError, match=r"chapters/one.ipynb, cell 3: glue 's'.*'.1f'"):
        se.glue_value(page(book, {"s": "'8,000'"}), "s:.1f")


def test_glue_role_becomes_a_marked_reference_value(book):
    cells = cells_of(book(notebook(md("# One\n\nTraining took {glue:text}`t:.1f` s on {glue:text}`s` images."))))
    assert cells[0].source.endswith(
        f'took <abbr title="{se.ABBR_TITLE}">19.4</abbr> s on <abbr title="{se.ABBR_TITLE}">8,000</abbr> images.'
    )


def test_unknown_glue_key_is_refused_naming_notebook_cell_and_key(book):
    with pytest.raises(se.StudentEditionError, match=r"chapters/one.ipynb, cell 1: glue key 'nope'.*refresh-values"):
        book(notebook(md("# One"), md("It is {glue:text}`nope:.2f`.")))


@pytest.mark.parametrize(
    "role, keys, expected",
    [
        ("p", "vincent2008", "[[Vincent *et al.*, 2008](../bibliography.md#vincent2008)]"),
        (
            "p",
            "baldi1989,hinton2006",
            "[[Baldi and Hornik, 1989](../bibliography.md#baldi1989), "
            "[Hinton and Salakhutdinov, 2006](../bibliography.md#hinton2006)]",
        ),
        ("t", "kingma2014", "Kingma and Welling [[2014](../bibliography.md#kingma2014)]"),
        (
            "t",
            "masci2011, an2015",
            "An and Cho [[2015](../bibliography.md#an2015)], Masci *et al.* [[2011](../bibliography.md#masci2011)]",
        ),  # the site's order
        ("p", "vandermaaten2008", "[[van\u00a0der Maaten and Hinton, 2008](../bibliography.md#vandermaaten2008)]"),
        (
            "p",
            "bourlard1988,baldi1989",
            "[[Baldi and Hornik, 1989](../bibliography.md#baldi1989), "
            "[Bourlard and Kamp, 1988](../bibliography.md#bourlard1988)]",
        ),
    ],
)
def test_citations_read_as_on_the_site_and_link_to_the_bibliography(book, role, keys, expected):
    cells = cells_of(book(notebook(md(f"As shown {{cite:{role}}}`{keys}`."))))
    assert cells[0].source == f"As shown {expected}."


def test_unknown_citation_key_is_refused(book):
    with pytest.raises(se.StudentEditionError, match="cell 0: citation key.*nobody1999"):
        book(notebook(md("See {cite:p}`nobody1999`.")))


def test_admonition_becomes_a_block_quote_with_nested_markdown(book):
    text = (
        "````{admonition} At a glance\n:class: note\n\n- a list item with $x^2$\n\n"
        "```python\nprint(1)\n```\n\n```{warning}\nInner $$\na = b\n$$ text.\n```\n````"
    )
    cells = cells_of(book(notebook(md(text))))
    assert cells[0].source == (
        "> **Note: At a glance**\n>\n> - a list item with $x^2$\n>\n"
        "> ```python\n> print(1)\n> ```\n>\n> > **Warning**\n> >\n> > Inner $$ a = b $$ text."
    )


def test_exercises_are_numbered_across_the_book_and_solutions_folded(book):
    one = notebook(
        md("## Exercises"),
        md("````{exercise} First\n:label: ex-a\n\nDo A.\n````"),
        md("````{solution} ex-a\n:class: dropdown\n\nA is *done*.\n````"),
        md("````{exercise} Second\n:label: ex-b\n\nDo B, unlike {ref}`ex-c`.\n````"),
    )
    two = notebook(
        md("# Two\n\n## More exercises"),
        md("````{exercise} Third\n:label: ex-c\n\nDo C, see {ref}`ex-a`.\n````"),
        md("````{exercise}\nNo label, no title.\n````"),
        md("````{exercise} Not numbered\n:nonumber:\n\nAs on the site.\n````"),
    )
    files = book(one, two)
    first, second = cells_of(files), cells_of(files, "chapters/two.ipynb")
    assert first[1].source == "**Exercise 1** (First)\n\nDo A."
    assert (
        first[2].source == "<details>\n<summary>Solution to Exercise 1 (First)</summary>\n\nA is *done*.\n\n</details>"
    )
    assert first[3].source == "**Exercise 2** (Second)\n\nDo B, unlike [Exercise 3](two.ipynb#More-exercises)."
    assert second[1].source == "**Exercise 3** (Third)\n\nDo C, see [Exercise 1](one.ipynb#Exercises)."
    assert second[2].source == "**Exercise 4**\n\nNo label, no title."
    assert second[3].source == "**Exercise** (Not numbered)\n\nAs on the site."


def test_solution_code_cells_are_folded_into_the_solution_as_code_blocks(book):
    one = notebook(
        md("````{exercise} Train it\n:label: ex-t\n\nTrain.\n````"),
        md("````{solution-start} ex-t\n:class: dropdown\n````"),
        md("We train:"),
        code("model.fit(x, y)\nglue('t', 1.0, display=False)"),
        md("It gives {glue:text}`t:.0f`."),
        md("````{solution-end}\n````"),
        code("assert True", tags=["remove-cell"]),
        code("print('after')", tags=["hide-input", "otter_answer_cell"]),
    )
    cells = cells_of(book(one))
    assert [c.cell_type for c in cells] == ["markdown", "markdown", "code"]
    assert cells[1].source == (
        "<details>\n<summary>Solution to Exercise 1 (Train it)</summary>\n\nWe train:\n\n"
        "```python\nmodel.fit(x, y)\nglue('t', 1.0, display=False)\n```\n\n"
        f'It gives <abbr title="{se.ABBR_TITLE}">19</abbr>.\n\n</details>'
    )
    assert cells[2].source == "print('after')"
    assert cells[2].metadata == {"tags": ["otter_answer_cell"], "jupyter": {"source_hidden": True}}


def test_outputs_and_hidden_cells_are_dropped(book):
    executed = code("x = 1")
    executed.outputs = [new_output("stream", name="stdout", text="1\n")]
    executed.execution_count = 3
    cells = cells_of(book(notebook(md("# One"), executed, code("assert x == 1", tags=["remove-cell"]))))
    assert len(cells) == 2 and cells[1].outputs == [] and cells[1].execution_count is None


def test_unknown_directive_is_refused_naming_notebook_and_cell(book):
    with pytest.raises(se.StudentEditionError, match=r"chapters/one.ipynb, cell 1: unknown MyST directive \{figure\}"):
        book(notebook(md("# One"), md("```{figure} x.png\nA caption\n```")))


def test_unknown_role_is_refused_naming_notebook_and_cell(book):
    with pytest.raises(se.StudentEditionError, match=r"chapters/one.ipynb, cell 0: unknown MyST role \{numref\}"):
        book(notebook(md("See {numref}`fig-1`.")))


def test_markup_that_no_conversion_removes_is_refused(book):
    with pytest.raises(se.StudentEditionError, match=r"cell 0: MyST markup.*:class: note"):
        book(notebook(md("Stray option:\n:class: note")))


def test_leftover_markup_is_found_outside_code_only():
    assert se.leftover_myst("see {cite:p}`x`, `{glue:text}` and $a_{x}$") == ["{cite:p}`x`"]
    assert se.leftover_myst("```{note}\nhi\n```") == ["```{"]
    assert se.leftover_myst("> :label: ex-1\n(sec-a)=\n```python\n:class: ok in code\n```") == [
        "> :label: ex-1",
        "(sec-a)=",
    ]


def test_math_code_labels_and_links(book):
    text = (
        "(sec-a)=\n# One\n\nKeep $a_{x}$, `{glue:text}` and\n\n$$ y = 1 $$ (eq-y)\n\n"
        "See [notation](../notation.md), [two](two.ipynb#Top), {doc}`two` and {doc}`the front page <../intro>`."
    )
    cells = cells_of(book(notebook(md(text)), notebook(md("# The second chapter"))))
    assert cells[0].source == (
        "# One\n\nKeep $a_{x}$, `{glue:text}` and\n\n$$ y = 1 $$\n\n"
        "See [notation](https://github.com/example/course/blob/dev/notation.md), "
        "[two](two.ipynb#Top), [The second chapter](two.ipynb) and "
        "[the front page](https://github.com/example/course/blob/dev/intro.md)."
    )


def test_a_link_to_nothing_is_refused(book):
    with pytest.raises(se.StudentEditionError, match="cell 0: the link 'missing.ipynb' points at nothing"):
        book(notebook(md("[gone](missing.ipynb)")))


def test_colab_cell_installs_from_the_configured_repository(book):
    files = book(notebook(md("# One"), code("from myst_nb import glue")))
    first = nbformat.reads(files["chapters/one.ipynb"], as_version=4).cells[0]
    assert '"autoencoder-course @ git+https://github.com/example/course@dev"' in first.source
    assert '%pip install -q "myst-nb>=1,<2"' in first.source  # the notebook glues with myst-nb, which Colab lacks
    files = book(notebook(md("# One"), code("x = 1")))
    assert "myst-nb" not in nbformat.reads(files["chapters/one.ipynb"], as_version=4).cells[0].source


def test_check_reports_stale_missing_and_extra_files(book, capsys):
    book(notebook(md("# One")))
    root = book.root
    assert se.main(["--book", str(root)]) == 0
    assert se.main(["--book", str(root), "--check"]) == 0
    (root / "student" / "chapters" / "one.ipynb").write_text("{}")
    (root / "student" / "chapters" / "two.ipynb").unlink()
    (root / "student" / "chapters" / "old.ipynb").write_text("{}")
    capsys.readouterr()
    assert se.main(["--book", str(root), "--check"]) == 1
    err = capsys.readouterr().err
    assert "stale: student/chapters/one.ipynb" in err and "missing: student/chapters/two.ipynb" in err
    assert "extra: student/chapters/old.ipynb" in err
    assert se.main(["--book", str(root)]) == 0 and not (root / "student" / "chapters" / "old.ipynb").exists()


def test_bad_input_gets_one_line_not_a_traceback(book, capsys):
    book(notebook(md("# One")))
    nbformat.write(notebook(md("Use {glue:text}`unknown`.")), book.root / "chapters" / "one.ipynb")
    assert se.main(["--book", str(book.root), "--check"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "glue key 'unknown'" in err and "Traceback" not in err


def test_refresh_values_reads_glued_values_from_the_execution_cache(book, capsys):
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    root = book.root
    nbformat.write(
        notebook(md("# One\n\nIt took {glue:text}`seconds:.1f` s."), code("glue('seconds', 12.345, display=False)")),
        root / "chapters" / "one.ipynb",
    )
    nbformat.write(notebook(md("# Two")), root / "chapters" / "two.ipynb")
    assert se.main(["--book", str(root), "--refresh-values"]) == 1
    assert "run `make build` first" in capsys.readouterr().err  # no cache at all

    cache = get_cache(str(root / "_build" / ".jupyter_cache"))
    executed = nbformat.read(root / "chapters" / "one.ipynb", as_version=4)
    executed.cells[1].outputs = [
        new_output(
            "display_data",
            data={"application/papermill.record/text/plain": "12.345"},
            metadata={"scrapbook": {"name": "seconds", "mime_prefix": "application/papermill.record/"}},
        )
    ]
    record = cache.add_nb_to_project(str(root / "chapters" / "one.ipynb"))
    cache.cache_notebook_bundle(CacheBundleIn(executed, record.uri), check_validity=False, overwrite=True)
    assert se.main(["--book", str(root), "--refresh-values"]) == 1  # chapters/two.ipynb is not cached
    assert "chapters/two.ipynb: run `make build` first" in capsys.readouterr().err

    record = cache.add_nb_to_project(str(root / "chapters" / "two.ipynb"))
    cache.cache_notebook_bundle(
        CacheBundleIn(nbformat.read(root / "chapters" / "two.ipynb", as_version=4), record.uri),
        check_validity=False,
        overwrite=True,
    )
    assert se.main(["--book", str(root), "--refresh-values"]) == 0
    values = json.loads((root / "student" / se.VALUES_FILE).read_text())["notebooks"]
    assert values == {"chapters/one.ipynb": {"seconds": "12.345"}, "chapters/two.ipynb": {}}
    student = nbformat.read(root / "student" / "chapters" / "one.ipynb", as_version=4)
    assert '<abbr title="value from the course\'s reference run">12.3</abbr> s.' in student.cells[2].source
    assert se.main(["--book", str(root), "--check"]) == 0


def test_dropdowns_stay_folded(book):
    cells = cells_of(
        book(
            notebook(
                md(":::{dropdown} Going deeper: why\nBecause $x$.\n:::"),
                md("```{note} Aside\n:class: dropdown\nMore.\n```"),
            )
        )
    )
    assert cells[0].source == "<details>\n<summary>Going deeper: why</summary>\n\nBecause $x$.\n\n</details>"
    assert cells[1].source == "<details>\n<summary>Note: Aside</summary>\n\nMore.\n\n</details>"


QUICK_CHECK = ":::{quick-check} Which is *it*?\n:kind: recall\n\n- [x] This one\n\n  Because it is.\n- [ ] That one\n\n  It is not.\n:::"


def test_a_quick_check_folds_each_option_with_its_verdict(book):
    source = cells_of(book(notebook(md(QUICK_CHECK))))[0].source
    assert source.startswith('<div class="quick-check">\n\n**Quick check (recall).** Which is *it*?\n\n')
    assert "<details>\n<summary>This one</summary>\n\n**Right.** Because it is.\n\n</details>" in source
    assert "<details>\n<summary>That one</summary>\n\n**Not quite.** It is not.\n\n</details>" in source
    assert source.endswith("</details>\n\n</div>")


@pytest.mark.parametrize(
    "broken",
    [
        QUICK_CHECK.replace("[x]", "[ ]"),
        QUICK_CHECK.replace("[ ]", "[x]"),
        QUICK_CHECK.replace("  It is not.", "It is not."),
    ],
)
def test_a_quick_check_without_one_right_option_is_refused(book, broken):
    with pytest.raises(se.StudentEditionError, match="quick-check"):
        book(notebook(md(broken)))

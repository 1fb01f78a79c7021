"""Every chapter has the course's frame: what you will be able to do, what you need, how long it takes at the
top; key takeaways, at least three exercises with folded solutions (one of them code) and next steps at the end.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
EXERCISE = re.compile(r"^`{3,}\{exercise\}.*\n:label: (?P<label>\S+)", re.M)
SOLUTION = re.compile(r"^`{3,}\{solution(?:-start)?\} (?P<label>\S+)\n(?P<options>(?::\S+:.*\n)*)", re.M)
END_SECTIONS = ["## Key takeaways", "## Exercises", "## Next steps"]


def markdown(path):
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_top_says_what_you_will_learn_need_and_spend(path):
    cells = markdown(path)
    frame = next((c for c in cells[:3] if "{admonition} At a glance" in c), None)
    assert frame, f"{path.name}: no 'At a glance' admonition in the first markdown cells"
    objectives = re.findall(r"^- \S", frame.split("**You will be able to**")[-1].split("**You need:**")[0], re.M)
    assert 3 <= len(objectives) <= 5, f"{path.name}: {len(objectives)} objectives (3 to 5 expected)"
    time_line = (
        r"^\*\*Time:\*\* about \d+ min to read; the code ran in \{glue:text\}`run_time` when this page was built\.$"
    )
    assert "**You need:**" in frame and re.search(time_line, frame, re.M), (
        f"{path.name}: the frame lacks **You need:** or the **Time:** line"
    )
    # The run time is the run's own (no tool writes it into the chapter): glued by the last cell.
    last = nbformat.read(path, as_version=4).cells[-1]
    assert last.cell_type == "code" and "run_time_text()" in last.source, f"{path.name}: no run_time glue at the end"
    assert "remove-cell" in last.metadata.get("tags", []), f"{path.name}: the run_time cell should be hidden"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_chapter_on_mnist_says_what_changes_on_all_of_it(path):
    """Full MNIST is a learner's opt-in (AUTOENCODER_COURSE_FULL_MNIST=1): the frame says what to expect then."""
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    frame = next((c for c in markdown(path)[:3] if "{admonition} At a glance" in c), "")
    if "load_mnist(" in code:
        assert re.search(r"^\*\*On all of MNIST\*\* ", frame, re.M), f"{path.name}: no '**On all of MNIST**' line"
    else:
        assert "On all of MNIST" not in frame, f"{path.name} loads no MNIST, so full MNIST changes nothing"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_end_has_takeaways_exercises_with_folded_solutions_and_next_steps(path):
    text = "\n".join(markdown(path))
    at = [text.find(heading + "\n") for heading in END_SECTIONS]
    assert all(i >= 0 for i in at) and at == sorted(at), f"{path.name}: needs {END_SECTIONS} in this order"
    assert "What to try" not in text, f"{path.name}: 'What to try' prompts should have become exercises"
    exercises = EXERCISE.findall(text)
    solutions = {m["label"]: m["options"] for m in SOLUTION.finditer(text)}
    assert len(exercises) >= 3, f"{path.name}: {len(exercises)} exercises (at least 3)"
    for label in exercises:
        assert label.startswith(f"ch{path.stem[:2]}-ex-"), f"{path.name}: label {label}"
        assert label in solutions, f"{path.name}: exercise {label} has no solution"
        assert ":class: dropdown" in solutions[label], f"{path.name}: the solution to {label} is not folded"
    assert "{solution-start}" in text and "{solution-end}" in text, (
        f"{path.name}: no coding exercise (a solution-start/solution-end pair around executed code)"
    )
    assert "homework/" in text[at[2] :], f"{path.name}: Next steps links no homework or miniproject"


def test_exercise_labels_are_unique_across_the_book():
    labels = [label for path in CHAPTERS for label in EXERCISE.findall("\n".join(markdown(path)))]
    assert len(labels) == len(set(labels))


# The main path (issue 23): the Markdown a learner reads before the exercises, not counting what is folded.
MAIN_PATH_WORDS = 2_500
FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})(?P<info>.*)$")
FOLDED_DIRECTIVES = ("{dropdown}", "{quick-check}")


def _unfolded_lines(lines):
    """The lines a reader sees without opening anything: fenced blocks that must be opened (a dropdown, an
    admonition with ``:class: dropdown``, a quick check) and code fences are left out; other directives'
    fences are kept open on a stack so that their closing fence is not taken for a code fence."""
    kept, open_fences, i = [], [], 0
    while i < len(lines):
        line, match = lines[i], FENCE_OPEN.match(lines[i].strip())
        if open_fences and line.strip() == open_fences[-1]:
            open_fences.pop()
            i += 1
            continue
        if not match:
            kept.append(line)
            i += 1
            continue
        fence, info = match["fence"], match["info"].strip()
        rest = lines[i + 1 :]
        end = next((j for j, other in enumerate(rest) if other.strip() == fence), len(rest))
        options = rest[:end][:4]
        if (
            info.startswith(FOLDED_DIRECTIVES)
            or not info.startswith("{")
            or ":class: dropdown" in map(str.strip, options)
        ):
            i += end + 2  # skip the whole block and its closing fence
        else:
            open_fences.append(fence)
            i += 1
    return kept


def main_path_words(path) -> int:
    text = "\n".join(markdown(path)).split("## Exercises\n")[0]
    text = re.sub(r"<details>.*?</details>", " ", text, flags=re.S)
    kept = _unfolded_lines(text.splitlines())
    prose = [line for line in kept if not re.match(r"^\([^()\s]+\)=\s*$|^:[\w-]+:", line)]
    return len(" ".join(prose).split())


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_main_path_fits_the_word_budget(path):
    words = main_path_words(path)
    assert words <= MAIN_PATH_WORDS, (
        f"{path.name}: {words} words before the exercises (at most {MAIN_PATH_WORDS}); fold graduate material "
        "into a 'Going deeper' dropdown (CONTRIBUTING.md, Writing a chapter)"
    )


def test_the_word_count_leaves_out_only_what_is_folded():
    lines = [
        "one two",
        "```{admonition} Kept",
        "three",
        "```",
        ":::{dropdown} Going deeper",
        "folded folded",
        ":::",
        "```{note} Folded too",
        ":class: dropdown",
        "folded",
        "```",
        "```python",
        "code code",
        "```",
        ":::{quick-check} Asked?",
        "- [x] folded",
        ":::",
        "four",
    ]
    assert " ".join(_unfolded_lines(lines)).split() == ["one", "two", "three", "four"]


QUICK_CHECK = re.compile(r"^:{3,}\{quick-check\} .+\n:kind: (?P<kind>\w+)", re.M)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_at_least_three_quick_checks_with_recall_and_predict(path):
    """Checks the reader answers on the page (_ext/quick_check.py); the build refuses a malformed one."""
    kinds = QUICK_CHECK.findall("\n".join(markdown(path)))
    assert len(kinds) >= 3 and {"recall", "predict"} <= set(kinds), (
        f"{path.name}: quick checks {kinds}; at least three, one 'recall' and one 'predict' (CONTRIBUTING.md)"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_visible_cell_glues(path):
    """Bookkeeping stays out of the reader's way: glue(...) calls live in hidden cells."""
    visible = [
        i
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells)
        if cell.cell_type == "code"
        and re.search(r"^\s*glue\(", cell.source, re.M)
        and not {"remove-cell", "remove-input"} & set(cell.metadata.get("tags", []))
    ]
    assert not visible, f"{path.name}: cells {visible} call glue() visibly; move the calls into a remove-cell cell"

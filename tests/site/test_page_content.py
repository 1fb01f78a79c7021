"""What readers see on the chapter pages: figures, readable training output, no log noise."""

import re

import pytest

# Lines TensorFlow/absl print at start-up or on warnings; they must not reach the pages.
LOG_NOISE = [
    "oneDNN custom operations", "cuda_dnn", "cuda_blas", "Unable to register cu", "absl::InitializeLog",
    "This TensorFlow binary is optimized", "computation placer already registered", "rebuild TensorFlow",
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
            assert re.search(r"<img[^>]+src=\"[^\"]+\.(png|svg)\"", text) or "<svg" in text, f"{page.name} has no figure"


def test_no_error_outputs_or_hidden_asserts_on_pages(site_dir):
    for page in chapter_pages(site_dir):
        text = visible_text(page.read_text(encoding="utf-8"))
        assert "Traceback (most recent call last)" not in text, f"{page.name} shows a traceback"
        # hidden assertion cells are tagged remove-cell: their code must not appear on the page
        assert not re.search(r"^\s*assert\s", text, re.M), f"{page.name} shows an assertion cell; tag it remove-cell"

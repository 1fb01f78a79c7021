"""Tests of autoencoder_schematic, chapter 1's picture of an autoencoder (input -> encoder -> code -> decoder ->
reconstruction, and the loss comparing the reconstruction with the input)."""

import re
import shutil

import numpy as np
import pytest

from autoencoder_course import diagrams
from autoencoder_course.diagrams import autoencoder_schematic

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def node_line(graph, name):
    """The DOT line that declares node `name`."""
    return next(line for line in graph.source.splitlines() if re.match(rf"\s*{name} \[", line))


def height(graph, name):
    return float(re.search(r"height=([\d.]+)", node_line(graph, name))[1])


@needs_dot
def test_the_schematic_has_every_part_of_an_autoencoder_and_the_loss():
    graph = autoencoder_schematic(784, 16)
    for name, words in [
        ("x", ["input", "784 numbers"]),
        ("encoder", ["encoder"]),
        ("z", ["code", "16 numbers"]),
        ("decoder", ["decoder"]),
        ("x_hat", ["reconstruction", "x̂", "784 numbers"]),
        ("loss", ["reconstruction loss", "ℓ("]),
    ]:
        line = node_line(graph, name)
        assert all(word in line for word in words), (name, line)
    edges = set(re.findall(r"^\s*(\w+) -> (\w+)", graph.source, re.M))
    path = {("x", "encoder"), ("encoder", "z"), ("z", "decoder"), ("decoder", "x_hat")}
    assert path | {("x", "loss"), ("x_hat", "loss")} == edges


@needs_dot
def test_the_schematic_renders_as_inline_svg_with_the_sizes():
    svg = autoencoder_schematic(784, 32)._repr_mimebundle_()["image/svg+xml"]
    assert "<svg" in svg and "32 numbers" in svg and "784 numbers" in svg
    assert "1,000 numbers" in autoencoder_schematic(1000, 8).source
    assert "1 number>" in autoencoder_schematic(784, 1).source  # singular


@needs_dot
def test_a_narrow_code_looks_narrow_and_a_wider_one_taller():
    narrow, wide = autoencoder_schematic(784, 2), autoencoder_schematic(784, 600)
    assert height(narrow, "z") < height(narrow, "x") == height(narrow, "x_hat")
    assert height(narrow, "z") < height(wide, "z") <= height(wide, "x")
    assert height(autoencoder_schematic(784, np.int64(64)), "z") > 0  # NumPy integers are sizes too


@pytest.mark.parametrize("bad", [32.5, "32", None, True])
def test_sizes_that_are_not_whole_numbers_are_refused(bad):
    with pytest.raises(TypeError, match="code_size must be a whole number"):
        autoencoder_schematic(784, bad)
    with pytest.raises(TypeError, match="input_size must be a whole number"):
        autoencoder_schematic(bad, 32)


@pytest.mark.parametrize("bad", [0, -5])
def test_sizes_below_one_are_refused(bad):
    with pytest.raises(ValueError, match=f"code_size must be at least 1, got {bad}"):
        autoencoder_schematic(784, bad)
    with pytest.raises(ValueError, match="input_size must be at least 1"):
        autoencoder_schematic(bad, 32)


def test_a_missing_graphviz_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(diagrams.shutil, "which", lambda name: None)
    with pytest.raises(diagrams.GraphvizMissingError, match="graphviz"):
        autoencoder_schematic(784, 32)

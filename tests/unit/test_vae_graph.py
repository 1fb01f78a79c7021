"""Chapter 8's picture of the VAE (autoencoder_course.vae_graph): the computation graph with its sampling branch.

The graph is checked as DOT text (which nodes feed which, which arrows carry no gradient), and drawn with
Graphviz's ``dot`` when it is installed, as the book's build does.
"""

import shutil
import xml.etree.ElementTree as ET

import pytest

from autoencoder_course.vae_graph import vae_graph, vae_graph_svg


def edges(graph):
    """{(tail, head): attributes text} from the graph's DOT body lines such as '\\tmu -> z [style=dashed]'."""
    found = {}
    for line in graph.body:
        if "->" in line:
            tail, rest = line.strip().split(" -> ")
            head, _, attributes = rest.partition(" ")
            found[(tail, head)] = attributes
    return found


def test_the_data_path_runs_from_the_image_through_the_code_to_the_reconstruction():
    found = edges(vae_graph())
    path = ["x", "encoder", "mu", "z", "decoder", "x_hat", "reconstruction", "loss"]
    for tail, head in zip(path, path[1:]):
        assert (tail, head) in found, f"missing {tail} -> {head}"
    assert ("encoder", "log_var") in found and ("log_var", "z") in found


def test_the_noise_is_a_separate_input_that_carries_no_gradient():
    found = edges(vae_graph())
    into_z = {tail for tail, head in found if head == "z"}
    assert into_z == {"mu", "log_var", "eps"}, into_z
    assert "dashed" in found[("eps", "z")] and "no gradient" in found[("eps", "z")]
    assert not any(tail == "encoder" and head == "eps" for tail, head in found), "ε must not come from the encoder"
    # the gradient reaches μ and log σ² through solid arrows
    assert "dashed" not in found[("mu", "z")] and "dashed" not in found[("log_var", "z")]


def test_both_loss_terms_feed_the_total():
    found = edges(vae_graph(beta="β"))
    assert {tail for tail, head in found if head == "reconstruction"} == {"x_hat", "x"}
    assert "dashed" in found[("x", "reconstruction")], "the image enters the reconstruction term as a fixed target"
    assert {tail for tail, head in found if head == "kl"} == {"mu", "log_var", "prior"}
    assert {tail for tail, head in found if head == "loss"} == {"reconstruction", "kl"}
    assert "β" in found[("kl", "loss")]
    source = vae_graph(beta="1").source
    assert "reconstruction + 1 · KL" in source and "ε ~ N(0, I)" in source and "z = μ + σ ⊙ ε" in source


def test_bad_direction_is_refused():
    with pytest.raises(ValueError, match="rankdir"):
        vae_graph(rankdir="sideways")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_graphviz_draws_it_as_svg(rankdir):
    svg = vae_graph_svg(rankdir=rankdir).data
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    for label in ("encoder", "decoder", "mean μ", "log σ²", "ε ~ N(0, I)", "KL term", "total loss"):
        assert label in text, f"{label!r} is not drawn"

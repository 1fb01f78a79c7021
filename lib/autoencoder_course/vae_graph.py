"""The computation graph of a VAE, drawn by Graphviz: chapter ``08_convolutional_vae``'s picture of its model.

An image x goes through the encoder to two vectors, the mean μ and the log-variance log σ²; the sampling node
computes z = μ + σ ⊙ ε with the noise ε ~ N(0, I) coming in as an input of its own (the reparameterisation
trick); the decoder turns z into pixel probabilities x̂.  Two loss terms feed the total: the reconstruction
(x̂ against x) and the KL divergence of N(μ, σ²) from the prior N(0, I).

Solid arrows carry values that depend on the network's weights, so gradients flow back along them; dashed
arrows bring in what training does not change (the noise ε, the image x as the target, the prior).

``vae_graph()`` returns the ``graphviz.Digraph`` (its ``.source`` is the DOT text); ``vae_graph_svg()``
renders it with Graphviz's ``dot`` as an ``IPython.display.SVG`` and, when ``dot`` is missing, raises
:class:`autoencoder_course.diagrams.GraphvizMissingError` saying how to install it.
"""

from __future__ import annotations

__all__ = ["vae_graph", "vae_graph_svg"]

# Colours (fills) by role, light enough for black text; the picture is also readable in grey.
_DATA, _NETWORK, _CODE, _NOISE, _LOSS = "#dbe9f6", "#fde0c5", "#d9f0d3", "#eeeeee", "#f4cccc"


def vae_graph(*, rankdir: str = "LR", beta: str = "β"):
    """The VAE's computation graph as a ``graphviz.Digraph``; ``rankdir`` "LR" (left to right) or "TB".

    ``beta`` labels the KL term's weight in the total loss (the chapter's β; write "1" for the plain ELBO).
    """
    import graphviz

    if rankdir not in ("LR", "TB"):
        raise ValueError(f"rankdir must be 'LR' or 'TB', got {rankdir!r}.")
    graph = graphviz.Digraph("vae", graph_attr={"rankdir": rankdir, "nodesep": "0.3", "ranksep": "0.35"})
    graph.attr(
        label="solid arrows: values that depend on the weights, gradients flow back along them;  "
        "dashed: inputs training does not change",
        labelloc="b",
        fontname="Helvetica",
        fontsize="10",
    )
    graph.attr("node", shape="box", style="rounded,filled", fontname="Helvetica", fontsize="12", penwidth="1")
    graph.attr("edge", fontname="Helvetica", fontsize="10", arrowsize="0.7")

    graph.node("x", "image x", fillcolor=_DATA, shape="box", style="filled")
    graph.node("encoder", "encoder\nq(z | x)", fillcolor=_NETWORK)
    graph.node("mu", "mean μ", fillcolor=_CODE, shape="ellipse", style="filled")
    graph.node("log_var", "log-variance\nlog σ²", fillcolor=_CODE, shape="ellipse", style="filled")
    graph.node("eps", "noise\nε ~ N(0, I)", fillcolor=_NOISE, shape="ellipse", style="filled,dashed")
    graph.node("z", "sampling\nz = μ + σ ⊙ ε\nσ = exp(½ log σ²)", fillcolor=_CODE, shape="box", style="filled")
    graph.node("decoder", "decoder\np(x | z)", fillcolor=_NETWORK)
    graph.node("x_hat", "reconstruction x̂\n(pixel probabilities)", fillcolor=_DATA, shape="box", style="filled")
    graph.node("prior", "prior\nN(0, I)", fillcolor=_NOISE, shape="ellipse", style="filled,dashed")
    graph.node("reconstruction", "reconstruction term\ncross-entropy of x̂ and x", fillcolor=_LOSS)
    graph.node("kl", "KL term\nKL(N(μ, σ²) ‖ N(0, I))", fillcolor=_LOSS)
    graph.node("loss", f"total loss\nreconstruction + {beta} · KL", fillcolor=_LOSS, penwidth="2")

    graph.edge("x", "encoder")
    graph.edge("encoder", "mu")
    graph.edge("encoder", "log_var")
    graph.edge("mu", "z")
    graph.edge("log_var", "z")
    graph.edge("eps", "z", style="dashed", label="no gradient")
    graph.edge("z", "decoder")
    graph.edge("decoder", "x_hat")
    graph.edge("x_hat", "reconstruction")
    graph.edge("x", "reconstruction", style="dashed", label="target", constraint="false")
    graph.edge("mu", "kl")
    graph.edge("log_var", "kl")
    graph.edge("prior", "kl", style="dashed")
    graph.edge("reconstruction", "loss")
    graph.edge("kl", "loss", label=beta)
    # The noise on the rank of the code: ε enters the sampling node from the side, as an input of its own.
    with graph.subgraph() as same:
        same.attr(rank="same")
        same.node("eps")
        same.node("mu")
    return graph


def vae_graph_svg(**kwargs):
    """Render :func:`vae_graph` (same keyword arguments) with Graphviz as an ``IPython.display.SVG``."""
    from IPython.display import SVG

    from .diagrams import check_graphviz

    check_graphviz()
    return SVG(vae_graph(**kwargs).pipe(format="svg", encoding="utf-8"))

"""Diagrams: the idea of an autoencoder and Keras models drawn by Graphviz as SVG, and the small NumPy
network of chapter 5.

``autoencoder_schematic`` draws input -> encoder -> code -> decoder -> reconstruction for "What is an
autoencoder?"; ``model_diagram`` is used by "Defining the architecture" and later Keras chapters;
``check_graphviz()`` explains, for the reader's system, how to install Graphviz when its ``dot`` program is
missing.
``draw_network`` draws the 3-2-3 autoencoder of "Loss functions and backpropagation" with its weights.
"""

from __future__ import annotations

import platform
import shutil
import subprocess

import numpy as np


class GraphvizMissingError(RuntimeError):
    """Graphviz's ``dot`` program (or the pydot package) is not installed."""


def _install_hint() -> str:
    system = platform.system()
    if system == "Linux":
        return "On Debian/Ubuntu: sudo apt-get install graphviz   (Fedora: sudo dnf install graphviz)."
    if system == "Darwin":
        return "On macOS: brew install graphviz   (or: conda install -c conda-forge graphviz)."
    if system == "Windows":
        return (
            "On Windows: winget install graphviz (or the installer from https://graphviz.org/download/), "
            "then add its bin folder, e.g. C:\\Program Files\\Graphviz\\bin, to PATH and restart Jupyter."
        )
    return "Install Graphviz from https://graphviz.org/download/ so that `dot` is on PATH."


def check_graphviz() -> str:
    """Return the Graphviz version line if ``dot`` and pydot work; raise GraphvizMissingError with how to install."""
    try:
        import pydot  # noqa: F401  (Keras draws through pydot)
    except ImportError:
        raise GraphvizMissingError("The Python package pydot is missing: pip install pydot.") from None
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissingError(
            "Graphviz's `dot` program is not on PATH, so diagrams cannot be drawn. " + _install_hint()
        )
    result = subprocess.run([dot, "-V"], capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise GraphvizMissingError(f"`dot -V` failed ({result.stderr.strip()}). " + _install_hint())
    return (result.stderr or result.stdout).strip()


def autoencoder_schematic(input_size: int = 784, code_size: int = 32):
    """The idea of an autoencoder as a Graphviz drawing, left to right: the input x (``input_size`` numbers),
    the encoder, the code z (``code_size`` numbers), the decoder, the reconstruction x̂ (``input_size``
    numbers), and the reconstruction loss that compares x̂ with x.

    The boxes of x, z and x̂ are as tall as the number of values they hold allows (a code box has a minimum
    height so that its label fits), so a narrow code looks narrow.  Returns a ``graphviz.Digraph``: a notebook
    shows it inline as SVG, ``.source`` is its DOT text.  Raises TypeError when a size is not an integer,
    ValueError when it is below 1, and GraphvizMissingError (with how to install it) when ``dot`` is missing.
    Used by "What is an autoencoder?" (chapter 1).
    """
    import graphviz

    for name, value in (("input_size", input_size), ("code_size", code_size)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be a whole number of values, got {value!r}.")
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}.")
    if shutil.which("dot") is None:
        raise GraphvizMissingError(
            "Graphviz's `dot` program is not on PATH, so the schematic cannot be drawn. " + _install_hint()
        )

    tallest = 1.9  # inches: the height of the input and the output box
    code_height = min(tallest, max(0.55, tallest * code_size / input_size))
    graph = graphviz.Digraph(
        "autoencoder", graph_attr={"rankdir": "LR", "bgcolor": "white", "nodesep": "0.3", "ranksep": "0.3"}
    )
    graph.attr("node", fontname="Helvetica", fontsize="12", style="filled", color="#333333")
    graph.attr("edge", color="#333333", arrowsize="0.7", fontname="Helvetica", fontsize="10")

    def vector(node, name, size, height, fill, what):
        label = f"<{what}<BR/><I>{name}</I><BR/>{size:,} number{'s' if size != 1 else ''}>"
        graph.node(node, label, shape="box", width="1.3", height=f"{height:.2f}", fixedsize="true", fillcolor=fill)

    vector("x", "x", input_size, tallest, "#dbe9f6", "input")
    graph.node(
        "encoder",
        "<encoder<BR/><I>g</I>>",
        shape="trapezium",
        orientation="270",
        fillcolor="#eeeeee",
        width="1.2",
        height="1.0",
    )
    vector("z", "z", code_size, code_height, "#d9f0d3", "code")
    graph.node(
        "decoder",
        "<decoder<BR/><I>f</I>>",
        shape="trapezium",
        orientation="90",
        fillcolor="#eeeeee",
        width="1.2",
        height="1.0",
    )
    vector("x_hat", "x̂", input_size, tallest, "#fde0c5", "reconstruction")
    graph.node(
        "loss",
        "<reconstruction loss<BR/>ℓ(<I>x</I>, <I>x̂</I>)>",
        shape="box",
        style="rounded,filled,dashed",
        fillcolor="#fff7d6",
    )
    graph.edges([("x", "encoder"), ("encoder", "z"), ("z", "decoder"), ("decoder", "x_hat")])
    with graph.subgraph() as same_column:  # the loss sits under the reconstruction
        same_column.attr(rank="same")
        same_column.node("x_hat")
        same_column.node("loss")
    graph.edge("x", "loss", style="dashed", constraint="false", label=" compared with ")
    graph.edge("x_hat", "loss", style="dashed")
    return graph


def model_diagram(model, *, show_shapes=True, expand_nested=False, rankdir="TB", dpi=64):
    """Draw a built Keras model as an SVG (an ``IPython.display.SVG``) with layer names and shapes.

    ``expand_nested=True`` also draws the layers inside nested models (e.g. an encoder inside an
    autoencoder).  Raises GraphvizMissingError with install instructions when Graphviz is absent.
    """
    import keras
    from IPython.display import SVG

    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}.")
    if not model.built:
        raise ValueError("The model is not built yet: give it an Input layer or call it on data first.")
    check_graphviz()
    graph = keras.utils.model_to_dot(
        model, show_shapes=show_shapes, show_layer_names=True, expand_nested=expand_nested, rankdir=rankdir, dpi=dpi
    )
    return SVG(graph.create_svg())


def draw_network(params, *, ax=None, title="3-2-3 autoencoder and its weights"):
    """Draw an n-h-n network: inputs x_l, hidden z_k, outputs x̂_j, every edge labelled with its weight.

    ``params`` holds ``W_e`` (n, h), ``b_e`` (h,), ``W_d`` (h, n), ``b_d`` (n,), each weight matrix
    shaped (units in, units out) as in chapter 5: the edge input ``l`` -> hidden ``k`` is
    ``w_{lk} = W_e[l, k]`` and hidden ``k`` -> output ``j`` is ``w'_{kj} = W_d[k, j]``.  Biases are written
    under their nodes.  Edge width grows with ``|w|``; blue is positive, red negative.  Returns the Figure.
    """
    import matplotlib.pyplot as plt

    W_e, W_d = np.asarray(params["W_e"], float), np.asarray(params["W_d"], float)
    b_e, b_d = np.asarray(params["b_e"], float), np.asarray(params["b_d"], float)
    n, h = W_e.shape
    if W_d.shape != (h, n) or b_e.shape != (h,) or b_d.shape != (n,):
        raise ValueError(
            f"params do not fit an {n}-{h}-{n} network: W_e {W_e.shape}, b_e {b_e.shape}, "
            f"W_d {W_d.shape} (expected {(h, n)}), b_d {b_d.shape}."
        )
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 1.4 + 1.3 * n))
    else:
        fig = ax.figure

    def column(count, x):
        ys = np.linspace(count - 1, 0, count) - (count - 1) / 2
        return [(x, y) for y in ys]

    inputs, hidden, outputs = column(n, 0.0), column(h, 1.0), column(n, 2.0)
    biggest = max(np.abs(W_e).max(), np.abs(W_d).max(), 1e-12)

    def edge(start, end, weight, label, frac):
        color = "tab:blue" if weight >= 0 else "tab:red"
        ax.plot(
            [start[0], end[0]],
            [start[1], end[1]],
            color=color,
            lw=0.5 + 3.0 * abs(weight) / biggest,
            alpha=0.7,
            zorder=1,
        )
        px, py = start[0] + frac * (end[0] - start[0]), start[1] + frac * (end[1] - start[1])
        ax.text(
            px,
            py,
            f"${label}={weight:.2f}$",
            fontsize=8,
            ha="center",
            va="center",
            zorder=3,
            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85),
        )

    # Labels sit at different fractions along the edges so that crossing edges keep readable labels.
    for k, hk in enumerate(hidden):
        for l, xl in enumerate(inputs):
            edge(xl, hk, W_e[l, k], f"w_{{{l + 1}{k + 1}}}", 0.3 + 0.4 * l / max(n - 1, 1))
    for j, xj in enumerate(outputs):
        for k, hk in enumerate(hidden):
            edge(hk, xj, W_d[k, j], f"w'_{{{k + 1}{j + 1}}}", 0.3 + 0.4 * j / max(n - 1, 1))

    def nodes(points, names, biases, color):
        for (x, y), name, bias in zip(points, names, biases):
            ax.scatter([x], [y], s=900, color=color, edgecolor="black", zorder=4)
            ax.text(x, y, f"${name}$", ha="center", va="center", fontsize=11, zorder=5)
            if bias is not None:
                ax.text(x, y - 0.33, f"b={bias:.2f}", ha="center", va="top", fontsize=7, zorder=5)

    nodes(inputs, [f"x_{l + 1}" for l in range(n)], [None] * n, "#dbe9f6")
    nodes(hidden, [f"z_{k + 1}" for k in range(h)], b_e, "#d9f0d3")
    nodes(outputs, [f"\\hat{{x}}_{j + 1}" for j in range(n)], b_d, "#fde0c5")
    for x, name in ((0.0, "input"), (1.0, "hidden (code)"), (2.0, "output")):
        ax.text(x, (n - 1) / 2 + 0.55, name, ha="center", fontsize=9)
    ax.set_xlim(-0.35, 2.35)
    ax.set_ylim(-(n - 1) / 2 - 0.7, (n - 1) / 2 + 0.8)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return fig

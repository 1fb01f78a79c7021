"""Architecture diagrams of Keras models, drawn by Graphviz as SVG.

Used by "Defining the architecture" and later Keras chapters.  ``check_graphviz()`` explains, for
the reader's system, how to install Graphviz when its ``dot`` program is missing.
"""

from __future__ import annotations

import platform
import shutil
import subprocess


class GraphvizMissingError(RuntimeError):
    """Graphviz's ``dot`` program (or the pydot package) is not installed."""


def _install_hint() -> str:
    system = platform.system()
    if system == "Linux":
        return "On Debian/Ubuntu: sudo apt-get install graphviz   (Fedora: sudo dnf install graphviz)."
    if system == "Darwin":
        return "On macOS: brew install graphviz   (or: conda install -c conda-forge graphviz)."
    if system == "Windows":
        return ("On Windows: winget install graphviz (or the installer from https://graphviz.org/download/), "
                "then add its bin folder, e.g. C:\\Program Files\\Graphviz\\bin, to PATH and restart Jupyter.")
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
        model, show_shapes=show_shapes, show_layer_names=True, expand_nested=expand_nested,
        rankdir=rankdir, dpi=dpi,
    )
    return SVG(graph.create_svg())

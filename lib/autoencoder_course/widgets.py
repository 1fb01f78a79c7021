"""Figures and an interactive explorer for the activation registry (chapter ``04_activation_functions``).

``plot_activation`` draws f and f' side by side as an ordinary matplotlib figure, so the static
website shows it.  ``activation_explorer`` wraps the same drawing in ipywidgets (a dropdown of
functions and one slider per parameter) for live use in Jupyter or "Live Code"; its ``update()``
returns the figure it drew, so it is testable without any display.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from ._validate import check_count
from .activations import ACTIVATION_NAMES, Activation, get_activation

__all__ = ["PARAMETER_SLIDERS", "plot_activation", "plot_activation_family", "ActivationExplorer", "activation_explorer"]

#: (activation name, parameter) -> (min, max, step) of its slider in the explorer.
PARAMETER_SLIDERS: dict[tuple[str, str], tuple[float, float, float]] = {
    ("leaky_relu", "alpha"): (0.0, 0.5, 0.01),
    ("elu", "alpha"): (0.1, 3.0, 0.1),
    ("swish", "beta"): (0.1, 5.0, 0.1),
    ("scaled_sigmoid", "scale"): (0.5, 5.0, 0.1),
    ("scaled_sigmoid", "slope"): (0.05, 3.0, 0.05),
    ("capped_relu", "beta"): (0.5, 8.0, 0.5),
    ("isru", "a"): (0.1, 5.0, 0.1),
}


def _check_x_range(x_range) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in x_range)
    except (TypeError, ValueError):
        raise TypeError(f"x_range must be two numbers (low, high), got {x_range!r}.") from None
    if not (math.isfinite(low) and math.isfinite(high)) or low >= high:
        raise ValueError(f"x_range must be finite with low < high, got {x_range!r}.")
    return low, high


def _break_at_kinks(x, y, kinks):
    """Copy of y with NaN next to each kink, so a jump in f' is not drawn as a vertical line."""
    y = np.array(y, dtype=float)
    step = x[1] - x[0]
    for kink in kinks:
        y[np.abs(x - kink) < step] = np.nan
    return y


def plot_activation(activation, *, x_range=(-5.0, 5.0), n_points: int = 801, axes=None):
    """Draw f (left) and f' (right) of one activation over ``x_range``; return the Figure.

    ``activation`` is an :class:`~autoencoder_course.activations.Activation` or a registry name.
    Finite bounds of the output range are drawn as dotted lines on the left, the limit of f' at
    +∞ on the right.  Pass ``axes`` (a pair of matplotlib Axes) to draw into an existing grid.
    Raises ``TypeError``/``ValueError`` for a bad activation, range, point count or axes.
    """
    if isinstance(activation, str):
        activation = get_activation(activation)
    if not isinstance(activation, Activation):
        raise TypeError(f"activation must be an Activation or a registry name, got {type(activation).__name__}.")
    low, high = _check_x_range(x_range)
    n_points = check_count(n_points, "n_points", minimum=3)
    created = axes is None
    if created:
        fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.0))
    else:
        if len(axes) != 2:
            raise ValueError(f"axes must be a pair of Axes (f, f'), got {len(axes)}.")
        fig = axes[0].figure
    ax_f, ax_df = axes
    x = np.linspace(low, high, n_points)
    y, dy = activation.f(x), _break_at_kinks(x, activation.df(x), activation.kinks)

    ax_f.plot(x, y, color="C0", lw=2)
    for bound in activation.output_range:
        if math.isfinite(bound):
            ax_f.axhline(bound, color="0.5", ls=":", lw=1)
    ax_f.set_title(f"{activation.label}:  f(x)  ∈ {activation.range_text()}", fontsize=9)

    ax_df.plot(x, dy, color="C3", lw=2)
    limit = activation.limit_df_at_inf
    limit_text = "no limit" if limit is None else f"{limit:g}"
    if limit is not None:
        ax_df.axhline(limit, color="0.5", ls=":", lw=1)
    ax_df.set_title(f"f'(x);  lim f' at +∞: {limit_text}", fontsize=9)
    for ax in axes:
        ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        ax.axvline(0, color="0.8", lw=0.8, zorder=0)
        ax.set_xlabel("x")
    if created:
        fig.tight_layout()
    return fig


def plot_activation_family(activations, *, x_range=(-5.0, 5.0), n_points: int = 801, title=None):
    """Overlay several activations: all f on the left, all f' on the right (same colours); return the Figure.

    ``activations`` is a non-empty list of :class:`~autoencoder_course.activations.Activation` or
    registry names.  Jumps of f' at kinks are left undrawn.  Used by chapter 04 for each family.
    """
    if isinstance(activations, (str, Activation)) or not hasattr(activations, "__iter__"):
        raise TypeError("activations must be a list of Activation objects or registry names.")
    acts = [get_activation(a) if isinstance(a, str) else a for a in activations]
    if not acts:
        raise ValueError("activations is empty; pass at least one.")
    for act in acts:
        if not isinstance(act, Activation):
            raise TypeError(f"every entry must be an Activation or a registry name, got {type(act).__name__}.")
    low, high = _check_x_range(x_range)
    n_points = check_count(n_points, "n_points", minimum=3)
    x = np.linspace(low, high, n_points)
    fig, (ax_f, ax_df) = plt.subplots(1, 2, figsize=(9.0, 3.4))
    for i, act in enumerate(acts):
        color = f"C{i % 10}"
        ax_f.plot(x, act.f(x), color=color, lw=1.8, label=act.label)
        ax_df.plot(x, _break_at_kinks(x, act.df(x), act.kinks), color=color, lw=1.8)
    for ax, name in ((ax_f, "f(x)"), (ax_df, "f'(x)")):
        ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        ax.axvline(0, color="0.8", lw=0.8, zorder=0)
        ax.set_xlabel("x")
        ax.set_title(name)
    ax_f.legend(fontsize=8, frameon=False)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


class ActivationExplorer:
    """A dropdown of activations plus parameter sliders, redrawing f and f' on every change.

    Attributes: ``dropdown``, ``sliders`` (parameter name -> FloatSlider of the current function),
    ``output`` (where the figure is shown), ``widget`` (the box to display).  ``update()`` redraws
    and returns the Figure (also when no display is attached).  Used by chapter 04.
    """

    def __init__(self, name: str = "relu", *, x_range=(-5.0, 5.0)):
        import ipywidgets as widgets

        self._widgets = widgets
        self.x_range = _check_x_range(x_range)
        name = get_activation(name).name  # validates the name
        self.dropdown = widgets.Dropdown(
            options=[(get_activation(n).label.split(" (")[0], n) for n in ACTIVATION_NAMES],
            value=name,
            description="function",
        )
        self.slider_box = widgets.HBox()
        self.output = widgets.Output()
        self.widget = widgets.VBox([widgets.HBox([self.dropdown, self.slider_box]), self.output])
        self.sliders: dict[str, object] = {}
        self.figure = None
        self._build_sliders()
        self.dropdown.observe(self._on_function_change, names="value")

    def current(self) -> Activation:
        """The activation selected now, with the sliders' parameter values."""
        return get_activation(self.dropdown.value, **{k: s.value for k, s in self.sliders.items()})

    def _build_sliders(self) -> None:
        widgets = self._widgets
        self.sliders = {}
        for param, default in get_activation(self.dropdown.value).params.items():
            low, high, step = PARAMETER_SLIDERS[(self.dropdown.value, param)]
            slider = widgets.FloatSlider(value=default, min=low, max=high, step=step, description=param,
                                         continuous_update=False)
            slider.observe(self.update, names="value")
            self.sliders[param] = slider
        self.slider_box.children = tuple(self.sliders.values())

    def _on_function_change(self, _change=None) -> None:
        self._build_sliders()
        self.update()

    def update(self, _change=None):
        """Redraw f and f' for the current selection into ``output``; return the new Figure."""
        from IPython.display import display

        fig = plot_activation(self.current(), x_range=self.x_range)
        with self.output:
            self.output.clear_output(wait=True)
            display(fig)
        plt.close(fig)  # shown once, inside the widget, not again below the cell
        if self.figure is not None:
            plt.close(self.figure)
        self.figure = fig
        return fig

    def _ipython_display_(self):
        from IPython.display import display

        if self.figure is None:
            self.update()
        display(self.widget)


def activation_explorer(name: str = "relu", *, x_range=(-5.0, 5.0)) -> ActivationExplorer:
    """Build an :class:`ActivationExplorer` showing ``name`` first; display it as a cell's last line.

    Raises ``ValueError`` for an unknown name or a bad ``x_range``.  Used by chapter 04.
    """
    return ActivationExplorer(name, x_range=x_range)

"""Figures and an interactive explorer for activation functions (chapter ``04_activation_functions``).

The activations are defined in that chapter (saved as ``autoencoder_course.lessons.activation_functions``)
and passed in here.  An activation is any object with elementwise NumPy callables ``f`` and ``df``;
when it also has ``label``, ``output_range``, ``range_closed``, ``limit_df_at_inf`` and ``kinks``
(as the chapter's ``Activation`` does), the figures show them.

``plot_activation`` draws f and f' side by side as an ordinary matplotlib figure, so the static
website shows it.  ``activation_explorer`` wraps the same drawing in ipywidgets (a dropdown of
functions and one number field per parameter) for live use in Jupyter or "Live Code"; its ``update()``
returns the figure it drew, so it is testable without any display.

The explorer is built to be read by a screen reader, also where the website embeds its last state:
every control has a visible label (its ``description``), which the widget library ties to the
control's own ``<input>``/``<select>`` (a ``FloatSlider``'s handle gets no name that way, hence number
fields), and the figure is shown as an ``<img>`` with alt text that says what is drawn
(``describe_activation``), since a plain PNG output gets none.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np

from ._validate import check_count

__all__ = [
    "PARAMETER_RANGES",
    "describe_activation",
    "plot_activation",
    "plot_activation_family",
    "ActivationExplorer",
    "activation_explorer",
]

#: (activation name, parameter) -> (min, max, step) of its number field in the explorer.
PARAMETER_RANGES: dict[tuple[str, str], tuple[float, float, float]] = {
    ("leaky_relu", "alpha"): (0.0, 0.5, 0.01),
    ("elu", "alpha"): (0.1, 3.0, 0.1),
    ("swish", "beta"): (0.1, 5.0, 0.1),
    ("scaled_sigmoid", "scale"): (0.5, 5.0, 0.1),
    ("scaled_sigmoid", "slope"): (0.05, 3.0, 0.05),
    ("capped_relu", "beta"): (0.5, 8.0, 0.5),
    ("isru", "a"): (0.1, 5.0, 0.1),
}


def _check_activation(activation, what: str = "activation"):
    if not (callable(getattr(activation, "f", None)) and callable(getattr(activation, "df", None))):
        raise TypeError(
            f"{what} must be an activation with callables .f and .df (such as the chapter's "
            f"relu()), got {type(activation).__name__}."
        )
    return activation


def _check_x_range(x_range) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in x_range)
    except (TypeError, ValueError):
        raise TypeError(f"x_range must be two numbers (low, high), got {x_range!r}.") from None
    if not (math.isfinite(low) and math.isfinite(high)) or low >= high:
        raise ValueError(f"x_range must be finite with low < high, got {x_range!r}.")
    return low, high


def _label(activation) -> str:
    return str(getattr(activation, "label", getattr(activation, "name", type(activation).__name__)))


def _number_text(value: float) -> str:
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.4g}".replace("-", "−")


def _range_text(activation) -> str:
    """The output range in interval notation, e.g. ``"[0, ∞)"``."""
    low, high = getattr(activation, "output_range", (-math.inf, math.inf))
    low_closed, high_closed = getattr(activation, "range_closed", (False, False))
    return f"{'[' if low_closed else '('}{_number_text(low)}, {_number_text(high)}{']' if high_closed else ')'}"


def _break_at_kinks(x, y, kinks):
    """Copy of y with NaN next to each kink, so a jump in f' is not drawn as a vertical line."""
    y = np.array(y, dtype=float)
    step = x[1] - x[0]
    for kink in kinks:
        y[np.abs(x - kink) < step] = np.nan
    return y


def plot_activation(activation, *, x_range=(-5.0, 5.0), n_points: int = 801, axes=None):
    """Draw f (left) and f' (right) of one activation over ``x_range``; return the Figure.

    Finite bounds of the output range are drawn as dotted lines on the left, the limit of f' at
    +∞ on the right.  Pass ``axes`` (a pair of matplotlib Axes) to draw into an existing grid.
    Raises ``TypeError``/``ValueError`` for a bad activation, range, point count or axes.
    """
    activation = _check_activation(activation)
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
    y, dy = activation.f(x), _break_at_kinks(x, activation.df(x), getattr(activation, "kinks", ()))

    ax_f.plot(x, y, color="C0", lw=2)
    for bound in getattr(activation, "output_range", ()):
        if math.isfinite(bound):
            ax_f.axhline(bound, color="0.5", ls=":", lw=1)
    ax_f.set_title(f"{_label(activation)}:  φ(x)  ∈ {_range_text(activation)}", fontsize=9)

    ax_df.plot(x, dy, color="C3", lw=2)
    limit = getattr(activation, "limit_df_at_inf", None)
    limit_text = "no limit" if limit is None else f"{limit:g}"
    if limit is not None:
        ax_df.axhline(limit, color="0.5", ls=":", lw=1)
    ax_df.set_title(f"φ'(x);  lim φ' at +∞: {limit_text}", fontsize=9)
    for ax in axes:
        ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        ax.axvline(0, color="0.8", lw=0.8, zorder=0)
        ax.set_xlabel("x")
    if created:
        fig.tight_layout()
    return fig


def plot_activation_family(activations, *, x_range=(-5.0, 5.0), n_points: int = 801, title=None):
    """Overlay several activations: all f on the left, all f' on the right (same colours); return the Figure.

    ``activations`` is a non-empty list of activations.  Jumps of f' at kinks are left undrawn.
    """
    if isinstance(activations, (str, Mapping)) or hasattr(activations, "f") or not hasattr(activations, "__iter__"):
        raise TypeError("activations must be a list of activations, e.g. [relu(), tanh()].")
    acts = [_check_activation(a, "every entry") for a in activations]
    if not acts:
        raise ValueError("activations is empty; pass at least one.")
    low, high = _check_x_range(x_range)
    n_points = check_count(n_points, "n_points", minimum=3)
    x = np.linspace(low, high, n_points)
    fig, (ax_f, ax_df) = plt.subplots(1, 2, figsize=(9.0, 3.4))
    for i, act in enumerate(acts):
        color = f"C{i % 10}"
        ax_f.plot(x, act.f(x), color=color, lw=1.8, label=_label(act))
        ax_df.plot(x, _break_at_kinks(x, act.df(x), getattr(act, "kinks", ())), color=color, lw=1.8)
    for ax, name in ((ax_f, "φ(x)"), (ax_df, "φ'(x)")):
        ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        ax.axvline(0, color="0.8", lw=0.8, zorder=0)
        ax.set_xlabel("x")
        ax.set_title(name)
    ax_f.legend(fontsize=8, frameon=False)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def describe_activation(activation) -> str:
    """Alt text for ``plot_activation``'s figure: what the two panels show, in words.

    E.g. ``"Two panels. Left: ELU (α=1), φ(x), with range (−1, ∞). Right: its derivative φ'(x), with limit 1
    as x → +∞."``
    """
    activation = _check_activation(activation)
    limit = getattr(activation, "limit_df_at_inf", None)
    limit_text = "which has no limit as x → +∞" if limit is None else f"with limit {_number_text(limit)} as x → +∞"
    kinks = tuple(getattr(activation, "kinks", ()))
    kink_text = f" It has a kink at x = {', '.join(_number_text(k) for k in kinks)}." if kinks else ""
    return (
        f"Two panels. Left: {_label(activation)}, φ(x), with range {_range_text(activation)}. "
        f"Right: its derivative φ'(x), {limit_text}.{kink_text}"
    )


def _figure_html(fig, alt: str) -> str:
    """The figure as an HTML ``<img>`` (an inline PNG) with the given alt text."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}">'


def _parameter_range(name: str, param: str, default: float) -> tuple[float, float, float]:
    if (name, param) in PARAMETER_RANGES:
        return PARAMETER_RANGES[(name, param)]
    low, high = min(0.0, 2.0 * default), max(1.0, 2.0 * default)  # a parameter without a listed range
    return low, high, (high - low) / 100


class ActivationExplorer:
    """A dropdown of activations plus a number field per parameter, redrawing f and f' on every change.

    ``activations`` maps each name to the function that builds the activation from its parameters
    (the chapter's ``ACTIVATIONS``); the number fields are that function's parameters, starting at the
    values of ``activations[name]()`` (ranges from ``PARAMETER_RANGES``).

    Attributes: ``dropdown``, ``fields`` (parameter name -> BoundedFloatText of the current function),
    ``output`` (where the figure is shown, as an ``<img>`` with alt text), ``widget`` (the box to display).
    ``update()`` redraws and returns the Figure (also when no display is attached).
    """

    def __init__(self, activations, name=None, *, x_range=(-5.0, 5.0)):
        import ipywidgets as widgets

        if not isinstance(activations, Mapping):
            raise TypeError(
                "activations must map names to the functions that build them, such as the chapter's "
                f"ACTIVATIONS; got {type(activations).__name__}."
            )
        if not activations:
            raise ValueError("activations is empty; pass at least one.")
        name = next(iter(activations)) if name is None else name
        if name not in activations:
            raise ValueError(f"unknown activation {name!r}; known names: {', '.join(activations)}.")
        self._widgets = widgets
        self.activations = activations
        self.x_range = _check_x_range(x_range)
        self.dropdown = widgets.Dropdown(
            options=[(_label(make()).split(" (")[0], n) for n, make in activations.items()],
            value=name,
            description="activation",
        )
        self.parameter_box = widgets.HBox()
        self.output = widgets.Output()
        self.widget = widgets.VBox([widgets.HBox([self.dropdown, self.parameter_box]), self.output])
        self.fields: dict[str, object] = {}
        self.figure = None
        self._build_fields()
        self.dropdown.observe(self._on_function_change, names="value")

    def current(self):
        """The activation selected now, with the fields' parameter values."""
        return self.activations[self.dropdown.value](**{k: f.value for k, f in self.fields.items()})

    def _build_fields(self) -> None:
        widgets = self._widgets
        name = self.dropdown.value
        self.fields = {}
        for param, default in getattr(self.activations[name](), "params", {}).items():
            low, high, step = _parameter_range(name, param, default)
            field = widgets.BoundedFloatText(
                value=default,
                min=low,
                max=high,
                step=step,
                description=param,  # the visible label, tied to the field's <input> for screen readers
                tooltip=f"{param}, from {low:g} to {high:g}",
                continuous_update=False,
            )
            field.observe(self.update, names="value")
            self.fields[param] = field
        self.parameter_box.children = tuple(self.fields.values())

    def _on_function_change(self, _change=None) -> None:
        self._build_fields()
        self.update()

    def update(self, _change=None):
        """Redraw f and f' for the current selection into ``output``; return the new Figure."""
        activation = self.current()
        fig = plot_activation(activation, x_range=self.x_range)
        alt = describe_activation(activation)
        # One assignment replaces the shown figure (no flicker), with or without a kernel attached.
        self.output.outputs = (
            {
                "output_type": "display_data",
                "data": {"text/html": _figure_html(fig, alt), "text/plain": alt},
                "metadata": {},
            },
        )
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


def activation_explorer(activations, name=None, *, x_range=(-5.0, 5.0)) -> ActivationExplorer:
    """Build an :class:`ActivationExplorer` over ``activations`` (name -> builder), showing ``name`` first.

    Display it as a cell's last line.  Raises ``TypeError`` when ``activations`` is not a mapping,
    ``ValueError`` for an empty one, an unknown name or a bad ``x_range``.
    """
    return ActivationExplorer(activations, name, x_range=x_range)

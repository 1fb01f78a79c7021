"""The activation figures and explorer: they draw the activations' own values, refuse bad input
clearly, and run without a display."""

import html

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from autoencoder_course.activation_figures import (
    PARAMETER_RANGES,
    activation_explorer,
    describe_activation,
    plot_activation,
    plot_activation_family,
)
from autoencoder_course.lessons.activation_functions import ACTIVATIONS, get_activation


def test_plot_activation_draws_f_and_its_derivative():
    act = get_activation("elu", alpha=0.5)
    fig = plot_activation(act, x_range=(-2, 3), n_points=101)
    ax_f, ax_df = fig.axes
    x, y = ax_f.lines[0].get_data()
    np.testing.assert_allclose(y, act.f(x))
    x, dy = ax_df.lines[0].get_data()
    finite = np.isfinite(dy)
    np.testing.assert_allclose(dy[finite], act.df(x[finite]))
    assert not finite[np.argmin(np.abs(x))], "the jump of f' at the kink should be left undrawn"
    assert "ELU" in ax_f.get_title() and "(−0.5, ∞)" in ax_f.get_title()
    plt.close(fig)


def test_plot_activation_into_given_axes():
    fig, axes = plt.subplots(2, 2)
    returned = plot_activation(get_activation("sine"), axes=axes[1])
    assert returned is fig and len(axes[1, 0].lines) >= 1
    assert "no limit" in axes[1, 1].get_title()
    assert "[−1, 1]" in axes[1, 0].get_title()
    plt.close(fig)


@pytest.mark.parametrize(
    "name,params,text",
    [
        ("relu", {}, "[0, ∞)"),
        ("tanh", {}, "(−1, 1)"),
        ("identity", {}, "(−∞, ∞)"),
        ("capped_relu", {"beta": 6}, "[0, 6]"),
    ],
)
def test_titles_give_the_range_in_interval_notation(name, params, text):
    fig = plot_activation(get_activation(name, **params))
    assert text in fig.axes[0].get_title()
    plt.close(fig)


def test_plot_activation_takes_any_object_with_f_and_df():
    class Cube:
        f = staticmethod(lambda x: x**3)
        df = staticmethod(lambda x: 3 * x**2)

    fig = plot_activation(Cube(), x_range=(-1, 1), n_points=11)
    np.testing.assert_allclose(fig.axes[1].lines[0].get_ydata(), 3 * np.linspace(-1, 1, 11) ** 2)
    assert "(−∞, ∞)" in fig.axes[0].get_title()
    plt.close(fig)


@pytest.mark.parametrize(
    "kwargs,error",
    [
        ({"activation": 3}, TypeError),
        ({"activation": "relu"}, TypeError),  # a name: the lib has no registry, pass relu()
        ({"activation": "act", "x_range": (2, 1)}, ValueError),
        ({"activation": "act", "x_range": "ab"}, TypeError),
        ({"activation": "act", "x_range": (0, float("inf"))}, ValueError),
        ({"activation": "act", "n_points": 2}, ValueError),
        ({"activation": "act", "axes": [None, None, None]}, ValueError),
    ],
)
def test_plot_activation_errors(kwargs, error):
    if kwargs["activation"] == "act":
        kwargs = dict(kwargs, activation=get_activation("relu"))
    with pytest.raises(error):
        plot_activation(**kwargs)
    plt.close("all")


def test_every_parameter_has_a_range():
    for name, make in ACTIVATIONS.items():
        for param, default in make().params.items():
            low, high, _step = PARAMETER_RANGES[(name, param)]
            assert low <= default <= high, (name, param)


def test_explorer_callbacks_run_without_a_display():
    explorer = activation_explorer(ACTIVATIONS, "relu")
    fig = explorer.update()
    assert len(fig.axes) == 2
    assert [value for _label, value in explorer.dropdown.options] == list(ACTIVATIONS)
    explorer.dropdown.value = "leaky_relu"  # rebuilds the parameter fields and redraws
    assert set(explorer.fields) == {"alpha"}
    explorer.fields["alpha"].value = 0.3  # redraws through the field's callback
    assert explorer.current().params["alpha"] == pytest.approx(0.3)
    x, y = explorer.figure.axes[0].lines[0].get_data()
    np.testing.assert_allclose(y, np.where(x > 0, x, 0.3 * x))
    explorer.dropdown.value = "tanh"
    assert explorer.fields == {} and "tanh" in explorer.figure.axes[0].get_title()
    plt.close("all")


def test_explorer_starts_on_the_first_function_and_ranges_unlisted_parameters():
    explorer = activation_explorer({"leaky": lambda alpha=0.2: get_activation("leaky_relu", alpha=alpha)})
    assert explorer.dropdown.value == "leaky"
    field = explorer.fields["alpha"]
    assert field.min <= 0.2 <= field.max and field.value == pytest.approx(0.2)


def test_the_explorer_can_be_read_without_seeing_it():
    """axe-core on the built page: every control needs a name, every image an alt text. A slider's handle gets
    no name from its description, a number field's <input> does; the figure goes out as an <img> with alt."""
    explorer = activation_explorer(ACTIVATIONS, "elu")
    controls = [explorer.dropdown, *explorer.fields.values()]
    assert all(control.description for control in controls)
    assert all(type(control).__name__ != "FloatSlider" for control in controls)
    explorer.update()
    (shown,) = explorer.output.outputs
    img = shown["data"]["text/html"]
    alt = html.escape(describe_activation(explorer.current()), quote=True)
    assert img.startswith('<img src="data:image/png;base64,') and f'alt="{alt}"' in img
    assert "image/png" not in shown["data"]
    plt.close("all")


def test_alt_text_says_what_the_panels_show():
    text = describe_activation(get_activation("capped_relu", beta=2.0))
    assert "capped ReLU (β=2)" in text and "[0, 2]" in text and "limit 0" in text and "kink at x = 0, 2" in text
    assert "no limit" in describe_activation(get_activation("sine"))


@pytest.mark.parametrize(
    "activations,name,error,match",
    [
        (ACTIVATIONS, "sigmoidd", ValueError, "known names"),
        ({}, None, ValueError, "empty"),
        ([get_activation("relu")], None, TypeError, "map names"),
        (ACTIVATIONS, "relu", ValueError, "x_range"),
    ],
)
def test_explorer_errors(activations, name, error, match):
    kwargs = {"x_range": (1, 1)} if match == "x_range" else {}
    with pytest.raises(error, match=match):
        activation_explorer(activations, name, **kwargs)


def test_family_plot_overlays_each_function_and_its_derivative():
    acts = [get_activation("sigmoid"), get_activation("tanh"), get_activation("capped_relu", beta=2.0)]
    fig = plot_activation_family(acts, x_range=(-4, 4), n_points=201, title="squashing")
    ax_f, ax_df = fig.axes
    labels = [line.get_label() for line in ax_f.lines if not line.get_label().startswith("_")]
    assert labels == ["sigmoid", "tanh", "capped ReLU (β=2)"]
    x, dy = ax_df.lines[1].get_data()
    np.testing.assert_allclose(dy, 1 - np.tanh(x) ** 2)
    x, dy = ax_df.lines[2].get_data()
    assert np.isnan(dy[np.argmin(np.abs(x - 2.0))])  # the kink at beta is not bridged
    plt.close(fig)


@pytest.mark.parametrize(
    "bad,error",
    [("relu", TypeError), ([], ValueError), ([3], TypeError), (["relu"], TypeError), (ACTIVATIONS, TypeError)],
)
def test_family_plot_errors(bad, error):
    with pytest.raises(error):
        plot_activation_family(bad)


def test_family_plot_refuses_a_single_activation():
    with pytest.raises(TypeError, match="list"):
        plot_activation_family(get_activation("relu"))

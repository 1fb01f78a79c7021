"""The activation figure and explorer: they draw the registry's own values, and run without a display."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from autoencoder_course.activations import ACTIVATION_NAMES, get_activation
from autoencoder_course.widgets import (
    PARAMETER_SLIDERS,
    activation_explorer,
    plot_activation,
    plot_activation_family,
)


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
    assert "ELU" in ax_f.get_title()
    plt.close(fig)


def test_plot_activation_into_given_axes_and_by_name():
    fig, axes = plt.subplots(2, 2)
    returned = plot_activation("sine", axes=axes[1])
    assert returned is fig and len(axes[1, 0].lines) >= 1
    assert "no limit" in axes[1, 1].get_title()
    plt.close(fig)


@pytest.mark.parametrize(
    "kwargs,error",
    [
        ({"activation": 3}, TypeError),
        ({"activation": "nope"}, ValueError),
        ({"activation": "relu", "x_range": (2, 1)}, ValueError),
        ({"activation": "relu", "x_range": "ab"}, TypeError),
        ({"activation": "relu", "n_points": 2}, ValueError),
    ],
)
def test_plot_activation_errors(kwargs, error):
    with pytest.raises(error):
        plot_activation(**kwargs)


def test_every_parameter_has_a_slider():
    for name in ACTIVATION_NAMES:
        for param, default in get_activation(name).params.items():
            low, high, _step = PARAMETER_SLIDERS[(name, param)]
            assert low <= default <= high, (name, param)


def test_explorer_callbacks_run_without_a_display():
    explorer = activation_explorer("relu")
    fig = explorer.update()
    assert len(fig.axes) == 2
    explorer.dropdown.value = "leaky_relu"  # rebuilds the sliders and redraws
    assert set(explorer.sliders) == {"alpha"}
    explorer.sliders["alpha"].value = 0.3  # redraws through the slider's callback
    assert explorer.current().params["alpha"] == pytest.approx(0.3)
    x, y = explorer.figure.axes[0].lines[0].get_data()
    np.testing.assert_allclose(y, np.where(x > 0, x, 0.3 * x))
    explorer.dropdown.value = "tanh"
    assert explorer.sliders == {} and "tanh" in explorer.figure.axes[0].get_title()


def test_explorer_refuses_unknown_function():
    with pytest.raises(ValueError, match="known names"):
        activation_explorer("sigmoidd")


def test_family_plot_overlays_each_function_and_its_derivative():
    acts = [get_activation("sigmoid"), "tanh", get_activation("capped_relu", beta=2.0)]
    fig = plot_activation_family(acts, x_range=(-4, 4), n_points=201, title="squashing")
    ax_f, ax_df = fig.axes
    labels = [line.get_label() for line in ax_f.lines if not line.get_label().startswith("_")]
    assert labels == ["sigmoid", "tanh", "capped ReLU (β=2)"]
    x, dy = ax_df.lines[1].get_data()
    np.testing.assert_allclose(dy, 1 - np.tanh(x) ** 2)
    x, dy = ax_df.lines[2].get_data()
    assert np.isnan(dy[np.argmin(np.abs(x - 2.0))])  # the kink at beta is not bridged
    plt.close(fig)


@pytest.mark.parametrize("bad,error", [("relu", TypeError), ([], ValueError), ([3], TypeError), (["nope"], ValueError)])
def test_family_plot_errors(bad, error):
    with pytest.raises(error):
        plot_activation_family(bad)

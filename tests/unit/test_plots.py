import matplotlib

matplotlib.use("Agg")
import numpy as np
import pytest

from autoencoder_course.plots import plot_history, show_image_rows


def test_show_image_rows_labels_every_row():
    rng = np.random.default_rng(0)
    rows = {
        "original": rng.random((12, 784)),
        "noisy": rng.random((12, 28, 28)),
        "denoised": rng.random((12, 28, 28, 1)),
    }
    fig = show_image_rows(rows, n=5, title="demo")
    axes = np.array(fig.axes).reshape(3, 5)
    assert [axes[r, 0].get_ylabel() for r in range(3)] == ["original", "noisy", "denoised"]
    assert axes[1, 2].images[0].get_array().shape == (28, 28)


def test_show_image_rows_uses_fewest_available_images():
    fig = show_image_rows({"a": np.zeros((3, 4, 4)), "b": np.zeros((10, 4, 4))}, n=10)
    assert len(fig.axes) == 2 * 3


def test_show_image_rows_bad_input():
    with pytest.raises(TypeError, match="dict"):
        show_image_rows([np.zeros((2, 4, 4))])
    with pytest.raises(ValueError, match="image_shape"):
        show_image_rows({"a": np.zeros((2, 10))})
    assert len(show_image_rows({"a": np.zeros((2, 10))}, image_shape=(2, 5)).axes) == 2
    with pytest.raises(ValueError, match="NaN"):
        show_image_rows({"a": np.full((2, 4, 4), np.nan)})


def test_plot_history_pairs_train_and_validation():
    history = {"loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.6, 0.4]}
    fig = plot_history(history)
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["loss", "val_loss"]
    assert lines[0].get_color() == lines[1].get_color() and lines[1].get_linestyle() == "--"
    assert list(lines[0].get_xdata()) == [1, 2, 3]


def test_plot_history_errors():
    with pytest.raises(TypeError, match="History"):
        plot_history([])
    with pytest.raises(ValueError, match="Unknown history keys"):
        plot_history({"loss": [1.0]}, keys=["val_loss"])

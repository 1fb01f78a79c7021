"""Tests of the helpers that touch Keras: notebook set-up, the epoch log, diagrams."""

import numpy as np
import pytest

from autoencoder_course import diagrams
from autoencoder_course.notebook import compute_device, setup_notebook


def test_setup_notebook_returns_a_seeded_generator():
    first = setup_notebook(7, use_keras=False).random(3)
    second = setup_notebook(7, use_keras=False).random(3)
    assert np.array_equal(first, second)
    assert not np.array_equal(first, setup_notebook(8, use_keras=False).random(3))


def test_setup_notebook_shows_whole_table_cells():
    import pandas as pd

    pd.reset_option("display.max_colwidth")
    setup_notebook(0, use_keras=False)
    long_text = "a claim long enough that pandas would cut it short " * 3
    assert "..." not in pd.DataFrame({"claim": [long_text]}).to_html()


def test_setup_notebook_keras_weights_repeat():
    import keras

    def fresh_weights():
        setup_notebook(11)
        layer = keras.layers.Dense(5)
        layer.build((None, 3))
        return np.asarray(layer.kernel)

    assert np.array_equal(fresh_weights(), fresh_weights())


def test_setup_notebook_rejects_bad_seed():
    with pytest.raises(ValueError):
        setup_notebook(-1, use_keras=False)
    with pytest.raises(TypeError):
        setup_notebook("0", use_keras=False)


def test_compute_device_names_a_device():
    assert compute_device() in {"CPU", "GPU"}


def test_epoch_log_prints_compact_lines(capsys):
    import keras

    from autoencoder_course.training import EpochLog

    setup_notebook(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.random.default_rng(0).random((16, 2)).astype("float32")
    model.fit(x, x[:, :1], epochs=7, verbose=0, validation_split=0.25, callbacks=[EpochLog(every=3)])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert [line.split()[1] for line in lines] == ["1/7", "3/7", "6/7", "7/7"]
    assert "val_loss" in lines[-1]
    with pytest.raises(ValueError):
        EpochLog(every=0)


def test_model_diagram_svg_with_shapes():
    import keras

    diagrams.check_graphviz()
    inputs = keras.Input((784,), name="pixels")
    outputs = keras.layers.Dense(32, name="code")(inputs)
    svg = diagrams.model_diagram(keras.Model(inputs, outputs))
    assert "<svg" in svg.data and "code" in svg.data and "32" in svg.data


def test_model_diagram_rejects_non_models():
    with pytest.raises(TypeError, match="keras.Model"):
        diagrams.model_diagram("not a model")


def test_check_graphviz_explains_missing_dot(monkeypatch):
    monkeypatch.setattr(diagrams.shutil, "which", lambda name: None)
    with pytest.raises(diagrams.GraphvizMissingError, match="graphviz"):
        diagrams.check_graphviz()

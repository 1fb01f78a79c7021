"""Tests of the helpers that touch Keras: notebook set-up, the epoch log, diagrams."""

import os
import subprocess
import sys

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


def _run_fresh_python(code):
    # A new interpreter: TensorFlow prints its start-up lines only on the first import.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "KERAS_"))}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)


def test_setup_notebook_keeps_onednn_and_hides_its_start_up_line():
    done = _run_fresh_python(
        "from autoencoder_course.notebook import setup_notebook\n"
        "setup_notebook(0)\n"
        "import os, sys, tensorflow as tf\n"
        "print(os.environ.get('TF_ENABLE_ONEDNN_OPTS', 'unset'), tf.reduce_sum(tf.ones((2, 2))).numpy())\n"
        "print('still shown', file=sys.stderr)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["unset", "4.0"]  # oneDNN left at TensorFlow's default (on)
    assert "oneDNN" not in done.stderr and "absl::InitializeLog" not in done.stderr, done.stderr
    assert "still shown" in done.stderr  # descriptor 2 is back after the import


def test_setup_notebook_still_shows_import_errors():
    done = _run_fresh_python(
        "import sys; sys.modules['keras'] = None\n"  # makes `import keras` fail
        "from autoencoder_course.notebook import setup_notebook\n"
        "setup_notebook(0)\n"
    )
    assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr and "keras" in done.stderr, done.stderr


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


def test_run_time_is_measured_from_setup_notebook(monkeypatch):
    from autoencoder_course import notebook

    assert notebook.duration_text(48.4) == "48 s" and notebook.duration_text(59.6) == "1.0 min"
    assert notebook.duration_text(102) == "1.7 min"
    monkeypatch.setattr(notebook, "_started", None)
    with pytest.raises(RuntimeError, match="first cell first"):
        notebook.run_time_text()
    setup_notebook(0, use_keras=False)
    monkeypatch.setattr(notebook.time, "perf_counter", lambda: notebook._started + 75.0)
    monkeypatch.setattr(notebook.os, "cpu_count", lambda: 2)
    text = notebook.run_time_text()
    assert text in ("1.2 min on 2 CPU cores", "1.2 min on 2 CPU cores and a GPU"), text

"""autoencoder_course.model_cache: weights trained once are reused only while code, settings and data match."""

import json

import numpy as np
import pytest

from autoencoder_course import model_cache


@pytest.fixture(autouse=True)
def cache_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOENCODER_COURSE_CACHE", str(tmp_path / "cache"))


def test_key_changes_with_code_settings_and_data():
    data = np.arange(12, dtype="float32").reshape(3, 4)
    base = model_cache.cache_key(json, {"epochs": 3}, data, 0)
    assert base == model_cache.cache_key(json, {"epochs": 3}, data.copy(), 0)
    assert base != model_cache.cache_key(np, {"epochs": 3}, data, 0)  # other code
    assert base != model_cache.cache_key(json, {"epochs": 4}, data, 0)  # other settings
    changed = data.copy()
    changed[0, 0] = 99
    assert base != model_cache.cache_key(json, {"epochs": 3}, changed, 0)  # other data
    assert base != model_cache.cache_key(json, {"epochs": 3}, data, 1)  # other seed


def test_bad_parts_and_names_get_clear_errors():
    with pytest.raises(ValueError, match="at least one part"):
        model_cache.cache_key()
    with pytest.raises(TypeError, match="modules, NumPy arrays or JSON-like"):
        model_cache.cache_key(object())
    with pytest.raises(ValueError, match="letters, digits and underscores"):
        model_cache.load_or_train("../escape", lambda: None, lambda m: None, "k")


def test_trains_once_then_loads(capsys):
    import keras

    def build():
        keras.utils.set_random_seed(0)
        return keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])

    calls = []

    def train(model):
        calls.append(1)
        model.set_weights([np.full((2, 1), 7.0, "float32"), np.array([1.0], "float32")])

    model, trained = model_cache.load_or_train("tiny", build, train, "abc", taught_in="a test")
    assert trained and calls == [1] and "training it now" in capsys.readouterr().out
    again, trained = model_cache.load_or_train("tiny", build, train, "abc", taught_in="a test")
    assert not trained and calls == [1] and "Loaded the tiny trained in a test" in capsys.readouterr().out
    assert np.array_equal(again.get_weights()[0], np.full((2, 1), 7.0))
    _, trained = model_cache.load_or_train("tiny", build, train, "other-key")
    assert trained and calls == [1, 1]
    assert not list(model_cache.cache_dir().glob(".*"))  # no half-written files left behind

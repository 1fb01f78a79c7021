"""Tests of autoencoder_course.numpy_autoencoder: gradients against finite differences, training, errors."""

import numpy as np
import pytest

from autoencoder_course.activations import ACTIVATION_NAMES, get_activation
from autoencoder_course.numpy_autoencoder import NumpyAutoencoder

SIZES = (3, 4, 2, 3)  # three weight layers: enough to test the backward recursion between hidden layers


def _numeric_gradients(model, x, target, step=1e-5):
    """Central finite differences of model.loss for every weight and bias (float64)."""
    grads = []
    for param in model.weights + model.biases:
        grad = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            saved = param[index]
            param[index] = saved + step
            plus = model.loss(x, target)
            param[index] = saved - step
            minus = model.loss(x, target)
            param[index] = saved
            grad[index] = (plus - minus) / (2 * step)
        grads.append(grad)
    return grads


def _relative_errors(model, x, target):
    _, grad_w, grad_b = model.gradients(x, target)
    numeric = _numeric_gradients(model, x, target)
    errors = []
    for analytic, approx in zip(grad_w + grad_b, numeric):
        scale = max(np.linalg.norm(analytic), np.linalg.norm(approx))
        errors.append(np.linalg.norm(analytic - approx) / scale if scale > 1e-9 else 0.0)
    return errors


def _away_from_kinks(model, x, margin=0.05):
    pre, _ = model.forward(x)
    for a, activation in zip(pre, model.activations):
        for kink in activation.kinks:
            if np.min(np.abs(a - kink)) < margin:
                return False
    return True


def _model_and_data(activations, loss, data_seed, *, unit_targets=False, n=6):
    """A seeded model and data whose pre-activations are all at least 0.05 from every kink."""
    for seed in range(200):
        rng = np.random.default_rng(1000 * data_seed + seed)
        model = NumpyAutoencoder(SIZES, activations, rng=rng, loss=loss)
        for bias in model.biases:
            bias[:] = 0.3 * rng.standard_normal(bias.shape)  # non-zero biases, so their gradients are tested too
        x = rng.uniform(0.05, 0.95, (n, SIZES[0])) if unit_targets else rng.standard_normal((n, SIZES[0]))
        target = rng.uniform(0.05, 0.95, (n, SIZES[-1])) if unit_targets else rng.standard_normal((n, SIZES[-1]))
        if _away_from_kinks(model, x):
            return model, x, target
    raise AssertionError(f"no kink-free sample found for {activations}")


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_mse_gradients_match_finite_differences_for_every_activation(name):
    model, x, target = _model_and_data(name, "mse", 1)
    errors = _relative_errors(model, x, target)
    assert max(errors) < 1e-6, f"{name}: relative errors {errors}"


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_bce_gradients_match_finite_differences_for_every_hidden_activation(name):
    # BCE needs outputs in [0, 1]: every activation in the hidden layers, sigmoid at the output
    # (the numerically safe path computed from the logits).
    model, x, target = _model_and_data([name, name, "sigmoid"], "bce", 2, unit_targets=True)
    assert model._bce_from_logits
    errors = _relative_errors(model, x, target)
    assert max(errors) < 1e-6, f"{name}: relative errors {errors}"


def test_bce_gradients_with_a_non_sigmoid_bounded_output():
    # The general BCE path: dL/dx_hat = (x_hat - x) / (x_hat (1 - x_hat)), times the output's derivative.
    output = ("scaled_sigmoid", {"scale": 1.0, "slope": 2.0})
    model, x, target = _model_and_data(["tanh", "elu", output], "bce", 3, unit_targets=True)
    assert not model._bce_from_logits
    assert max(_relative_errors(model, x, target)) < 1e-6


def test_gradients_with_parameters_of_the_source_regulated_sigmoid():
    model, x, target = _model_and_data([("scaled_sigmoid", {"scale": 3.0, "slope": 0.1}), "tanh", "relu"], "mse", 4)
    assert max(_relative_errors(model, x, target)) < 1e-6


def test_sigmoid_bce_gradient_is_output_minus_target():
    rng = np.random.default_rng(0)
    model = NumpyAutoencoder((2, 3, 2), ["tanh", "sigmoid"], rng=rng, loss="bce")
    x = rng.uniform(0, 1, (5, 2))
    _, _, grad_b = model.gradients(x)
    expected = (model.predict(x) - x).sum(axis=0) / x.size
    np.testing.assert_allclose(grad_b[-1], expected, rtol=1e-12)


def test_bce_matches_the_textbook_formula_and_stays_finite_for_extreme_logits():
    rng = np.random.default_rng(1)
    model = NumpyAutoencoder((2, 2), "sigmoid", rng=rng, loss="bce")
    x = rng.uniform(0, 1, (4, 2))
    p = model.predict(x)
    textbook = -np.mean(x * np.log(p) + (1 - x) * np.log(1 - p))
    assert model.loss(x) == pytest.approx(textbook, rel=1e-10)
    model.weights[0][:] = 0.0
    model.biases[0][:] = [800.0, -800.0]  # sigmoid saturates to exactly 1 and 0 in float64
    target = np.array([[0.0, 1.0]])
    loss = model.loss(target, target)
    assert np.isfinite(loss) and loss == pytest.approx(800.0, rel=1e-6)


def test_mse_value_is_the_mean_over_samples_and_coordinates():
    rng = np.random.default_rng(2)
    model = NumpyAutoencoder((2, 2, 2), ["tanh", "identity"], rng=rng)
    x = rng.standard_normal((7, 2))
    assert model.loss(x) == pytest.approx(np.mean((model.predict(x) - x) ** 2))


def test_fit_lowers_the_loss_and_records_the_history():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((50, 3)) @ rng.standard_normal((3, 3))
    model = NumpyAutoencoder((3, 3, 3), "identity", rng=rng)
    before = model.loss(x)
    history = model.fit(x, epochs=300, learning_rate=0.02)
    assert history.shape == (300,) and history[0] == pytest.approx(before)
    assert model.loss(x) < 0.05 * before
    assert np.all(np.diff(history) <= 1e-12)  # small steps on a smooth loss: never up


def test_adam_also_trains():
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 1, (40, 4))
    model = NumpyAutoencoder((4, 2, 4), ["tanh", "sigmoid"], rng=rng, loss="bce")
    before = model.loss(x)
    model.fit(x, epochs=200, learning_rate=0.05, optimizer="adam")
    assert model.loss(x) < before - 0.02


def test_training_a_denoiser_uses_the_target():
    rng = np.random.default_rng(5)
    clean = rng.standard_normal((30, 2))
    model = NumpyAutoencoder((2, 2), "identity", rng=rng)
    model.fit(clean, 2 * clean, epochs=500, learning_rate=0.1)
    np.testing.assert_allclose(model.predict(clean), 2 * clean, atol=1e-3)


def test_same_seed_same_network_and_different_seed_different_network():
    a = NumpyAutoencoder((2, 5, 2), "tanh", rng=np.random.default_rng(7))
    b = NumpyAutoencoder((2, 5, 2), "tanh", rng=np.random.default_rng(7))
    c = NumpyAutoencoder((2, 5, 2), "tanh", rng=np.random.default_rng(8))
    assert all(np.array_equal(u, v) for u, v in zip(a.weights, b.weights))
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_init_scale_output_bias_and_code_layer():
    model = NumpyAutoencoder((2, 8, 1, 8, 2), "tanh", rng=np.random.default_rng(0), init_scale=0.01,
                             output_bias=[4.0, 5.0])
    assert np.max(np.abs(model.weights[0])) < 0.05
    np.testing.assert_array_equal(model.biases[-1], [4.0, 5.0])
    assert model.code_layer == 2
    x = np.random.default_rng(1).standard_normal((5, 2))
    assert model.encode(x).shape == (5, 1)
    np.testing.assert_allclose(model.decode(model.encode(x)), model.predict(x))


def test_bad_inputs_are_refused_clearly():
    rng = np.random.default_rng(0)
    model = NumpyAutoencoder((2, 2, 2), "tanh", rng=rng)
    with pytest.raises(ValueError, match="2 columns"):
        model.fit(np.zeros((5, 3)), epochs=1, learning_rate=0.1)
    with pytest.raises(ValueError, match="NaN"):
        model.fit(np.array([[0.0, np.nan]]), epochs=1, learning_rate=0.1)
    with pytest.raises(ValueError, match="rows"):
        model.fit(np.zeros((5, 2)), np.zeros((4, 2)), epochs=1, learning_rate=0.1)
    with pytest.raises(ValueError, match="2 dimensions"):
        model.predict(np.zeros(2))
    with pytest.raises(ValueError, match="learning_rate"):
        model.fit(np.zeros((5, 2)), epochs=1, learning_rate=-1.0)
    with pytest.raises(ValueError, match="optimizer"):
        model.fit(np.zeros((5, 2)), epochs=1, learning_rate=0.1, optimizer="sgd-momentum")
    with pytest.raises(ValueError, match="unknown activation"):
        NumpyAutoencoder((2, 2, 2), "sigmoidal", rng=rng)
    with pytest.raises(TypeError, match="activation"):
        NumpyAutoencoder((2, 2, 2), [3, "relu"], rng=rng)
    with pytest.raises(ValueError, match="2 activations"):
        NumpyAutoencoder((2, 2, 2), ["relu"], rng=rng)
    with pytest.raises(TypeError, match="Generator"):
        NumpyAutoencoder((2, 2, 2), "relu", rng=0)
    with pytest.raises(ValueError, match="loss"):
        NumpyAutoencoder((2, 2, 2), "relu", rng=rng, loss="mae")
    with pytest.raises(ValueError, match="at least"):
        NumpyAutoencoder((2,), "relu", rng=rng)
    with pytest.raises(ValueError, match="code_layer"):
        NumpyAutoencoder((2, 2, 2), "relu", rng=rng, code_layer=3)


def test_bce_refuses_unbounded_outputs_and_targets_outside_unit_range():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="outputs in \\[0, 1\\]"):
        NumpyAutoencoder((2, 2, 2), ["tanh", "relu"], rng=rng, loss="bce")
    model = NumpyAutoencoder((2, 2, 2), ["tanh", "sigmoid"], rng=rng, loss="bce")
    with pytest.raises(ValueError, match="targets in \\[0, 1\\]"):
        model.fit(np.array([[0.5, 1.5]]), epochs=1, learning_rate=0.1)


def test_mse_warns_when_the_output_activation_cannot_reach_the_targets():
    model = NumpyAutoencoder((2, 2, 2), "sigmoid", rng=np.random.default_rng(0))
    with pytest.warns(UserWarning, match="can only produce values"):
        model.fit(np.array([[-3.0, 3.0], [0.5, 0.5]]), epochs=2, learning_rate=0.1)


def test_divergence_stops_training_with_a_warning():
    rng = np.random.default_rng(0)
    x = 10 * rng.standard_normal((20, 2))
    model = NumpyAutoencoder((2, 2, 2), "identity", rng=rng)
    with pytest.warns(UserWarning, match="Lower the learning rate"), np.errstate(all="ignore"):
        history = model.fit(x, epochs=5000, learning_rate=50.0)
    assert len(history) < 5000 and not np.isfinite(history[-1])


def test_activation_objects_from_the_registry_are_accepted():
    leaky = get_activation("leaky_relu", alpha=0.1)
    model = NumpyAutoencoder((2, 2, 2), [leaky, "identity"], rng=np.random.default_rng(0))
    assert model.activations[0] is leaky
    assert "leaky_relu" in repr(model)


def test_the_finite_difference_check_catches_the_source_derivative_mistake():
    # The source evaluated sigmoid's derivative at the layer's output, sigma(a) * (1 - sigma(a)) with
    # sigma(a) in place of a.  Feeding such a wrong derivative in must make the check fail.
    sigmoid = get_activation("sigmoid")

    class DerivativeAtOutput:
        name = "sigmoid (derivative at the output)"
        f = staticmethod(sigmoid.f)
        kinks = ()

        @staticmethod
        def df(a):
            s = sigmoid.f(a)
            return sigmoid.df(s)

    model, x, target = _model_and_data([DerivativeAtOutput(), "tanh", "identity"], "mse", 5)
    assert max(_relative_errors(model, x, target)) > 1e-2

"""The NumPy autoencoder of chapter 06: gradients against finite differences, training, determinism."""

import numpy as np
import pytest

from autoencoder_course.lessons import loss_and_backpropagation as ch05
from autoencoder_course.lessons.activation_functions import ACTIVATIONS, get_activation
from autoencoder_course.lessons.numpy_autoencoder_ellipses import Adam, GradientDescent, NumpyAutoencoder

ACTIVATION_NAMES = tuple(ACTIVATIONS)
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
        assert analytic.shape == approx.shape
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
    errors = _relative_errors(model, x, target)
    assert max(errors) < 1e-6, f"{name}: relative errors {errors}"


def test_bce_gradients_with_a_non_sigmoid_bounded_output():
    # The general BCE path: dL/dx_hat = (x_hat - x) / (x_hat (1 - x_hat)), times the output's derivative.
    output = ("scaled_sigmoid", {"scale": 1.0, "slope": 2.0})
    model, x, target = _model_and_data(["tanh", "elu", output], "bce", 3, unit_targets=True)
    p = model.predict(x)
    assert model.loss(x, target) == pytest.approx(
        -np.mean(target * np.log(p) + (1 - target) * np.log(1 - p)), rel=1e-12
    )
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


@pytest.mark.parametrize("loss", ["mse", "bce"])
def test_a_3_2_3_sigmoid_network_reproduces_chapter_5(loss):
    """One convention: chapter 5's hand-written forward pass and gradients are this class's 3-2-3 case."""
    params = ch05.init_params(3, 2, rng=np.random.default_rng(2), scale=1.0)
    params["b_e"] = np.array([0.3, -0.2])
    params["b_d"] = np.array([0.1, 0.0, -0.4])
    model = NumpyAutoencoder((3, 2, 3), "sigmoid", rng=np.random.default_rng(0), loss=loss)
    model.weights = [params["W_e"].copy(), params["W_d"].copy()]
    model.biases = [params["b_e"].copy(), params["b_d"].copy()]
    x = np.random.default_rng(3).uniform(0.05, 0.95, (12, 3))
    np.testing.assert_allclose(model.predict(x), ch05.forward(params, x)["X_hat"], rtol=1e-12)
    np.testing.assert_allclose(model.encode(x), ch05.forward(params, x)["Z"], rtol=1e-12)
    assert model.loss(x) == pytest.approx(
        ch05.reconstruction_loss(x, ch05.forward(params, x)["X_hat"], loss), rel=1e-10
    )
    _, grad_w, grad_b = model.gradients(x)
    expected = ch05.gradients(params, x, loss)
    for ours, key in zip(grad_w + grad_b, ("W_e", "W_d", "b_e", "b_d")):
        np.testing.assert_allclose(ours, expected[key], rtol=1e-9, atol=1e-15, err_msg=key)


def test_fit_lowers_the_loss_and_records_the_history():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((50, 3)) @ rng.standard_normal((3, 3))
    model = NumpyAutoencoder((3, 3, 3), "identity", rng=rng)
    before = model.loss(x)
    history = model.fit(x, epochs=300, learning_rate=0.02)
    assert history.shape == (300,) and history[0] == pytest.approx(before)
    assert model.history is history
    assert model.loss(x) < 0.05 * before
    assert np.all(np.diff(history) <= 1e-12)  # small steps on a smooth loss: never up


def test_one_gradient_descent_step_is_the_update_rule():
    rng = np.random.default_rng(6)
    x = rng.standard_normal((10, 2))
    model = NumpyAutoencoder((2, 3, 2), ["tanh", "identity"], rng=rng)
    _, grad_w, grad_b = model.gradients(x)
    expected = [p - 0.1 * g for p, g in zip(model.weights + model.biases, grad_w + grad_b)]
    model.fit(x, epochs=1, learning_rate=0.1)
    for got, want in zip(model.weights + model.biases, expected):
        np.testing.assert_allclose(got, want, rtol=1e-14)


def test_adam_matches_its_formula_and_trains():
    # The first Adam step moves every parameter by about learning_rate against the sign of its gradient.
    params, grads = [np.array([1.0, -2.0])], [np.array([0.5, -3.0])]
    Adam(0.01).update(params, grads)
    np.testing.assert_allclose(params[0], [1.0 - 0.01, -2.0 + 0.01], rtol=1e-6)
    plain = [np.array([1.0])]
    GradientDescent(0.5).update(plain, [np.array([2.0])])
    assert plain[0][0] == 0.0

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


def test_same_seed_same_network_and_same_training_different_seed_different_network():
    a = NumpyAutoencoder((2, 5, 2), "tanh", rng=np.random.default_rng(7))
    b = NumpyAutoencoder((2, 5, 2), "tanh", rng=np.random.default_rng(7))
    c = NumpyAutoencoder((2, 5, 2), "tanh", rng=np.random.default_rng(8))
    assert all(np.array_equal(u, v) for u, v in zip(a.weights, b.weights))
    assert not np.array_equal(a.weights[0], c.weights[0])
    x = np.random.default_rng(9).standard_normal((20, 2))
    assert np.array_equal(a.fit(x, epochs=20, learning_rate=0.1), b.fit(x, epochs=20, learning_rate=0.1))


def test_shapes_init_scale_output_bias_and_code_layer():
    model = NumpyAutoencoder(
        (2, 8, 1, 8, 2), "tanh", rng=np.random.default_rng(0), init_scale=0.01, output_bias=[4.0, 5.0]
    )
    assert [w.shape for w in model.weights] == [(2, 8), (8, 1), (1, 8), (8, 2)]
    assert [b.shape for b in model.biases] == [(8,), (1,), (8,), (2,)]
    assert np.max(np.abs(model.weights[0])) < 0.05
    glorot = NumpyAutoencoder((200, 300), "tanh", rng=np.random.default_rng(0))
    assert glorot.weights[0].std() == pytest.approx(np.sqrt(2 / 500), rel=0.02)
    np.testing.assert_array_equal(model.biases[-1], [4.0, 5.0])
    assert model.code_layer == 2
    x = np.random.default_rng(1).standard_normal((5, 2))
    assert model.encode(x).shape == (5, 1)
    assert model.predict(x).shape == (5, 2)
    np.testing.assert_allclose(model.decode(model.encode(x)), model.predict(x))
    pre, outputs = model.forward(x)
    assert [a.shape for a in pre] == [(5, 8), (5, 1), (5, 8), (5, 2)] and outputs[0] is x and len(outputs) == 5


def test_divergence_stops_training_with_a_warning():
    rng = np.random.default_rng(0)
    x = 10 * rng.standard_normal((20, 2))
    model = NumpyAutoencoder((2, 2, 2), "identity", rng=rng)
    with pytest.warns(UserWarning, match="Lower the learning rate"), np.errstate(all="ignore"):
        history = model.fit(x, epochs=5000, learning_rate=50.0)
    assert len(history) < 5000 and not np.isfinite(history[-1])


def test_activations_by_name_with_parameters_or_as_objects():
    leaky = get_activation("leaky_relu", alpha=0.1)
    model = NumpyAutoencoder((2, 2, 2), [leaky, ("leaky_relu", {"alpha": 0.3})], rng=np.random.default_rng(0))
    assert model.activations[0] is leaky
    assert model.activations[1].f(np.array(-1.0)) == pytest.approx(-0.3)
    assert [
        a.name for a in NumpyAutoencoder((3, 2, 3), ["tanh", "identity"], rng=np.random.default_rng(0)).activations
    ] == ["tanh", "identity"]


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

"""The hand-derived gradients of the 3-2-3 sigmoid autoencoder (chapter 05) against TensorFlow and finite differences."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from autoencoder_course.diagrams import draw_network
from autoencoder_course.lessons.loss_and_backpropagation import (
    bernoulli_entropy,
    forward,
    gradients,
    init_params,
    reconstruction_loss,
    sigmoid,
    sigmoid_derivative,
)

PARAMETER_NAMES = ("W_e", "b_e", "W_d", "b_d")


def tf_gradients(params, X, loss):
    """The same loss written with TensorFlow ops, differentiated by GradientTape."""
    tf = pytest.importorskip("tensorflow")
    variables = {k: tf.Variable(v, dtype=tf.float64) for k, v in params.items()}
    x = tf.constant(X, dtype=tf.float64)
    with tf.GradientTape() as tape:
        z = tf.sigmoid(x @ variables["W_e"] + variables["b_e"])
        x_hat = tf.sigmoid(z @ variables["W_d"] + variables["b_d"])
        if loss == "mse":
            value = tf.reduce_mean(tf.square(x_hat - x))
        else:
            value = tf.reduce_mean(-(x * tf.math.log(x_hat) + (1 - x) * tf.math.log(1 - x_hat)))
    grads = tape.gradient(value, variables)
    return float(value.numpy()), {k: g.numpy() for k, g in grads.items()}


@pytest.mark.parametrize("loss", ["mse", "bce"])
@pytest.mark.parametrize("shape", [(3, 2, 1), (3, 2, 17), (5, 3, 40)])
def test_hand_gradients_match_tensorflow(loss, shape):
    n, h, M = shape
    rng = np.random.default_rng(M + n)
    params = init_params(n, h, rng=rng, scale=1.0)
    params["b_e"] = rng.normal(size=h)
    params["b_d"] = rng.normal(size=n)
    X = rng.uniform(0, 1, size=(M, n))
    value, expected = tf_gradients(params, X, loss)
    assert reconstruction_loss(X, forward(params, X)["X_hat"], loss) == pytest.approx(value, rel=1e-10)
    ours = gradients(params, X, loss)
    assert set(ours) == set(PARAMETER_NAMES)
    for key in PARAMETER_NAMES:
        assert ours[key].shape == params[key].shape
        np.testing.assert_allclose(ours[key], expected[key], rtol=1e-9, atol=1e-13, err_msg=key)


def test_hand_gradients_match_finite_differences():
    rng = np.random.default_rng(7)
    params = init_params(3, 2, rng=rng, scale=1.0)
    X = rng.uniform(0.1, 0.9, size=(10, 3))
    ours = gradients(params, X)
    h = 1e-6
    for key in PARAMETER_NAMES:
        numeric = np.zeros_like(params[key])
        for index in np.ndindex(params[key].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][index] += h
            minus[key][index] -= h
            numeric[index] = (
                reconstruction_loss(X, forward(plus, X)["X_hat"]) - reconstruction_loss(X, forward(minus, X)["X_hat"])
            ) / (2 * h)
        np.testing.assert_allclose(ours[key], numeric, rtol=1e-6, atol=1e-10, err_msg=key)


def test_the_source_formula_for_encoder_weights_is_wrong():
    """The source sums the decoder weights over k instead of picking the one weight from m to j: not the gradient."""
    rng = np.random.default_rng(3)
    params = init_params(3, 2, rng=rng, scale=1.0)
    X = rng.uniform(0, 1, size=(8, 3))
    c = forward(params, X)
    M, n = X.shape
    Z, X_hat, W_d = c["Z"], c["X_hat"], params["W_d"]
    out_err = -(X - X_hat) * X_hat * (1 - X_hat)  # (M, 3)
    source = np.zeros((3, 2))  # (input l, hidden m), the shape of W_e
    for m in range(2):
        for l in range(3):
            source[l, m] = (
                np.mean(np.sum(out_err * W_d.sum(axis=0), axis=1) * Z[:, m] * (1 - Z[:, m]) * X[:, l]) * 2 / n
            )
    assert not np.allclose(source, gradients(params, X)["W_e"], rtol=1e-3)


def test_a_small_step_against_the_gradient_lowers_the_loss():
    rng = np.random.default_rng(1)
    params = init_params(3, 2, rng=rng)
    X = rng.uniform(0, 1, size=(20, 3))
    for loss in ("mse", "bce"):
        before = reconstruction_loss(X, forward(params, X)["X_hat"], loss)
        grads = gradients(params, X, loss)
        step = 1e-3
        moved = {k: params[k] - step * grads[k] for k in params}
        after = reconstruction_loss(X, forward(moved, X)["X_hat"], loss)
        squared_norm = sum(float(np.sum(g**2)) for g in grads.values())
        # first-order Taylor: the loss falls by step * |grad|^2
        assert before - after == pytest.approx(step * squared_norm, rel=1e-2)


def test_losses_and_the_bce_floor():
    assert reconstruction_loss(np.array([[2.0, 0.0]]), np.array([[1.0, 0.0]]), "mse") == pytest.approx(0.5)
    x = np.array([[0.0, 0.3, 1.0]])
    entropy = -np.mean(x * np.log(np.clip(x, 1e-300, 1)) + (1 - x) * np.log(np.clip(1 - x, 1e-300, 1)))
    assert reconstruction_loss(x, x, "bce") == pytest.approx(entropy, abs=1e-9)
    assert np.isfinite(reconstruction_loss(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]), "bce"))
    # the floor: BCE of a perfect reconstruction is the targets' own entropy, zero on binary pixels
    assert bernoulli_entropy(x).mean() == pytest.approx(entropy, abs=1e-12)
    np.testing.assert_array_equal(bernoulli_entropy(np.array([0.0, 1.0])), [0.0, 0.0])
    assert bernoulli_entropy(0.5) == pytest.approx(np.log(2.0))


def test_sigmoid_and_its_derivative():
    a = np.linspace(-8, 8, 33)
    np.testing.assert_allclose(sigmoid(a) + sigmoid(-a), 1.0, rtol=1e-12)
    numeric = (sigmoid(a + 1e-6) - sigmoid(a - 1e-6)) / 2e-6
    np.testing.assert_allclose(sigmoid_derivative(a), numeric, rtol=1e-6, atol=1e-12)


def test_init_params_shapes_follow_the_row_convention_and_the_seed():
    params = init_params(4, 3, rng=np.random.default_rng(0))
    assert {k: v.shape for k, v in params.items()} == {"W_e": (4, 3), "b_e": (3,), "W_d": (3, 4), "b_d": (4,)}
    again = init_params(4, 3, rng=np.random.default_rng(0))
    assert all(np.array_equal(params[k], again[k]) for k in params)
    X = np.random.default_rng(1).uniform(size=(5, 4))
    shapes = {k: v.shape for k, v in forward(params, X).items()}
    assert shapes == {"A": (5, 3), "Z": (5, 3), "A_dec": (5, 4), "X_hat": (5, 4)}


def test_draw_network_labels_each_edge_with_its_own_weight():
    params = init_params(rng=np.random.default_rng(5))
    params["W_e"][2, 1] = 0.77  # input 3 -> hidden 2
    params["W_d"][1, 0] = -0.66  # hidden 2 -> output 1
    fig = draw_network(params)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "$w_{32}=0.77$" in texts
    assert "$w'_{21}=-0.66$" in texts
    assert sum(t.startswith("$w_{") for t in texts) == 6 and sum(t.startswith("$w'_{") for t in texts) == 6
    plt.close(fig)


def test_draw_network_refuses_mismatched_shapes():
    params = init_params(rng=np.random.default_rng(5))
    params["W_d"] = params["W_d"].T
    with pytest.raises(ValueError, match="W_d"):
        draw_network(params)

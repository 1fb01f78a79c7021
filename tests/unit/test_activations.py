"""The activation registry: every derivative against finite differences and TensorFlow autodiff,
ranges and limits, numerical stability, softmax and its Jacobian, and clear errors."""

import math
import warnings

import numpy as np
import pytest

from autoencoder_course.activations import (
    ACTIVATION_NAMES,
    Activation,
    get_activation,
    softmax,
    softmax_jacobian,
)

# Every function the course names, some with non-default parameters (which moves kinks and ranges).
CASES = [(name, {}) for name in ACTIVATION_NAMES] + [
    ("leaky_relu", {"alpha": 0.2}),
    ("elu", {"alpha": 0.5}),
    ("swish", {"beta": 2.0}),
    ("scaled_sigmoid", {"scale": 2.0, "slope": 1.5}),
    ("capped_relu", {"beta": 2.0}),
    ("isru", {"a": 0.5}),
]
IDS = [name + "".join(f"-{k}{v}" for k, v in params.items()) for name, params in CASES]


def smooth_points(act: Activation, n=400, low=-6.0, high=6.0, seed=0):
    """Random points in [low, high] at least 1e-3 away from the function's kinks."""
    x = np.random.default_rng(seed).uniform(low, high, n)
    for kink in act.kinks:
        x = x[np.abs(x - kink) > 1e-3]
    assert x.size > n // 2
    return x


def test_every_function_the_course_names_is_registered():
    required = {
        "identity", "relu", "leaky_relu", "sigmoid", "scaled_sigmoid", "tanh", "elu", "swish", "gelu",
        "gelu_tanh", "softplus", "sine", "capped_relu", "saturated_linear", "isru", "arctan", "asinh",
        "elliot", "log",
    }
    assert required <= set(ACTIVATION_NAMES)
    assert len(set(ACTIVATION_NAMES)) == len(ACTIVATION_NAMES)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_derivative_matches_central_finite_differences(name, params):
    act = get_activation(name, **params)
    x = smooth_points(act)
    h = 1e-6
    numeric = (act.f(x + h) - act.f(x - h)) / (2 * h)
    np.testing.assert_allclose(act.df(x), numeric, rtol=1e-5, atol=1e-7, err_msg=name)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_value_and_derivative_match_tensorflow_autodiff(name, params):
    tf = pytest.importorskip("tensorflow")
    act = get_activation(name, **params)
    assert act.tf is not None, f"{name} has no TensorFlow form"
    x = smooth_points(act, seed=1)
    tx = tf.constant(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(tx)
        ty = act.tf(tx)
    grad = tape.gradient(ty, tx).numpy()
    np.testing.assert_allclose(act.f(x), ty.numpy(), rtol=1e-6, atol=1e-9, err_msg=name)
    np.testing.assert_allclose(act.df(x), grad, rtol=1e-6, atol=1e-9, err_msg=name)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_derivative_at_kinks_follows_tensorflow_convention(name, params):
    tf = pytest.importorskip("tensorflow")
    act = get_activation(name, **params)
    points = np.array(sorted(set(act.kinks) | {0.0}))
    tx = tf.constant(points, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(tx)
        ty = act.tf(tx)
    np.testing.assert_allclose(act.df(points), tape.gradient(ty, tx).numpy(), rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_values_stay_inside_the_stated_range(name, params):
    act = get_activation(name, **params)
    low, high = act.output_range
    low_closed, high_closed = act.range_closed
    x = np.linspace(-12, 12, 20001)  # moderate: in float64 tanh(20) already rounds to exactly 1
    y = act.f(x)
    assert np.all(y >= low) if low_closed else np.all(y > low), name
    assert np.all(y <= high) if high_closed else np.all(y < high), name
    if math.isfinite(low) and low_closed:  # the minimum is attained: the grid finds it
        assert abs(y.min() - low) < 1e-6, (name, y.min(), low)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_range_bounds_are_tight(name, params):
    act = get_activation(name, **params)
    low, high = act.output_range
    far = act.f(np.array([-1e8, 1e8]))
    wide = act.f(np.linspace(-50, 50, 200001))
    if math.isinf(high):
        assert act.f(np.array([1e300]))[0] > 100, f"{name} should be unbounded above"
    else:
        assert max(far.max(), wide.max()) == pytest.approx(high, abs=1e-6), name
    if math.isinf(low):
        assert act.f(np.array([-1e300]))[0] < -100, f"{name} should be unbounded below"
    elif not act.range_closed[0]:  # open lower bound: approached at -inf
        assert min(far.min(), wide.min()) == pytest.approx(low, abs=1e-6), name


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_limits_of_the_derivative(name, params):
    act = get_activation(name, **params)
    for sign, limit in ((1.0, act.limit_df_at_inf), (-1.0, act.limit_df_at_minus_inf)):
        far = sign * np.array([1e8, 1e9, 1e10])
        if limit is None:  # no limit: the derivative keeps oscillating however far out we look
            d = act.df(sign * np.linspace(1e6, 1e6 + 20, 2001))
            assert d.max() - d.min() > 1.0, name
        else:
            np.testing.assert_allclose(act.df(far), limit, atol=1e-6, err_msg=f"{name} at {sign}∞")


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_stable_for_huge_inputs_without_warnings(name, params):
    act = get_activation(name, **params)
    x = np.array([-1e300, -1e3, -710.0, -50.0, -1e-300, 0.0, 1e-300, 50.0, 710.0, 1e3, 1e300])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow or invalid-value RuntimeWarning fails the test
        y, d = act.f(x), act.df(x)
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(d)), name
    assert y.dtype == np.float64 and d.dtype == np.float64


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_shape_and_dtype(name):
    act = get_activation(name)
    grid = np.arange(-6, 6).reshape(3, 4)  # integers are read as float64
    assert act.f(grid).shape == (3, 4) and act.f(grid).dtype == np.float64
    assert act.df(grid).shape == (3, 4)
    assert act.f(np.float32([0.5, -0.5])).dtype == np.float32
    assert act(2.0) == act.f(2.0)
    assert act.latex.startswith("f(x)") and act.dlatex.startswith("f'(x)")
    assert act.domain == "all real numbers" and act.label


def test_formulas_the_source_got_wrong():
    isru = get_activation("isru")
    assert isru.f(3.0) == pytest.approx(3 / math.sqrt(10))  # x / sqrt(1 + x^2), not sqrt(x) / (1 + x^2)
    assert isru.f(-3.0) == pytest.approx(-3 / math.sqrt(10))  # defined (and odd) for negative x
    elliot = get_activation("elliot")
    assert elliot.f(-2.0) == pytest.approx(-2 / 3)  # x / (1 + x) would give +2
    log = get_activation("log")
    assert log.f(-0.5) == pytest.approx(-math.log(1.5)) and log.f(-5.0) == pytest.approx(-math.log(6))
    capped = get_activation("capped_relu", beta=2.0)
    np.testing.assert_array_equal(capped.f(np.array([-3.0, 1.0, 5.0])), [0.0, 1.0, 2.0])  # min(x, β) gives -3
    sat = get_activation("saturated_linear")
    np.testing.assert_array_equal(sat.f(np.array([-3.0, 0.25, 5.0])), [0.0, 0.25, 1.0])


def test_identities_between_functions():
    x = np.linspace(-8, 8, 1001)
    sigmoid, tanh = get_activation("sigmoid"), get_activation("tanh")
    np.testing.assert_allclose(tanh.f(x), 2 * sigmoid.f(2 * x) - 1, atol=1e-12)
    np.testing.assert_allclose(get_activation("softplus").df(x), sigmoid.f(x), atol=1e-15)
    regulated = get_activation("scaled_sigmoid")  # the source's 3·σ(0.1 x)
    np.testing.assert_allclose(regulated.f(x), 3 / (1 + np.exp(-0.1 * x)), rtol=1e-12)
    gap = np.abs(get_activation("gelu").f(x) - get_activation("gelu_tanh").f(x)).max()
    assert 1e-5 < gap < 1e-3  # an approximation: close, but not the same function
    np.testing.assert_allclose(get_activation("swish").f(x), x * sigmoid.f(x), atol=1e-12)
    np.testing.assert_allclose(get_activation("capped_relu", beta=1.0).f(x), get_activation("saturated_linear").f(x))


def test_stated_minima_of_the_non_monotonic_functions():
    x = np.linspace(-3, 0, 3_000_001)
    for name in ("swish", "gelu", "gelu_tanh"):
        act = get_activation(name)
        assert act.f(x).min() == pytest.approx(act.output_range[0], abs=1e-12), name
    assert get_activation("swish", beta=2.0).output_range[0] == pytest.approx(
        get_activation("swish", beta=2.0).f(x).min(), abs=1e-12
    )


def test_range_text():
    assert get_activation("relu").range_text() == "[0, ∞)"
    assert get_activation("tanh").range_text() == "(−1, 1)"
    assert get_activation("capped_relu", beta=6).range_text() == "[0, 6]"


# --- errors -------------------------------------------------------------------------------------------

def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="known names: identity, relu"):
        get_activation("rellu")


def test_softmax_is_not_in_the_elementwise_registry():
    with pytest.raises(ValueError, match="softmax_jacobian"):
        get_activation("softmax")


def test_name_is_normalised_and_must_be_a_string():
    assert get_activation("Leaky-ReLU").name == "leaky_relu"
    with pytest.raises(TypeError, match="string"):
        get_activation(3)


@pytest.mark.parametrize(
    "name,params,error,match",
    [
        ("leaky_relu", {"alpha": -0.1}, ValueError, r"\[0, 1\)"),
        ("leaky_relu", {"alpha": 1.5}, ValueError, r"\[0, 1\)"),
        ("elu", {"alpha": 0.0}, ValueError, "greater than zero"),
        ("scaled_sigmoid", {"scale": float("nan")}, ValueError, "finite"),
        ("capped_relu", {"beta": -1}, ValueError, "greater than zero"),
        ("isru", {"a": "big"}, TypeError, "number"),
        ("swish", {"beta": True}, TypeError, "number"),
        ("relu", {"alpha": 0.1}, ValueError, "takes no parameters"),
        ("elu", {"beta": 1.0}, ValueError, "takes parameters alpha"),
    ],
)
def test_bad_parameters_raise_clear_errors(name, params, error, match):
    with pytest.raises(error, match=match):
        get_activation(name, **params)


def test_parameters_are_recorded():
    assert dict(get_activation("leaky_relu").params) == {"alpha": 0.01}
    assert dict(get_activation("scaled_sigmoid", slope=0.5).params) == {"scale": 3.0, "slope": 0.5}
    assert get_activation("leaky_relu", alpha=0.2).limit_df_at_minus_inf == 0.2


def test_non_numeric_input_is_refused():
    act = get_activation("relu")
    with pytest.raises(TypeError):
        act.f("1.0")
    with pytest.raises(TypeError):
        act.df(np.array(["a", "b"]))
    with pytest.raises(TypeError):
        act.f(None)


# --- softmax ------------------------------------------------------------------------------------------

def test_softmax_sums_to_one_and_is_stable():
    x = np.random.default_rng(2).normal(size=(5, 7)) * 3
    s = softmax(x)
    np.testing.assert_allclose(s.sum(axis=-1), 1.0)
    assert np.all(s > 0)
    np.testing.assert_allclose(softmax(x, axis=0).sum(axis=0), 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = softmax(np.array([1000.0, 1000.0, -1000.0]))
    np.testing.assert_allclose(big, [0.5, 0.5, 0.0])
    np.testing.assert_allclose(softmax(x + 100.0), s)  # shift invariance


def test_softmax_jacobian_matches_finite_differences():
    x = np.random.default_rng(3).normal(size=6)
    h = 1e-6
    numeric = np.empty((6, 6))
    for j in range(6):
        step = np.zeros(6)
        step[j] = h
        numeric[:, j] = (softmax(x + step) - softmax(x - step)) / (2 * h)
    jac = softmax_jacobian(x)
    np.testing.assert_allclose(jac, numeric, atol=1e-9)
    np.testing.assert_allclose(jac.sum(axis=0), 0.0, atol=1e-15)  # outputs always sum to 1
    np.testing.assert_allclose(jac, jac.T)


def test_softmax_jacobian_batches_and_matches_tensorflow():
    tf = pytest.importorskip("tensorflow")
    x = np.random.default_rng(4).normal(size=(3, 4))
    jac = softmax_jacobian(x)
    assert jac.shape == (3, 4, 4)
    tx = tf.constant(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(tx)
        ty = tf.nn.softmax(tx)
    batch_jac = tape.batch_jacobian(ty, tx).numpy()
    np.testing.assert_allclose(jac, batch_jac, atol=1e-12)


def test_softmax_errors():
    with pytest.raises(TypeError):
        softmax("abc")
    with pytest.raises(ValueError, match="NaN"):
        softmax(np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="out of range"):
        softmax(np.ones((2, 3)), axis=2)
    with pytest.raises(TypeError, match="axis"):
        softmax(np.ones(3), axis=0.5)
    with pytest.raises(ValueError):
        softmax_jacobian(3.0)  # a scalar is not a vector

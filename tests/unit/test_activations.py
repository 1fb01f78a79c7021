"""The activations of chapter 04 (autoencoder_course.lessons.activation_functions): every derivative
against finite differences and TensorFlow autodiff, ranges and limits, numerical stability, known
values, softmax and its Jacobian."""

import math
import warnings

import numpy as np
import pytest

from autoencoder_course.lessons.activation_functions import ACTIVATIONS, get_activation, softmax, softmax_jacobian

# Every function the course names, some with non-default parameters (which moves kinks and ranges).
CASES = [(name, {}) for name in ACTIVATIONS] + [
    ("leaky_relu", {"alpha": 0.2}),
    ("elu", {"alpha": 0.5}),
    ("swish", {"beta": 2.0}),
    ("scaled_sigmoid", {"scale": 2.0, "slope": 1.5}),
    ("capped_relu", {"beta": 2.0}),
    ("isru", {"a": 0.5}),
]
IDS = [name + "".join(f"-{k}{v}" for k, v in params.items()) for name, params in CASES]


def tf_form(act):
    """The same function written with TensorFlow ops (an independent second implementation)."""
    tf = pytest.importorskip("tensorflow")
    p = act.params
    forms = {
        "identity": tf.identity,
        "relu": tf.nn.relu,
        "leaky_relu": lambda x: tf.nn.leaky_relu(x, alpha=p["alpha"]),
        "elu": lambda x: tf.where(x > 0, x, p["alpha"] * tf.math.expm1(tf.minimum(x, 0.0))),
        "swish": lambda x: x * tf.math.sigmoid(p["beta"] * x),
        "gelu": lambda x: 0.5 * x * (1.0 + tf.math.erf(x / math.sqrt(2.0))),
        "gelu_tanh": lambda x: 0.5 * x * (1.0 + tf.math.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3))),
        "softplus": tf.math.softplus,
        "sigmoid": tf.math.sigmoid,
        "scaled_sigmoid": lambda x: p["scale"] * tf.math.sigmoid(p["slope"] * x),
        "tanh": tf.math.tanh,
        "sine": tf.math.sin,
        "capped_relu": lambda x: tf.minimum(tf.nn.relu(x), p["beta"]),
        "saturated_linear": lambda x: tf.minimum(tf.nn.relu(x), 1.0),
        "isru": lambda x: x * tf.math.rsqrt(1.0 + p["a"] * x * x),
        "arctan": lambda x: (2.0 / math.pi) * tf.math.atan(x),
        "asinh": tf.math.asinh,
        "elliot": lambda x: x / (1.0 + tf.math.abs(x)),
        # sign(x) * log1p(|x|) would give TensorFlow's gradient 0 at x = 0 (the true value is 1);
        # the maxima keep the unused branch finite and route the gradient at 0 to the first branch.
        "log": lambda x: tf.where(x >= 0, tf.math.log1p(tf.maximum(x, 0.0)), -tf.math.log1p(tf.maximum(-x, 0.0))),
    }
    return tf, forms[act.name]


def tf_value_and_gradient(act, x):
    tf, form = tf_form(act)
    tx = tf.constant(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(tx)
        ty = form(tx)
    return ty.numpy(), tape.gradient(ty, tx).numpy()


def smooth_points(act, n=400, low=-6.0, high=6.0, seed=0):
    """Random points in [low, high] at least 1e-3 away from the function's kinks."""
    x = np.random.default_rng(seed).uniform(low, high, n)
    for kink in act.kinks:
        x = x[np.abs(x - kink) > 1e-3]
    assert x.size > n // 2
    return x


def test_every_function_the_course_names_is_registered():
    required = {
        "identity",
        "relu",
        "leaky_relu",
        "sigmoid",
        "scaled_sigmoid",
        "tanh",
        "elu",
        "swish",
        "gelu",
        "gelu_tanh",
        "softplus",
        "sine",
        "capped_relu",
        "saturated_linear",
        "isru",
        "arctan",
        "asinh",
        "elliot",
        "log",
    }
    assert required <= set(ACTIVATIONS)
    for name, make in ACTIVATIONS.items():
        act = make()
        assert act.name == name and act.label
        assert get_activation(name).name == name


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_derivative_matches_central_finite_differences(name, params):
    act = get_activation(name, **params)
    x = smooth_points(act)
    h = 1e-6
    numeric = (act.f(x + h) - act.f(x - h)) / (2 * h)
    np.testing.assert_allclose(act.df(x), numeric, rtol=1e-5, atol=1e-7, err_msg=name)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_value_and_derivative_match_tensorflow_autodiff(name, params):
    act = get_activation(name, **params)
    x = smooth_points(act, seed=1)
    value, grad = tf_value_and_gradient(act, x)
    np.testing.assert_allclose(act.f(x), value, rtol=1e-6, atol=1e-9, err_msg=name)
    np.testing.assert_allclose(act.df(x), grad, rtol=1e-6, atol=1e-9, err_msg=name)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_derivative_at_kinks_follows_tensorflow_convention(name, params):
    act = get_activation(name, **params)
    points = np.array(sorted(set(act.kinks) | {0.0}))
    _value, grad = tf_value_and_gradient(act, points)
    np.testing.assert_allclose(act.df(points), grad, rtol=1e-6, atol=1e-12)


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


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_shape_and_dtype(name):
    act = get_activation(name)
    grid = np.arange(-6, 6).reshape(3, 4)  # integers give float64 values
    assert act.f(grid).shape == (3, 4) and act.f(grid).dtype == np.float64
    assert act.df(grid).shape == (3, 4) and act.df(grid).dtype == np.float64
    assert float(act.f(2.0)) == float(act.f(np.array([2.0]))[0])  # scalars work too


def test_known_values():
    assert get_activation("relu").f(np.array([-2.0, 3.0])).tolist() == [0.0, 3.0]
    assert get_activation("leaky_relu", alpha=0.1).df(np.array([-2.0, 3.0])).tolist() == [0.1, 1.0]
    assert float(get_activation("sigmoid").f(0.0)) == 0.5 and float(get_activation("sigmoid").df(0.0)) == 0.25
    assert float(get_activation("tanh").df(0.0)) == 1.0
    assert float(get_activation("softplus").f(0.0)) == pytest.approx(math.log(2))
    assert float(get_activation("elu").f(-1.0)) == pytest.approx(math.exp(-1) - 1)
    assert float(get_activation("gelu").f(1.0)) == pytest.approx(0.8413447460685429)  # Φ(1)
    assert float(get_activation("arctan").f(1.0)) == pytest.approx(0.5)
    assert float(get_activation("scaled_sigmoid").df(0.0)) == pytest.approx(0.075)  # c k / 4


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
    np.testing.assert_array_equal(capped.df(np.array([-3.0, 1.0, 5.0])), [0.0, 1.0, 0.0])  # not 1 below 0
    sat = get_activation("saturated_linear")
    np.testing.assert_array_equal(sat.f(np.array([-3.0, 0.25, 5.0])), [0.0, 0.25, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the source's 1 / (1 + np.exp(-x)) overflows here
        assert float(get_activation("sigmoid").f(-1000.0)) == 0.0


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
    np.testing.assert_allclose(get_activation("leaky_relu", alpha=0.0).f(x), get_activation("relu").f(x))


def test_stated_minima_of_the_non_monotonic_functions():
    x = np.linspace(-3, 0, 3_000_001)
    for name in ("swish", "gelu", "gelu_tanh"):
        act = get_activation(name)
        assert act.f(x).min() == pytest.approx(act.output_range[0], abs=1e-12), name
    assert get_activation("swish", beta=2.0).output_range[0] == pytest.approx(
        get_activation("swish", beta=2.0).f(x).min(), abs=1e-12
    )


def test_parameters_are_recorded():
    assert get_activation("leaky_relu").params == {"alpha": 0.01}
    assert get_activation("scaled_sigmoid", slope=0.5).params == {"scale": 3.0, "slope": 0.5}
    assert get_activation("leaky_relu", alpha=0.2).limit_df_at_minus_inf == 0.2
    assert get_activation("relu").params == {} and get_activation("saturated_linear").params == {}
    assert get_activation("capped_relu", beta=3.0).kinks == (0.0, 3.0)
    assert get_activation("elu").kinks == () and get_activation("elu", alpha=0.5).kinks == (0.0,)


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="known names: relu, leaky_relu"):
        get_activation("rellu")


def test_softmax_is_not_in_the_elementwise_registry():
    with pytest.raises(ValueError, match="unknown activation 'softmax'"):
        get_activation("softmax")


def test_unknown_parameter_is_refused():
    with pytest.raises(TypeError):
        get_activation("relu", alpha=0.1)
    with pytest.raises(TypeError):
        get_activation("elu", beta=1.0)


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
    np.testing.assert_allclose(softmax(np.log([1.0, 2.0, 5.0])), [0.125, 0.25, 0.625])  # known values


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


def test_softmax_jacobian_known_values():
    jac = softmax_jacobian(np.zeros(2))  # s = (1/2, 1/2): s_i (δ_ij - s_j)
    np.testing.assert_allclose(jac, [[0.25, -0.25], [-0.25, 0.25]])


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

"""One registry of activation functions: value, derivative, formula, domain, range, and a TensorFlow twin.

Defined and explained in chapter ``04_activation_functions``; used by chapter ``05_loss_and_backpropagation``
and by the NumPy autoencoder chapters, which plug any of these into one forward/backward pass.

``get_activation(name, **params)`` returns an :class:`Activation` whose ``f(x)`` and ``df(x)`` work
elementwise on NumPy arrays.  ``df`` is the derivative with respect to the *pre-activation* ``x``
(not the output), so backpropagation multiplies by ``act.df(pre_activation)``.  Both are written
to stay finite and warning-free in float64 for any finite input (stable sigmoid and softplus,
``hypot`` instead of ``1 + x**2``), which the unit tests check up to ``|x| = 1e3`` and beyond.

``softmax`` is not elementwise (each output depends on every input), so it lives outside the
registry as :func:`softmax` and :func:`softmax_jacobian`.

Where a function is not differentiable (its ``kinks``: ReLU and leaky ReLU at 0, the capped ReLU
at 0 and beta, ...) ``df`` returns the value of the left-hand piece, the same convention as
TensorFlow's gradients (ReLU'(0) = 0, leaky ReLU'(0) = alpha).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

import numpy as np
from scipy.special import erf  # scipy ships with scikit-image, a pinned dependency

from ._validate import as_array

__all__ = ["Activation", "ACTIVATION_NAMES", "get_activation", "softmax", "softmax_jacobian"]

INF = math.inf
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_GELU_TANH_C = 0.044715


@dataclass(frozen=True)
class Activation:
    """An elementwise activation function with its derivative and its facts.

    Attributes
    ----------
    name : registry key, e.g. ``"leaky_relu"``.
    label : a readable title for plots, with the parameters, e.g. ``"leaky ReLU (α=0.01)"``.
    f, df : NumPy callables, elementwise; ``df`` is d f / d x at the pre-activation ``x``.
    latex, dlatex : the formulas of f and f' (LaTeX, variable ``x``).
    domain : where f is defined (every registered function is defined on all real numbers).
    output_range : ``(low, high)`` bounds of f over the reals (``±math.inf`` when unbounded).
    range_closed : whether ``low`` and ``high`` are attained (``(True, False)`` for ReLU's [0, ∞)).
    limit_df_at_inf : the exact value of lim f'(x) as x → +∞, or ``None`` when it does not exist (sine).
    limit_df_at_minus_inf : the same as x → −∞ (``None`` when it does not exist).
    kinks : points where f is not differentiable (finite-difference checks must avoid them).
    params : the parameters used (read-only mapping).
    tf : the same function written with TensorFlow ops, for autodiff checks (takes and returns a tensor).
    reference : a ``references.bib`` key for the function, or ``None``.
    """

    name: str
    label: str
    f: Callable[[np.ndarray], np.ndarray] = field(repr=False)
    df: Callable[[np.ndarray], np.ndarray] = field(repr=False)
    latex: str = field(repr=False)
    dlatex: str = field(repr=False)
    domain: str
    output_range: tuple[float, float]
    range_closed: tuple[bool, bool]
    limit_df_at_inf: float | None
    limit_df_at_minus_inf: float | None
    kinks: tuple[float, ...] = ()
    params: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    tf: Callable | None = field(default=None, repr=False)
    reference: str | None = None

    def __call__(self, x):
        """Same as ``self.f(x)``."""
        return self.f(x)

    def range_text(self) -> str:
        """The output range in interval notation, e.g. ``"[0, ∞)"``."""
        low, high = self.output_range
        left = "[" if self.range_closed[0] else "("
        right = "]" if self.range_closed[1] else ")"
        return f"{left}{_number_text(low)}, {_number_text(high)}{right}"


def _number_text(value: float) -> str:
    if value == INF:
        return "∞"
    if value == -INF:
        return "−∞"
    return f"{value:.4g}".replace("-", "−")


def _as_float(x) -> np.ndarray:
    """Read ``x`` as a floating array (ints become float64); refuse strings, objects, None."""
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"activation input must be numbers, got {type(x).__name__}.")
    array = np.asarray(x)
    if array.dtype.kind in "iub":
        return array.astype(np.float64)
    if array.dtype.kind != "f":
        raise TypeError(f"activation input must be real numbers, got dtype {array.dtype}.")
    return array


def _elementwise(function):
    def wrapped(x):
        return function(_as_float(x))

    wrapped.__name__ = getattr(function, "__name__", "activation")
    wrapped.__doc__ = function.__doc__
    return wrapped


# --- numerically stable building blocks ----------------------------------------------------------

def _sigmoid(x):
    # exp of a non-positive number never overflows; both branches are exact rewrites of 1/(1+e^-x).
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softplus(x):
    # log(1 + e^x) = max(x, 0) + log(1 + e^-|x|)
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _std_normal_cdf(x):
    return 0.5 * (1.0 + erf(x / math.sqrt(2.0)))


def _std_normal_pdf(x):
    return np.exp(-0.5 * np.square(np.minimum(np.abs(x), 1e150))) / math.sqrt(2.0 * math.pi)


def _inv_hypot1(x, a=1.0):
    """1 / sqrt(1 + a x^2) without overflow for huge |x|."""
    return 1.0 / np.hypot(1.0, math.sqrt(a) * x)


def _tf():
    import tensorflow as tf  # imported only when a TensorFlow form is used

    return tf


# --- parameter checks -------------------------------------------------------------------------------

def _number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"parameter {name} must be a number, got {type(value).__name__}.")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"parameter {name} must be finite, got {value}.")
    return value


def _positive(name, value):
    value = _number(name, value)
    if value <= 0:
        raise ValueError(f"parameter {name} must be greater than zero, got {value}.")
    return value


def _leak(name, value):
    value = _number(name, value)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"parameter {name} (the slope for x < 0) must be in [0, 1), got {value}.")
    return value


# --- the registry -----------------------------------------------------------------------------------
# Each builder takes validated parameters and returns the keyword arguments of Activation.

def _identity():
    return dict(
        label="identity",
        f=lambda x: x.copy(),
        df=lambda x: np.ones_like(x),
        latex=r"f(x) = x",
        dlatex=r"f'(x) = 1",
        output_range=(-INF, INF), range_closed=(False, False),
        limit_df_at_inf=1.0, limit_df_at_minus_inf=1.0,
        tf=lambda x: _tf().identity(x),
    )


def _relu():
    return dict(
        label="ReLU",
        f=lambda x: np.maximum(x, 0.0),
        df=lambda x: (x > 0).astype(x.dtype),
        latex=r"f(x) = \max(0, x)",
        dlatex=r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
        output_range=(0.0, INF), range_closed=(True, False),
        limit_df_at_inf=1.0, limit_df_at_minus_inf=0.0,
        kinks=(0.0,),
        tf=lambda x: _tf().nn.relu(x),
        reference="nair2010",
    )


def _leaky_relu(alpha=0.01):
    alpha = _leak("alpha", alpha)
    return dict(
        label=f"leaky ReLU (α={alpha:g})",
        f=lambda x: np.where(x > 0, x, alpha * x),
        df=lambda x: np.where(x > 0, 1.0, alpha).astype(x.dtype),
        latex=r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        dlatex=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x < 0 \end{cases}",
        output_range=(-INF if alpha > 0 else 0.0, INF), range_closed=(alpha == 0, False),
        limit_df_at_inf=1.0, limit_df_at_minus_inf=alpha,
        kinks=(0.0,),
        tf=lambda x: _tf().nn.leaky_relu(x, alpha=alpha),
        reference="maas2013",
    )


def _elu(alpha=1.0):
    alpha = _positive("alpha", alpha)

    def tf_elu(x):
        tf = _tf()
        return tf.where(x > 0, x, alpha * tf.math.expm1(tf.minimum(x, 0.0)))

    return dict(
        label=f"ELU (α={alpha:g})",
        f=lambda x: np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0))),
        df=lambda x: np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0))).astype(x.dtype),
        latex=r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        dlatex=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}",
        output_range=(-alpha, INF), range_closed=(False, False),
        limit_df_at_inf=1.0, limit_df_at_minus_inf=0.0,
        kinks=() if alpha == 1.0 else (0.0,),
        tf=tf_elu,
        reference="clevert2016",
    )


# min over u of u*sigmoid(u) (at u = -1.27846...), and of x*Phi(x) (at x = -0.75179...);
# the unit tests recompute both on a fine grid.
_SWISH_MIN = -0.2784645427610738
_GELU_MIN = -0.1699712074799037
_GELU_TANH_MIN = -0.17004075057125406


def _swish(beta=1.0):
    beta = _positive("beta", beta)

    def f(x):
        return x * _sigmoid(beta * x)

    def df(x):
        s = _sigmoid(beta * x)
        return s + beta * x * s * (1.0 - s)

    return dict(
        label="swish" if beta == 1.0 else f"swish (β={beta:g})",
        f=f, df=df,
        latex=r"f(x) = x\,\sigma(\beta x) = \frac{x}{1 + e^{-\beta x}}",
        dlatex=r"f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\,\bigl(1 - \sigma(\beta x)\bigr)",
        output_range=(_SWISH_MIN / beta, INF), range_closed=(True, False),
        limit_df_at_inf=1.0, limit_df_at_minus_inf=0.0,
        tf=lambda x: x * _tf().math.sigmoid(beta * x),
        reference="ramachandran2017",
    )


def _gelu():
    return dict(
        label="GELU (exact)",
        f=lambda x: x * _std_normal_cdf(x),
        df=lambda x: _std_normal_cdf(x) + x * _std_normal_pdf(x),
        latex=r"f(x) = x\,\Phi(x) = \tfrac{x}{2}\bigl(1 + \operatorname{erf}(x/\sqrt{2})\bigr)",
        dlatex=r"f'(x) = \Phi(x) + x\,\varphi(x), \quad \varphi(x) = e^{-x^2/2}/\sqrt{2\pi}",
        output_range=(_GELU_MIN, INF), range_closed=(True, False),
        limit_df_at_inf=1.0, limit_df_at_minus_inf=0.0,
        tf=lambda x: 0.5 * x * (1.0 + _tf().math.erf(x / math.sqrt(2.0))),
        reference="hendrycks2016",
    )


def _gelu_tanh():
    def inner(x):
        # tanh is exactly ±1 long before |x| = 1e6; clipping keeps x**3 from overflowing.
        x = np.clip(x, -1e6, 1e6)
        return _SQRT_2_OVER_PI * (x + _GELU_TANH_C * x**3)

    def f(x):
        return 0.5 * x * (1.0 + np.tanh(inner(x)))

    def df(x):
        t = np.tanh(inner(x))
        # (1 - t^2) is exactly 0 once tanh saturates (|x| > ~10), so the clipped x changes nothing.
        xc = np.clip(x, -1e6, 1e6)
        return 0.5 * (1.0 + t) + 0.5 * xc * (1.0 - t * t) * _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_TANH_C * xc * xc)

    def tf_form(x):
        tf = _tf()
        return 0.5 * x * (1.0 + tf.math.tanh(_SQRT_2_OVER_PI * (x + _GELU_TANH_C * x**3)))

    return dict(
        label="GELU (tanh approximation)",
        f=f, df=df,
        latex=r"f(x) = \tfrac{x}{2}\Bigl(1 + \tanh\bigl(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\bigr)\Bigr)",
        dlatex=(r"f'(x) = \tfrac12(1 + t) + \tfrac{x}{2}(1 - t^2)\sqrt{2/\pi}\,(1 + 3\cdot 0.044715\,x^2),"
                r"\quad t = \tanh\bigl(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\bigr)"),
        # its minimum differs from exact GELU's only in the 4th decimal (at x = -0.75246...).
        output_range=(_GELU_TANH_MIN, INF), range_closed=(True, False),
        limit_df_at_inf=1.0, limit_df_at_minus_inf=0.0,
        tf=tf_form,
        reference="hendrycks2016",
    )


def _softplus_act():
    return dict(
        label="softplus",
        f=_softplus,
        df=_sigmoid,
        latex=r"f(x) = \log(1 + e^{x})",
        dlatex=r"f'(x) = \sigma(x) = \frac{1}{1 + e^{-x}}",
        output_range=(0.0, INF), range_closed=(False, False),
        limit_df_at_inf=1.0, limit_df_at_minus_inf=0.0,
        tf=lambda x: _tf().math.softplus(x),
    )


def _sigmoid_act():
    def df(x):
        s = _sigmoid(x)
        return s * (1.0 - s)

    return dict(
        label="sigmoid",
        f=_sigmoid, df=df,
        latex=r"f(x) = \sigma(x) = \frac{1}{1 + e^{-x}}",
        dlatex=r"f'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        output_range=(0.0, 1.0), range_closed=(False, False),
        limit_df_at_inf=0.0, limit_df_at_minus_inf=0.0,
        tf=lambda x: _tf().math.sigmoid(x),
    )


def _scaled_sigmoid(scale=3.0, slope=0.1):
    scale = _positive("scale", scale)
    slope = _positive("slope", slope)

    def df(x):
        s = _sigmoid(slope * x)
        return scale * slope * s * (1.0 - s)

    return dict(
        label=f"scaled sigmoid ({scale:g}·σ({slope:g}x))",
        f=lambda x: scale * _sigmoid(slope * x), df=df,
        latex=r"f(x) = c\,\sigma(k x), \quad c = \text{scale},\; k = \text{slope}",
        dlatex=r"f'(x) = c\,k\,\sigma(k x)\,\bigl(1 - \sigma(k x)\bigr)",
        output_range=(0.0, scale), range_closed=(False, False),
        limit_df_at_inf=0.0, limit_df_at_minus_inf=0.0,
        tf=lambda x: scale * _tf().math.sigmoid(slope * x),
    )


def _tanh():
    def df(x):
        t = np.tanh(x)
        return 1.0 - t * t

    return dict(
        label="tanh",
        f=np.tanh, df=df,
        latex=r"f(x) = \tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        dlatex=r"f'(x) = 1 - \tanh^2 x",
        output_range=(-1.0, 1.0), range_closed=(False, False),
        limit_df_at_inf=0.0, limit_df_at_minus_inf=0.0,
        tf=lambda x: _tf().math.tanh(x),
    )


def _sine():
    return dict(
        label="sine",
        f=np.sin, df=np.cos,
        latex=r"f(x) = \sin x",
        dlatex=r"f'(x) = \cos x",
        output_range=(-1.0, 1.0), range_closed=(True, True),
        limit_df_at_inf=None, limit_df_at_minus_inf=None,  # cos x keeps oscillating
        tf=lambda x: _tf().math.sin(x),
    )


def _capped_relu(beta=6.0):
    beta = _positive("beta", beta)

    def tf_form(x):
        tf = _tf()
        return tf.minimum(tf.nn.relu(x), beta)

    return dict(
        label=f"capped ReLU (β={beta:g})",
        f=lambda x: np.clip(x, 0.0, beta),
        df=lambda x: ((x > 0) & (x <= beta)).astype(x.dtype),
        latex=r"f(x) = \min\bigl(\max(0, x), \beta\bigr)",
        dlatex=r"f'(x) = \begin{cases} 1 & 0 < x < \beta \\ 0 & x < 0 \text{ or } x > \beta \end{cases}",
        output_range=(0.0, beta), range_closed=(True, True),
        limit_df_at_inf=0.0, limit_df_at_minus_inf=0.0,
        kinks=(0.0, beta),
        tf=tf_form,
    )


def _saturated_linear():
    def tf_form(x):
        tf = _tf()
        return tf.minimum(tf.nn.relu(x), 1.0)

    return dict(
        label="saturated linear",
        f=lambda x: np.clip(x, 0.0, 1.0),
        df=lambda x: ((x > 0) & (x <= 1)).astype(x.dtype),
        latex=r"f(x) = \begin{cases} 0 & x < 0 \\ x & 0 \le x \le 1 \\ 1 & x > 1 \end{cases}",
        dlatex=r"f'(x) = \begin{cases} 1 & 0 < x < 1 \\ 0 & x < 0 \text{ or } x > 1 \end{cases}",
        output_range=(0.0, 1.0), range_closed=(True, True),
        limit_df_at_inf=0.0, limit_df_at_minus_inf=0.0,
        kinks=(0.0, 1.0),
        tf=tf_form,
    )


def _isru(a=1.0):
    a = _positive("a", a)

    def tf_form(x):
        tf = _tf()
        return x * tf.math.rsqrt(1.0 + a * x * x)

    return dict(
        label="ISRU" if a == 1.0 else f"ISRU (a={a:g})",
        f=lambda x: x * _inv_hypot1(x, a),
        df=lambda x: _inv_hypot1(x, a) ** 3,
        latex=r"f(x) = \frac{x}{\sqrt{1 + a x^2}}",
        dlatex=r"f'(x) = \bigl(1 + a x^2\bigr)^{-3/2}",
        output_range=(-1.0 / math.sqrt(a), 1.0 / math.sqrt(a)), range_closed=(False, False),
        limit_df_at_inf=0.0, limit_df_at_minus_inf=0.0,
        tf=tf_form,
        reference="carlile2017",
    )


def _arctan():
    return dict(
        label="arctangent (2/π·arctan)",
        f=lambda x: (2.0 / math.pi) * np.arctan(x),
        df=lambda x: (2.0 / math.pi) * _inv_hypot1(x) ** 2,
        latex=r"f(x) = \tfrac{2}{\pi}\arctan x",
        dlatex=r"f'(x) = \frac{2}{\pi}\,\frac{1}{1 + x^2}",
        output_range=(-1.0, 1.0), range_closed=(False, False),
        limit_df_at_inf=0.0, limit_df_at_minus_inf=0.0,
        tf=lambda x: (2.0 / math.pi) * _tf().math.atan(x),
    )


def _asinh():
    return dict(
        label="inverse hyperbolic sine",
        f=np.arcsinh,
        df=lambda x: _inv_hypot1(x),
        latex=r"f(x) = \operatorname{arsinh} x = \log\bigl(x + \sqrt{x^2 + 1}\bigr)",
        dlatex=r"f'(x) = \frac{1}{\sqrt{1 + x^2}}",
        output_range=(-INF, INF), range_closed=(False, False),
        limit_df_at_inf=0.0, limit_df_at_minus_inf=0.0,
        tf=lambda x: _tf().math.asinh(x),
    )


def _elliot():
    def df(x):
        r = 1.0 / (1.0 + np.abs(x))
        return r * r

    return dict(
        label="Elliot (softsign)",
        f=lambda x: x / (1.0 + np.abs(x)), df=df,
        latex=r"f(x) = \frac{x}{1 + |x|}",
        dlatex=r"f'(x) = \frac{1}{(1 + |x|)^2}",
        output_range=(-1.0, 1.0), range_closed=(False, False),
        limit_df_at_inf=0.0, limit_df_at_minus_inf=0.0,
        tf=lambda x: x / (1.0 + _tf().math.abs(x)),
        reference="elliott1993",
    )


def _log():
    def tf_form(x):
        tf = _tf()
        # sign(x) * log1p(|x|) would give TensorFlow's gradient 0 at x = 0 (the true value is 1);
        # the maxima keep the unused branch finite and route the gradient at 0 to the first branch.
        return tf.where(x >= 0, tf.math.log1p(tf.maximum(x, 0.0)), -tf.math.log1p(tf.maximum(-x, 0.0)))

    return dict(
        label="symmetric logarithm",
        f=lambda x: np.sign(x) * np.log1p(np.abs(x)),
        df=lambda x: 1.0 / (1.0 + np.abs(x)),
        latex=r"f(x) = \operatorname{sign}(x)\,\log(1 + |x|)",
        dlatex=r"f'(x) = \frac{1}{1 + |x|}",
        output_range=(-INF, INF), range_closed=(False, False),
        limit_df_at_inf=0.0, limit_df_at_minus_inf=0.0,
        tf=tf_form,
    )


_BUILDERS: dict[str, Callable[..., dict]] = {
    "identity": _identity,
    "relu": _relu,
    "leaky_relu": _leaky_relu,
    "elu": _elu,
    "swish": _swish,
    "gelu": _gelu,
    "gelu_tanh": _gelu_tanh,
    "softplus": _softplus_act,
    "sigmoid": _sigmoid_act,
    "scaled_sigmoid": _scaled_sigmoid,
    "tanh": _tanh,
    "sine": _sine,
    "capped_relu": _capped_relu,
    "saturated_linear": _saturated_linear,
    "isru": _isru,
    "arctan": _arctan,
    "asinh": _asinh,
    "elliot": _elliot,
    "log": _log,
}

#: Names accepted by :func:`get_activation`, in the order chapter 04 presents them.
ACTIVATION_NAMES: tuple[str, ...] = tuple(_BUILDERS)


def _parameter_names(builder) -> tuple[str, ...]:
    code = builder.__code__
    return code.co_varnames[: code.co_argcount]


def _default_params(builder) -> dict[str, float]:
    names = _parameter_names(builder)
    defaults = builder.__defaults__ or ()
    return dict(zip(names[len(names) - len(defaults):], defaults))


def get_activation(name: str, **params) -> Activation:
    """Return the activation called ``name`` with optional parameters (chapter 04 lists them all).

    Parameters: ``leaky_relu(alpha=0.01)`` with 0 ≤ alpha < 1; ``elu(alpha=1.0)``;
    ``swish(beta=1.0)``; ``scaled_sigmoid(scale=3.0, slope=0.1)`` (the source's "regulated sigmoid"
    3·σ(0.1 x)); ``capped_relu(beta=6.0)``; ``isru(a=1.0)``; all must be finite and greater than zero.
    The other names take no parameters.

    Raises ``TypeError`` when ``name`` is not a string or a parameter is not a number, and
    ``ValueError`` for an unknown name (the message lists the known ones), an unknown parameter,
    or a parameter out of range.  Used by chapters 04, 05 and the NumPy autoencoder chapters.
    """
    if not isinstance(name, str):
        raise TypeError(f"activation name must be a string, got {type(name).__name__}.")
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key == "softmax":
        raise ValueError(
            "softmax is not elementwise (each output depends on all inputs); "
            "use autoencoder_course.activations.softmax and softmax_jacobian."
        )
    if key not in _BUILDERS:
        raise ValueError(f"unknown activation {name!r}; known names: {', '.join(ACTIVATION_NAMES)}.")
    builder = _BUILDERS[key]
    allowed = _parameter_names(builder)
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        takes = f"takes parameters {', '.join(allowed)}" if allowed else "takes no parameters"
        raise ValueError(f"activation {key!r} {takes}; got unexpected {', '.join(unknown)}.")
    spec = builder(**params)
    used = _default_params(builder)
    used.update({k: float(v) for k, v in params.items()})
    spec["f"] = _elementwise(spec["f"])
    spec["df"] = _elementwise(spec["df"])
    return Activation(name=key, domain="all real numbers", params=MappingProxyType(used), **spec)


def _as_vectors(x, name: str) -> np.ndarray:
    array = as_array(x, name, min_ndim=1)
    return array.astype(np.float64) if array.dtype.kind != "f" else array


def softmax(x, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``: ``exp(x_i) / sum_j exp(x_j)``; every slice along ``axis`` sums to 1.

    Stable for large inputs (the maximum is subtracted first).  Takes an array with at least one
    dimension; raises ``TypeError``/``ValueError`` for non-numeric, empty or non-finite input or a
    bad ``axis``.  Used by chapter 04 (why softmax is a poor reconstruction output).
    """
    array = _as_vectors(x, "x")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an integer, got {type(axis).__name__}.")
    if not -array.ndim <= axis < array.ndim:
        raise ValueError(f"axis {axis} is out of range for an array with {array.ndim} dimensions.")
    shifted = array - np.max(array, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(x) -> np.ndarray:
    """The Jacobian of softmax over the last axis: ``J[i, j] = d s_i / d x_j = s_i (δ_ij − s_j)``.

    Takes a vector ``(n,)`` and returns ``(n, n)``, or a batch ``(..., n)`` and returns
    ``(..., n, n)``.  Each row of J sums to 0 because the outputs always sum to 1.
    Used by chapter 04.
    """
    s = softmax(x, axis=-1)
    eye = np.eye(s.shape[-1], dtype=s.dtype)
    return s[..., :, None] * eye - s[..., :, None] * s[..., None, :]

r"""The small sigmoid autoencoder of chapter ``05_loss_and_backpropagation``, with gradients derived by hand.

The chapter derives every gradient on paper and shows this module's source with ``inspect.getsource``;
the chapter and ``tests/unit/test_backprop.py`` check the result against TensorFlow's autodiff.

Notation (one convention throughout, the same as the chapter):

* data ``X`` has shape ``(M, n)``: one example per **row**, ``x_{il}`` is feature ``l`` of example ``i``;
* encoder: ``A = X W_e^T + b_e``  (``W_e`` is ``(h, n)``, entry ``w_{kl}`` joins input ``l`` to hidden ``k``),
  code ``Z = σ(A)``;
* decoder: ``A' = Z W_d^T + b_d``  (``W_d`` is ``(n, h)``, entry ``w'_{jk}`` joins hidden ``k`` to output ``j``),
  reconstruction ``X̂ = σ(A')``;
* loss, averaged over all ``M·n`` entries (what ``keras.losses.MeanSquaredError`` and
  ``BinaryCrossentropy`` compute):

  - ``"mse"``: :math:`L = \frac{1}{Mn}\sum_{i,j} (\hat x_{ij} - x_{ij})^2`
  - ``"bce"``: :math:`L = -\frac{1}{Mn}\sum_{i,j} \bigl[x_{ij}\log\hat x_{ij} + (1 - x_{ij})\log(1 - \hat x_{ij})\bigr]`

For the 3-2-3 network of the chapter ``n = 3`` and ``h = 2``, but every function here works for any
``n`` and ``h``.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_array, check_count, check_rng
from .activations import get_activation

__all__ = [
    "PARAMETER_NAMES",
    "init_params",
    "forward",
    "reconstruction_loss",
    "gradients",
    "draw_network",
]

SIGMOID = get_activation("sigmoid")
PARAMETER_NAMES = ("W_e", "b_e", "W_d", "b_d")
LOSSES = ("mse", "bce")


def init_params(n_inputs: int = 3, n_hidden: int = 2, *, rng, scale: float = 0.5) -> dict[str, np.ndarray]:
    """Random weights ``N(0, scale²)`` and zero biases for an ``n_inputs``-``n_hidden``-``n_inputs`` network.

    Returns a dict with ``W_e (h, n)``, ``b_e (h,)``, ``W_d (n, h)``, ``b_d (n,)`` in float64.
    Requires a seeded ``numpy.random.Generator``.  Used by chapter 05.
    """
    n = check_count(n_inputs, "n_inputs")
    h = check_count(n_hidden, "n_hidden")
    rng = check_rng(rng)
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not np.isfinite(scale) or scale <= 0:
        raise ValueError(f"scale must be a finite number greater than zero, got {scale!r}.")
    return {
        "W_e": scale * rng.standard_normal((h, n)),
        "b_e": np.zeros(h),
        "W_d": scale * rng.standard_normal((n, h)),
        "b_d": np.zeros(n),
    }


def _check_params(params) -> tuple[int, int]:
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict with keys {PARAMETER_NAMES}, got {type(params).__name__}.")
    missing = [k for k in PARAMETER_NAMES if k not in params]
    if missing:
        raise ValueError(f"params is missing {', '.join(missing)}; it needs {', '.join(PARAMETER_NAMES)}.")
    W_e = as_array(params["W_e"], "W_e", ndim=2)
    h, n = W_e.shape
    expected = {"b_e": (h,), "W_d": (n, h), "b_d": (n,)}
    for key, shape in expected.items():
        got = as_array(params[key], key).shape
        if got != shape:
            raise ValueError(f"{key} must have shape {shape} to match W_e {W_e.shape}, got {got}.")
    return n, h


def _check_data(X, n: int) -> np.ndarray:
    X = as_array(X, "X", ndim=2).astype(np.float64)
    if X.shape[1] != n:
        raise ValueError(f"X must have {n} columns (one per input), got shape {X.shape}.")
    return X


def forward(params, X) -> dict[str, np.ndarray]:
    """Forward pass: returns the pre-activations and activations ``A, Z, A_dec, X_hat`` (one row per example).

    ``params`` as from :func:`init_params`; ``X`` of shape ``(M, n)``.  Raises ``ValueError`` on
    mismatched shapes or NaN.  Used by chapter 05.
    """
    n, _h = _check_params(params)
    X = _check_data(X, n)
    A = X @ params["W_e"].T + params["b_e"]
    Z = SIGMOID.f(A)
    A_dec = Z @ params["W_d"].T + params["b_d"]
    X_hat = SIGMOID.f(A_dec)
    return {"A": A, "Z": Z, "A_dec": A_dec, "X_hat": X_hat}


def _check_loss(loss: str) -> str:
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(LOSSES)}, got {loss!r}.")
    return loss


def reconstruction_loss(X, X_hat, loss: str = "mse") -> float:
    """Mean over all entries of the squared error (``"mse"``) or binary cross-entropy (``"bce"``).

    ``X`` and ``X_hat`` must have the same shape; for ``"bce"`` both must lie in [0, 1]
    (``X_hat`` is clipped to [1e-12, 1 - 1e-12] so that the logarithms stay finite).  Used by chapter 05.
    """
    loss = _check_loss(loss)
    X = as_array(X, "X").astype(np.float64)
    X_hat = as_array(X_hat, "X_hat").astype(np.float64)
    if X.shape != X_hat.shape:
        raise ValueError(f"X and X_hat must have the same shape, got {X.shape} and {X_hat.shape}.")
    if loss == "mse":
        return float(np.mean((X_hat - X) ** 2))
    for array, name in ((X, "X"), (X_hat, "X_hat")):
        if array.min() < 0 or array.max() > 1:
            raise ValueError(f"binary cross-entropy needs {name} in [0, 1], got [{array.min():.3g}, {array.max():.3g}].")
    P = np.clip(X_hat, 1e-12, 1 - 1e-12)
    return float(-np.mean(X * np.log(P) + (1 - X) * np.log1p(-P)))


def gradients(params, X, loss: str = "mse") -> dict[str, np.ndarray]:
    """Hand-derived gradients of :func:`reconstruction_loss` of the sigmoid autoencoder (matrix form).

    Returns ``{"W_e", "b_e", "W_d", "b_d"}``, each the same shape as its parameter.  The steps are
    the chapter's equations: output error ``D_dec`` (one row per example), then hidden error
    ``D_enc``, then each weight gradient as (error)ᵀ·(layer input) and each bias gradient as the
    column sum of the error.  Used by chapter 05; checked against ``tf.GradientTape``.
    """
    loss = _check_loss(loss)
    cache = forward(params, X)
    X = _check_data(X, params["W_e"].shape[1])
    M, n = X.shape
    Z, X_hat = cache["Z"], cache["X_hat"]
    if loss == "mse":
        # dL/dX_hat = 2 (X_hat - X) / (M n);  times σ'(A_dec) for the output sigmoid
        D_dec = 2.0 * (X_hat - X) / (M * n) * SIGMOID.df(cache["A_dec"])
    else:
        # dL/dX_hat = (X_hat - X) / (X_hat (1 - X_hat) M n), and σ'(A_dec) = X_hat (1 - X_hat): they cancel
        D_dec = (X_hat - X) / (M * n)
    D_enc = (D_dec @ params["W_d"]) * SIGMOID.df(cache["A"])
    return {
        "W_e": D_enc.T @ X,
        "b_e": D_enc.sum(axis=0),
        "W_d": D_dec.T @ Z,
        "b_d": D_dec.sum(axis=0),
    }


def draw_network(params, *, ax=None, title="3-2-3 autoencoder and its weights"):
    """Draw the network: inputs x_l, hidden z_k, outputs x̂_j, every edge labelled with its weight.

    Edge labels follow the chapter's indexing: ``w_{kl} = W_e[k, l]`` (input ``l`` → hidden ``k``)
    and ``w'_{jk} = W_d[j, k]`` (hidden ``k`` → output ``j``); biases are written under each node.
    Edge width grows with ``|w|``; blue is positive, red negative.  Returns the Figure.
    Used by chapter 05.
    """
    import matplotlib.pyplot as plt

    n, h = _check_params(params)
    W_e, W_d = np.asarray(params["W_e"], float), np.asarray(params["W_d"], float)
    b_e, b_d = np.asarray(params["b_e"], float), np.asarray(params["b_d"], float)
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 1.4 + 1.3 * n))
    else:
        fig = ax.figure

    def column(count, x):
        ys = np.linspace(count - 1, 0, count) - (count - 1) / 2
        return [(x, y) for y in ys]

    inputs, hidden, outputs = column(n, 0.0), column(h, 1.0), column(n, 2.0)
    biggest = max(np.abs(W_e).max(), np.abs(W_d).max(), 1e-12)

    def edge(start, end, weight, label, frac):
        color = "tab:blue" if weight >= 0 else "tab:red"
        ax.plot([start[0], end[0]], [start[1], end[1]], color=color, lw=0.5 + 3.0 * abs(weight) / biggest,
                alpha=0.7, zorder=1)
        px, py = start[0] + frac * (end[0] - start[0]), start[1] + frac * (end[1] - start[1])
        ax.text(px, py, f"${label}={weight:.2f}$", fontsize=8, ha="center", va="center", zorder=3,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))

    # Labels sit at different fractions along the edges so that crossing edges keep readable labels.
    for k, hk in enumerate(hidden):
        for l, xl in enumerate(inputs):
            edge(xl, hk, W_e[k, l], f"w_{{{k + 1}{l + 1}}}", 0.3 + 0.4 * l / max(n - 1, 1))
    for j, xj in enumerate(outputs):
        for k, hk in enumerate(hidden):
            edge(hk, xj, W_d[j, k], f"w'_{{{j + 1}{k + 1}}}", 0.3 + 0.4 * j / max(n - 1, 1))

    def nodes(points, names, biases, color):
        for (x, y), name, bias in zip(points, names, biases):
            ax.scatter([x], [y], s=900, color=color, edgecolor="black", zorder=4)
            ax.text(x, y, f"${name}$", ha="center", va="center", fontsize=11, zorder=5)
            if bias is not None:
                ax.text(x, y - 0.33, f"b={bias:.2f}", ha="center", va="top", fontsize=7, zorder=5)

    nodes(inputs, [f"x_{l + 1}" for l in range(n)], [None] * n, "#dbe9f6")
    nodes(hidden, [f"z_{k + 1}" for k in range(h)], b_e, "#d9f0d3")
    nodes(outputs, [f"\\hat{{x}}_{j + 1}" for j in range(n)], b_d, "#fde0c5")
    for x, name in ((0.0, "input"), (1.0, "hidden (code)"), (2.0, "output")):
        ax.text(x, (n - 1) / 2 + 0.55, name, ha="center", fontsize=9)
    ax.set_xlim(-0.35, 2.35)
    ax.set_ylim(-(n - 1) / 2 - 0.7, (n - 1) / 2 + 0.8)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return fig

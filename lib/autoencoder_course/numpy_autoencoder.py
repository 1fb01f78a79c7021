"""One fully connected autoencoder written in NumPy, with hand-derived gradients.

Used by chapter 6 (``chapters/06_numpy_autoencoder_ellipses.ipynb``, where the class is shown and
explained with ``inspect.getsource``), by the 3-D sphere homework and by the binary cross-entropy
miniproject.  The source lecture pasted a variant of this network five times; here it exists once,
with a pluggable activation per layer taken from :mod:`autoencoder_course.activations`.

Conventions (row vectors, as in ``x @ W``)::

    h_0 = x                          (n_samples, layer_sizes[0])
    a_l = h_{l-1} @ W_l + b_l        pre-activation of layer l
    h_l = f_l(a_l)                   activation of layer l;  x_hat = h_L

Losses are averaged over samples *and* coordinates (as Keras does):

* ``"mse"``: ``mean((x_hat - x) ** 2)``
* ``"bce"``: ``-mean(x log x_hat + (1 - x) log(1 - x_hat))``.  With a ``sigmoid`` output layer it is
  computed from the logits ``a_L`` (no ``log(0)``), and its gradient with respect to ``a_L``
  simplifies to ``(x_hat - x) / (n_samples * n_features)``.

Every derivative is taken at the **pre-activation** ``a_l`` (``f_l.df(a_l)``), never at the output
``h_l``: that was one of the source's mistakes.
"""

from __future__ import annotations

import warnings

import numpy as np

from ._validate import as_array, check_count, check_positive, check_rng

LOSSES = ("mse", "bce")
OPTIMIZERS = ("gd", "adam")


def _resolve_activation(spec):
    """Turn ``"name"``, ``("name", {params})`` or an activation object into an activation object."""
    if hasattr(spec, "f") and hasattr(spec, "df") and callable(spec.f) and callable(spec.df):
        return spec
    from .activations import get_activation  # the course's registry (chapter 3)

    if isinstance(spec, str):
        return get_activation(spec)
    if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], str) and isinstance(spec[1], dict):
        return get_activation(spec[0], **spec[1])
    raise TypeError(
        "Each activation must be a registry name such as 'relu', a pair such as ('leaky_relu', {'alpha': 0.01}), "
        f"or an activation object with .f and .df; got {spec!r}."
    )


def _activation_label(activation) -> str:
    return str(getattr(activation, "name", type(activation).__name__))


def _output_range(activation):
    """``(low, high)`` of an activation's values, or ``(-inf, inf)`` when the object does not say."""
    value = getattr(activation, "output_range", None)
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        return -np.inf, np.inf
    return low, high


def _is_plain_sigmoid(activation) -> bool:
    if _activation_label(activation) != "sigmoid":
        return False
    probe = np.array([-3.0, 0.0, 2.0])
    return bool(np.allclose(activation.f(probe), 1.0 / (1.0 + np.exp(-probe))))


def _log_sigmoid(a):
    """``log(sigmoid(a))`` without overflow: ``-softplus(-a)``."""
    return -(np.maximum(-a, 0.0) + np.log1p(np.exp(-np.abs(a))))


class NumpyAutoencoder:
    """A fully connected network ``layer_sizes[0] -> ... -> layer_sizes[-1]`` trained by gradient descent.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer, input first, e.g. ``(2, 2, 2)`` or ``(2, 16, 1, 16, 2)``; at least two entries.
    activations : str, tuple or sequence
        One activation per weight layer (``len(layer_sizes) - 1`` of them), each a registry name
        (``"relu"``), a ``(name, params)`` pair (``("scaled_sigmoid", {"scale": 3, "slope": 0.1})``)
        or an activation object with ``.f``/``.df``.  A single name or pair is used for every layer.
    rng : numpy.random.Generator
        Source of the initial weights (required, so every run is seeded).
    loss : ``"mse"`` or ``"bce"``
        BCE needs an output activation whose values lie in [0, 1] (for example ``"sigmoid"``).
    init_scale : ``"glorot"`` or float
        Standard deviation of the initial weights: ``sqrt(2 / (fan_in + fan_out))`` for ``"glorot"``,
        or the given number for every layer (the source used 0.01).
    output_bias : None or array-like
        Initial biases of the output layer (default zeros).  Setting them to the data mean keeps ReLU
        output units alive at the start (chapter 6, experiment d).
    code_layer : int or None
        Which layer ``encode`` returns (1 = first hidden layer); default the narrowest hidden layer.

    Attributes
    ----------
    weights, biases : lists of arrays, ``weights[l]`` of shape ``(layer_sizes[l], layer_sizes[l+1])``.
    history : 1-D array of the loss before each update of the last :meth:`fit` call.

    Raises ``TypeError``/``ValueError`` for bad sizes, unknown activations, a wrong rng, and (at
    :meth:`fit`) data of the wrong shape, with NaN, or outside [0, 1] for BCE.
    """

    def __init__(self, layer_sizes, activations, *, rng, loss="mse", init_scale="glorot", output_bias=None,
                 code_layer=None):
        if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__"):
            raise TypeError(f"layer_sizes must be a sequence of integers such as (2, 2, 2), got {layer_sizes!r}.")
        if len(layer_sizes) < 2:
            raise ValueError(f"layer_sizes needs at least an input and an output size, got {tuple(layer_sizes)}.")
        self.layer_sizes = tuple(check_count(n, "each layer size") for n in layer_sizes)
        n_layers = len(self.layer_sizes) - 1

        single = isinstance(activations, str) or (
            isinstance(activations, tuple) and len(activations) == 2 and isinstance(activations[1], dict)
        ) or hasattr(activations, "df")
        specs = [activations] * n_layers if single else list(activations)
        if len(specs) != n_layers:
            raise ValueError(
                f"{n_layers} weight layers need {n_layers} activations (one per layer after the input), "
                f"got {len(specs)}."
            )
        self.activations = [_resolve_activation(spec) for spec in specs]

        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}.")
        self.loss_name = loss
        output = self.activations[-1]
        self._bce_from_logits = loss == "bce" and _is_plain_sigmoid(output)
        if loss == "bce":
            low, high = _output_range(output)
            if low < 0.0 or high > 1.0:
                raise ValueError(
                    f"Binary cross-entropy needs outputs in [0, 1], but the output activation "
                    f"{_activation_label(output)!r} ranges over [{low}, {high}]; use 'sigmoid' for the last layer."
                )

        rng = check_rng(rng)
        self.weights, self.biases = [], []
        for fan_in, fan_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:]):
            if init_scale == "glorot":
                scale = np.sqrt(2.0 / (fan_in + fan_out))
            else:
                scale = check_positive(init_scale, "init_scale")
            self.weights.append(scale * rng.standard_normal((fan_in, fan_out)))
            self.biases.append(np.zeros(fan_out))
        if output_bias is not None:
            bias = as_array(output_bias, "output_bias", ndim=(0, 1)).astype(float)
            self.biases[-1] = np.broadcast_to(bias, (self.layer_sizes[-1],)).copy()

        hidden = range(1, n_layers)
        if code_layer is None:
            code_layer = min(hidden, key=lambda l: self.layer_sizes[l]) if n_layers > 1 else 1
        self.code_layer = check_count(code_layer, "code_layer")
        if self.code_layer > n_layers:
            raise ValueError(f"code_layer must be between 1 and {n_layers}, got {code_layer}.")
        self.history = np.array([])

    # ------------------------------------------------------------------ checks
    def _check_inputs(self, x, name="x", n_features=None):
        x = as_array(x, name, ndim=2).astype(float)
        expected = self.layer_sizes[0] if n_features is None else n_features
        if x.shape[1] != expected:
            raise ValueError(f"{name} must have {expected} columns (features), got shape {x.shape}.")
        return x

    def _check_target(self, x, target):
        target = x if target is None else self._check_inputs(target, "target", self.layer_sizes[-1])
        if target.shape[0] != x.shape[0]:
            raise ValueError(f"x has {x.shape[0]} rows but target has {target.shape[0]}; they must match.")
        if target.shape[1] != self.layer_sizes[-1]:
            raise ValueError(
                f"The output layer has {self.layer_sizes[-1]} units but the target has {target.shape[1]} columns."
            )
        if self.loss_name == "bce" and (target.min() < 0.0 or target.max() > 1.0):
            raise ValueError(
                f"Binary cross-entropy needs targets in [0, 1], got values in [{target.min():.3g}, {target.max():.3g}]; "
                "rescale the data (for example min-max to [0, 1]) or use loss='mse'."
            )
        return target

    # ------------------------------------------------------------------ forward
    def forward(self, x):
        """Return ``(pre_activations, activations)``: lists ``[a_1..a_L]`` and ``[h_0=x, h_1..h_L]``."""
        h = x
        pre_activations, outputs = [], [x]
        for W, b, activation in zip(self.weights, self.biases, self.activations):
            a = h @ W + b
            h = activation.f(a)
            pre_activations.append(a)
            outputs.append(h)
        return pre_activations, outputs

    def predict(self, x):
        """Reconstruction ``x_hat`` of ``x`` (shape ``(n, layer_sizes[-1])``)."""
        return self.forward(self._check_inputs(x))[1][-1]

    def encode(self, x):
        """The code: activations of layer ``code_layer`` for input ``x``."""
        h = self._check_inputs(x)
        for W, b, activation in zip(self.weights[: self.code_layer], self.biases, self.activations):
            h = activation.f(h @ W + b)
        return h

    def decode(self, code):
        """Run the layers after ``code_layer`` on a code array of shape ``(n, layer_sizes[code_layer])``."""
        h = self._check_inputs(code, "code", self.layer_sizes[self.code_layer])
        for l in range(self.code_layer, len(self.weights)):
            h = self.activations[l].f(h @ self.weights[l] + self.biases[l])
        return h

    # ------------------------------------------------------------------ loss and gradients
    def _loss_and_output_delta(self, a_out, x_hat, target):
        """Loss value and its gradient with respect to the output pre-activation ``a_L``."""
        count = target.size
        if self.loss_name == "mse":
            error = x_hat - target
            loss = float(np.mean(error**2))
            delta = (2.0 / count) * error * self.activations[-1].df(a_out)
        elif self._bce_from_logits:
            # BCE = mean(softplus(a) - x a) = -mean(x log σ(a) + (1-x) log σ(-a)); dBCE/da = (σ(a) - x) / count.
            loss = float(-np.mean(target * _log_sigmoid(a_out) + (1.0 - target) * _log_sigmoid(-a_out)))
            delta = (x_hat - target) / count
        else:
            eps = 1e-12
            p = np.clip(x_hat, eps, 1.0 - eps)
            loss = float(-np.mean(target * np.log(p) + (1.0 - target) * np.log(1.0 - p)))
            delta = ((p - target) / (p * (1.0 - p)) / count) * self.activations[-1].df(a_out)
        return loss, delta

    def loss(self, x, target=None):
        """The loss (``"mse"`` or ``"bce"``) of reconstructing ``target`` (default ``x``) from ``x``."""
        x = self._check_inputs(x)
        target = self._check_target(x, target)
        pre, outputs = self.forward(x)
        return self._loss_and_output_delta(pre[-1], outputs[-1], target)[0]

    def _gradients(self, x, target):
        pre, outputs = self.forward(x)
        loss, delta = self._loss_and_output_delta(pre[-1], outputs[-1], target)
        grad_w = [None] * len(self.weights)
        grad_b = [None] * len(self.weights)
        for l in range(len(self.weights) - 1, -1, -1):
            grad_w[l] = outputs[l].T @ delta  # dL/dW_l = h_{l-1}^T delta_l
            grad_b[l] = delta.sum(axis=0)
            if l > 0:  # delta_{l-1} = (delta_l W_l^T) * f'_{l-1}(a_{l-1}), derivative at the PRE-activation
                delta = (delta @ self.weights[l].T) * self.activations[l - 1].df(pre[l - 1])
        return loss, grad_w, grad_b

    def gradients(self, x, target=None):
        """Return ``(loss, grad_weights, grad_biases)``: analytic gradients of the loss for every layer."""
        x = self._check_inputs(x)
        return self._gradients(x, self._check_target(x, target))

    # ------------------------------------------------------------------ training
    def fit(self, x, target=None, *, epochs, learning_rate, optimizer="gd", betas=(0.9, 0.999)):
        """Train on the whole batch for ``epochs`` steps; return the loss history (also ``self.history``).

        ``target`` defaults to ``x`` (plain autoencoder); pass the clean data to train a denoiser on
        noisy inputs.  ``optimizer="gd"`` is plain full-batch gradient descent,
        ``W <- W - learning_rate * dL/dW``.  ``optimizer="adam"`` is **not** plain gradient descent:
        Adam (Kingma & Ba, 2015) rescales each parameter's step by running averages of its gradient
        and squared gradient.  Training stops early, with a warning, if the loss becomes NaN or infinite
        (the learning rate is too large).
        """
        x = self._check_inputs(x)
        target = self._check_target(x, target)
        epochs = check_count(epochs, "epochs")
        learning_rate = check_positive(learning_rate, "learning_rate")
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}.")
        if self.loss_name == "mse":
            low, high = _output_range(self.activations[-1])
            if target.min() < low or target.max() > high:
                warnings.warn(
                    f"The targets span [{target.min():.3g}, {target.max():.3g}] but the output activation "
                    f"{_activation_label(self.activations[-1])!r} can only produce values in [{low}, {high}]; "
                    "the reconstruction cannot reach them.",
                    stacklevel=2,
                )
        params = self.weights + self.biases
        if optimizer == "adam":
            beta1, beta2 = betas
            first = [np.zeros_like(p) for p in params]
            second = [np.zeros_like(p) for p in params]
        history = np.empty(epochs)
        for epoch in range(epochs):
            loss, grad_w, grad_b = self._gradients(x, target)
            history[epoch] = loss
            if not np.isfinite(loss):
                warnings.warn(
                    f"The loss became {loss} at epoch {epoch}: training stopped. Lower the learning rate.",
                    stacklevel=2,
                )
                history = history[: epoch + 1]
                break
            grads = grad_w + grad_b
            if optimizer == "gd":
                for p, g in zip(params, grads):
                    p -= learning_rate * g
            else:
                t = epoch + 1
                for p, g, m, v in zip(params, grads, first, second):
                    m *= beta1
                    m += (1 - beta1) * g
                    v *= beta2
                    v += (1 - beta2) * g * g
                    p -= learning_rate * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + 1e-8)
        self.history = history
        return history

    def __repr__(self):
        names = ", ".join(_activation_label(a) for a in self.activations)
        return f"NumpyAutoencoder(layer_sizes={self.layer_sizes}, activations=[{names}], loss={self.loss_name!r})"

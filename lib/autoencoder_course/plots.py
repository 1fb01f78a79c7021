"""Figures the lessons need but should not have to repeat: rows of digits and training curves.

Used by the Keras chapters (dense and convolutional denoising, VAE).  Each function returns the
matplotlib Figure; end the notebook line with ``;`` so it is drawn once.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._validate import as_array, check_count


def _as_images(array, name, image_shape):
    array = as_array(array, name, min_ndim=2)
    if array.ndim == 4 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim == 2:
        if image_shape is None:
            side = int(round(np.sqrt(array.shape[1])))
            if side * side != array.shape[1]:
                raise ValueError(f"{name}: cannot tell the image size of {array.shape[1]} pixels; pass image_shape.")
            image_shape = (side, side)
        array = array.reshape(array.shape[0], *image_shape)
    if array.ndim != 3:
        raise ValueError(f"{name} must be images (n, h, w), (n, h, w, 1) or flat (n, h*w), got {array.shape}.")
    return array


def show_image_rows(rows, *, n=10, image_shape=None, title=None, vmin=0.0, vmax=1.0):
    """Draw one labelled row per entry of ``rows`` (a dict ``label -> images``), first ``n`` images each.

    Typical use: ``{"original": clean, "noisy (σ=0.2)": noisy, "denoised": output}``.  Every row
    uses the same grey scale (``vmin``..``vmax``) so brightness is comparable between rows.
    """
    if not isinstance(rows, dict) or not rows:
        raise TypeError("rows must be a non-empty dict mapping a row label to an array of images.")
    n = check_count(n, "n")
    images = {str(label): _as_images(array, f"rows[{label!r}]", image_shape) for label, array in rows.items()}
    n = min([n] + [len(a) for a in images.values()])
    fig, axes = plt.subplots(len(images), n, figsize=(1.1 * n + 1.2, 1.2 * len(images) + 0.3), squeeze=False)
    for r, (label, array) in enumerate(images.items()):
        for c in range(n):
            ax = axes[r, c]
            ax.imshow(array[c], cmap="gray", vmin=vmin, vmax=vmax)
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_visible(False)
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center", fontsize=10)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_history(history, *, keys=None, title="Training curves", logy=False):
    """Plot the per-epoch values of a Keras ``History`` (or its ``.history`` dict).

    ``keys`` picks the curves (default: every key); pairs like ``loss``/``val_loss`` share a colour.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict) or not logs:
        raise TypeError("history must be a Keras History or a non-empty dict of per-epoch lists.")
    keys = list(logs) if keys is None else list(keys)
    unknown = [k for k in keys if k not in logs]
    if unknown:
        raise ValueError(f"Unknown history keys {unknown}; available: {sorted(logs)}.")
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    colours = {}
    for key in keys:
        base = key.removeprefix("val_")
        colour = colours.setdefault(base, f"C{len(colours)}")
        values = np.asarray(logs[key], dtype=float)
        ax.plot(
            np.arange(1, len(values) + 1),
            values,
            color=colour,
            linestyle="--" if key.startswith("val_") else "-",
            label=key,
        )
    ax.set_xlabel("epoch")
    ax.set_ylabel("value")
    if logy:
        ax.set_yscale("log")
    ax.set_title(title)
    ax.legend(frameon=False)
    fig.tight_layout()
    return fig

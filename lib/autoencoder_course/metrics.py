"""How good is a reconstruction?  PSNR, SSIM and the PCA baseline every denoiser must beat.

Used by the denoising chapters (dense and convolutional) and the benchmarks.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_array, check_count, check_unit_range


def _paired(clean, estimate):
    clean = as_array(clean, "clean", min_ndim=2).astype(np.float64)
    estimate = as_array(estimate, "estimate", min_ndim=2).astype(np.float64)
    if clean.shape != estimate.shape:
        raise ValueError(f"clean and estimate must have the same shape, got {clean.shape} and {estimate.shape}.")
    check_unit_range(clean, "clean")
    check_unit_range(estimate, "estimate")
    return clean.reshape(clean.shape[0], -1), estimate.reshape(estimate.shape[0], -1)


def psnr(clean, estimate, *, max_db: float = 60.0):
    """Mean peak signal-to-noise ratio in dB over a batch of images with pixels in [0, 1].

    PSNR = 10 log10(1 / MSE) is computed per image and then averaged (the usual convention in
    denoising papers).  A perfect image would be infinite; it is capped at ``max_db``.
    """
    clean, estimate = _paired(clean, estimate)
    mse = np.mean((clean - estimate) ** 2, axis=1)
    per_image = np.minimum(10.0 * np.log10(1.0 / np.maximum(mse, 1e-300)), max_db)
    return float(np.mean(per_image))


def ssim(clean, estimate):
    """Mean structural similarity (SSIM, scikit-image, 7x7 window) over a batch of 2-D images in [0, 1].

    Accepts ``(n, h, w)``, ``(n, h, w, 1)`` or flattened square images ``(n, h*h)``.
    """
    from skimage.metrics import structural_similarity

    clean_flat, estimate_flat = _paired(clean, estimate)
    side = int(round(np.sqrt(clean_flat.shape[1])))
    shape = np.shape(clean)
    height, width = (shape[1], shape[2]) if len(shape) >= 3 else (side, side)
    if height * width != clean_flat.shape[1]:
        raise ValueError(f"ssim needs images, got shape {shape}; pass (n, height, width) arrays.")
    a = clean_flat.reshape(-1, height, width)
    b = estimate_flat.reshape(-1, height, width)
    return float(np.mean([structural_similarity(x, y, data_range=1.0) for x, y in zip(a, b)]))


class PCABaseline:
    """The linear baseline: project images onto the top principal components of clean training data.

    ``PCABaseline(n_components).fit(clean_train).reconstruct(noisy_test)`` keeps the part of each
    image that lies in the principal subspace, which removes much of the noise.  A denoising
    autoencoder that cannot beat this is not worth its training time.
    """

    def __init__(self, n_components: int):
        self.n_components = check_count(n_components, "n_components")
        self.mean_ = None
        self.components_ = None

    def fit(self, images):
        """Learn the mean and the top principal directions (rows of ``components_``) of ``images``."""
        data = as_array(images, "images", min_ndim=2).astype(np.float64)
        data = data.reshape(data.shape[0], -1)
        if self.n_components > min(data.shape):
            raise ValueError(
                f"n_components={self.n_components} exceeds what {data.shape[0]} images of "
                f"{data.shape[1]} pixels allow ({min(data.shape)})."
            )
        self.mean_ = data.mean(axis=0)
        # The right singular vectors of the centred data are the principal directions.
        _, _, vt = np.linalg.svd(data - self.mean_, full_matrices=False)
        self.components_ = vt[: self.n_components]
        return self

    def reconstruct(self, images):
        """Project ``images`` onto the learned subspace and map back, clipped to [0, 1]; same shape out."""
        if self.components_ is None:
            raise RuntimeError("Call fit(clean_training_images) before reconstruct().")
        data = as_array(images, "images", min_ndim=2).astype(np.float64)
        shape = data.shape
        flat = data.reshape(shape[0], -1)
        if flat.shape[1] != self.mean_.shape[0]:
            raise ValueError(f"images have {flat.shape[1]} pixels, the baseline was fitted on {self.mean_.shape[0]}.")
        codes = (flat - self.mean_) @ self.components_.T
        return np.clip(codes @ self.components_ + self.mean_, 0.0, 1.0).reshape(shape).astype(np.float32)

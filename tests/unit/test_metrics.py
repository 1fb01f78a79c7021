import numpy as np
import pytest

from autoencoder_course.metrics import PCABaseline, psnr, ssim


def test_psnr_known_values():
    clean = np.zeros((2, 4, 4))
    assert psnr(clean, clean + 0.1) == pytest.approx(20.0)
    assert psnr(clean, clean) == pytest.approx(60.0)  # perfect images are capped
    mixed = np.stack([np.zeros((4, 4)) + 0.1, np.zeros((4, 4)) + 0.01])
    assert psnr(np.zeros((2, 4, 4)), mixed) == pytest.approx((20.0 + 40.0) / 2)


def test_psnr_rejects_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        psnr(np.zeros((2, 4)), np.zeros((2, 5)))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        psnr(np.zeros((2, 4)), np.full((2, 4), 255.0))
    with pytest.raises(ValueError, match="NaN"):
        psnr(np.zeros((1, 4)), np.array([[0.0, np.nan, 0.0, 0.0]]))


def test_ssim_identical_and_noisy():
    rng = np.random.default_rng(0)
    images = rng.random((3, 28, 28))
    assert ssim(images, images) == pytest.approx(1.0)
    noisy = np.clip(images + 0.3 * rng.standard_normal(images.shape), 0, 1)
    assert ssim(images, noisy) < 0.9
    assert ssim(images.reshape(3, -1), noisy.reshape(3, -1)) == pytest.approx(ssim(images, noisy))
    with pytest.raises(ValueError, match="images"):
        ssim(np.zeros((2, 10)), np.zeros((2, 10)))


def test_pca_baseline_recovers_low_rank_data():
    rng = np.random.default_rng(0)
    basis = np.linalg.qr(rng.standard_normal((20, 3)))[0].T  # 3 orthonormal rows in R^20
    clean = 0.5 + 0.1 * rng.standard_normal((500, 3)) @ basis
    baseline = PCABaseline(3).fit(clean)
    assert np.allclose(baseline.reconstruct(clean), clean, atol=1e-6)
    noisy = clean + 0.05 * rng.standard_normal(clean.shape)
    denoised = baseline.reconstruct(noisy)
    assert np.mean((denoised - clean) ** 2) < 0.5 * np.mean((noisy - clean) ** 2)
    assert baseline.reconstruct(clean.reshape(500, 4, 5)).shape == (500, 4, 5)


def test_pca_baseline_errors():
    with pytest.raises(RuntimeError, match="fit"):
        PCABaseline(2).reconstruct(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="exceeds"):
        PCABaseline(10).fit(np.zeros((5, 4)))
    with pytest.raises(ValueError, match="pixels"):
        PCABaseline(1).fit(np.random.default_rng(0).random((5, 4))).reconstruct(np.zeros((2, 3)))
    with pytest.raises(TypeError):
        PCABaseline(1.5)

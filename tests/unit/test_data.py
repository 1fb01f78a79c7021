import numpy as np
import pytest

from autoencoder_course import data


def fake_full_mnist(seed=0):
    """Arrays in the layout of Keras's full MNIST (60,000 / 10,000), test images all different."""
    rng = np.random.default_rng(seed)
    x_train = np.zeros((60_000, 28, 28), np.uint8)
    y_train = rng.integers(0, 10, 60_000).astype(np.uint8)
    x_test = rng.integers(0, 256, (10_000, 28, 28)).astype(np.uint8)
    y_test = rng.integers(0, 10, 10_000).astype(np.uint8)
    return (x_train, y_train), (x_test, y_test)


def save_mnist(path, mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    np.savez_compressed(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return path


def assert_course_split(result, full):
    """``result`` is the course's data: the first 8,000 of full's test images to train, the last 2,000 to test."""
    (x_train, y_train), (x_test, y_test) = result
    _, (full_x_test, full_y_test) = full
    assert x_train.shape == (8000, 28, 28) and x_test.shape == (2000, 28, 28) and x_train.dtype == np.uint8
    assert np.array_equal(x_train, full_x_test[:8000]) and np.array_equal(y_train, full_y_test[:8000])
    assert np.array_equal(x_test, full_x_test[8000:]) and np.array_equal(y_test, full_y_test[8000:])


@pytest.fixture
def no_mnist_settings(monkeypatch):
    monkeypatch.delenv(data.MNIST_ENV_VAR, raising=False)
    monkeypatch.delenv(data.FULL_MNIST_ENV_VAR, raising=False)
    return monkeypatch


def stub_keras_download(monkeypatch, mnist):
    """Replace Keras's download (no network here; Keras checks the file's hash, so no fake cache file)."""
    import keras

    calls = []
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: calls.append(1) or mnist)
    return calls


def test_default_path_gives_the_course_split_of_the_download(no_mnist_settings):
    """What a learner with internet gets from `make serve`: Keras's full download, split as the pages are."""
    full = fake_full_mnist()
    calls = stub_keras_download(no_mnist_settings, full)
    assert_course_split(data.load_mnist(), full)
    assert calls == [1]
    assert "course's data" in data.mnist_source() and "Keras" in data.mnist_source()


def test_full_mnist_is_an_explicit_opt_in(no_mnist_settings):
    full = fake_full_mnist()
    stub_keras_download(no_mnist_settings, full)
    assert data.load_mnist(full=True) is full
    no_mnist_settings.setenv(data.FULL_MNIST_ENV_VAR, "1")
    assert data.load_mnist() is full
    assert "full MNIST" in data.mnist_source()
    assert_course_split(data.load_mnist(full=False), full)  # the argument wins over the variable
    no_mnist_settings.setenv(data.FULL_MNIST_ENV_VAR, "maybe")
    with pytest.raises(ValueError, match="AUTOENCODER_COURSE_FULL_MNIST='maybe'"):
        data.load_mnist()


def test_a_full_mnist_file_gives_the_course_split(tmp_path, no_mnist_settings):
    full = fake_full_mnist(1)
    path = save_mnist(tmp_path / "mnist.npz", full)
    assert_course_split(data.load_mnist(path), full)
    no_mnist_settings.setenv(data.MNIST_ENV_VAR, str(path))
    assert_course_split(data.load_mnist(), full)
    assert str(path) in data.mnist_source()
    (x_train, _), (x_test, _) = data.load_mnist(full=True)
    assert (len(x_train), len(x_test)) == (60_000, 10_000)


def test_the_course_file_is_the_course_split_itself(tmp_path, no_mnist_settings):
    full = fake_full_mnist(2)
    course = data.course_split(full)
    path = save_mnist(tmp_path / "course.npz", course)
    assert_course_split(data.load_mnist(path), full)
    with pytest.raises(ValueError, match="Full MNIST was asked for.*8,000 / 2,000"):
        data.load_mnist(path, full=True)


def test_other_sizes_are_refused_with_the_sizes_accepted(tmp_path):
    small = (
        (np.zeros((5, 28, 28), np.uint8), np.zeros(5, np.uint8)),
        (np.zeros((3, 28, 28), np.uint8), np.zeros(3, np.uint8)),
    )
    path = save_mnist(tmp_path / "small.npz", small)
    with pytest.raises(ValueError, match="holds 5 training and 3 test images.*60,000 / 10,000.*8,000 / 2,000"):
        data.load_mnist(path)


def test_the_configured_source_gives_the_course_data():
    """Whatever this machine is set up with (CI: the course's file; with internet: Keras's download)."""
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    assert x_train.shape == (8000, 28, 28) and x_test.shape == (2000, 28, 28)
    assert set(np.unique(y_train)) == set(np.unique(y_test)) == set(range(10))


def test_load_mnist_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match=data.MNIST_ENV_VAR):
        data.load_mnist(tmp_path / "nope.npz")


def test_load_mnist_rejects_wrong_layout(tmp_path):
    path = tmp_path / "bad.npz"
    np.savez(path, images=np.zeros((2, 28, 28)))
    with pytest.raises(ValueError, match="lacks x_train"):
        data.load_mnist(path)
    path2 = tmp_path / "bad2.npz"
    np.savez(
        path2, x_train=np.zeros((2, 10, 10)), y_train=np.zeros(2), x_test=np.zeros((1, 28, 28)), y_test=np.zeros(1)
    )
    with pytest.raises(ValueError, match="shape"):
        data.load_mnist(path2)


def test_load_mnist_offline_without_file_explains(no_mnist_settings):
    import keras

    monkeypatch = no_mnist_settings

    def no_network():
        raise OSError("Temporary failure in name resolution")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", no_network)
    with pytest.raises(data.MnistUnavailableError, match=data.MNIST_ENV_VAR):
        data.load_mnist()


def test_filter_digits_keeps_only_requested_labels():
    images = np.arange(5 * 4).reshape(5, 2, 2)
    labels = np.array([0, 1, 2, 1, 0])
    kept, kept_labels = data.filter_digits(images, labels, [0, 1])
    assert kept_labels.tolist() == [0, 1, 1, 0]
    assert np.array_equal(kept, images[[0, 1, 3, 4]])


@pytest.mark.parametrize("digits", [[10], [-1], [], [0.5]])
def test_filter_digits_rejects_bad_digits(digits):
    with pytest.raises(ValueError, match="digits"):
        data.filter_digits(np.zeros((2, 2, 2)), np.array([0, 1]), digits)


def test_filter_digits_length_mismatch():
    with pytest.raises(ValueError, match="disagree"):
        data.filter_digits(np.zeros((3, 2, 2)), np.array([0, 1]), [0])


def test_normalize_and_flatten():
    raw = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)
    scaled = data.normalize_images(raw)
    assert scaled.dtype == np.float32 and scaled.min() == 0.0 and scaled.max() == 1.0
    assert np.allclose(scaled[0, 1], [0.2, 0.4])
    assert data.flatten_images(scaled).shape == (1, 4)
    assert data.flatten_images(scaled[..., None]).shape == (1, 4)


def test_normalize_refuses_float_input():
    with pytest.raises(TypeError, match="uint8"):
        data.normalize_images(np.zeros((1, 2, 2), dtype=np.float32))


def test_flatten_rejects_colour_and_wrong_rank():
    with pytest.raises(ValueError, match="one channel"):
        data.flatten_images(np.zeros((1, 2, 2, 3)))
    with pytest.raises(ValueError, match="dimensions"):
        data.flatten_images(np.zeros((4, 4)))


def test_add_gaussian_noise_is_seeded_clipped_and_pure():
    clean = np.full((100, 8, 8), 0.5, dtype=np.float32)
    a = data.add_gaussian_noise(clean, 0.3, np.random.default_rng(1))
    b = data.add_gaussian_noise(clean, 0.3, np.random.default_rng(1))
    assert np.array_equal(a, b) and a.dtype == np.float32
    assert a.min() >= 0 and a.max() <= 1
    assert np.all(clean == 0.5)  # the input is untouched
    assert abs(float(np.std(data.add_gaussian_noise(clean, 0.1, np.random.default_rng(2)))) - 0.1) < 0.01
    unclipped = data.add_gaussian_noise(clean, 2.0, np.random.default_rng(3), clip=False)
    assert unclipped.min() < 0 and unclipped.max() > 1


def test_add_gaussian_noise_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match="Generator"):
        data.add_gaussian_noise(np.zeros((2, 2)), 0.1, 42)
    with pytest.raises(ValueError, match="sigma"):
        data.add_gaussian_noise(np.zeros((2, 2)), -0.1, rng)
    with pytest.raises(ValueError, match="normalize_images"):
        data.add_gaussian_noise(np.full((2, 2), 200.0), 0.1, rng)
    with pytest.raises(TypeError, match="floats"):
        data.add_gaussian_noise(np.zeros((2, 2), dtype=np.uint8), 0.1, rng)
    with pytest.raises(ValueError, match="NaN"):
        data.add_gaussian_noise(np.array([[np.nan, 0.0]]), 0.1, rng)


def test_prepare_images_colour_resize_and_scale():
    rng = np.random.default_rng(0)
    colour = rng.integers(0, 256, size=(3, 40, 30, 3), dtype=np.uint8)
    out = data.prepare_images(colour, size=(28, 28))
    assert out.shape == (3, 28, 28) and out.dtype == np.float32
    assert 0.0 <= out.min() and out.max() <= 1.0
    white = np.full((1, 10, 10, 4), 255, dtype=np.uint8)  # RGBA: alpha is dropped
    assert np.allclose(data.prepare_images(white, size=(5, 5)), 1.0, atol=1e-6)
    gray = np.linspace(0, 1, 2 * 28 * 28, dtype=np.float32).reshape(2, 28, 28)
    assert np.allclose(data.prepare_images(gray), gray, atol=1e-6)


def test_prepare_images_bad_input():
    with pytest.raises(ValueError, match="channels"):
        data.prepare_images(np.zeros((1, 4, 4, 2), dtype=np.uint8))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        data.prepare_images(np.full((1, 4, 4), 1.5))
    with pytest.raises(ValueError, match="0-255"):
        data.prepare_images(np.full((1, 4, 4), 300, dtype=np.int32))
    with pytest.raises(TypeError):
        data.prepare_images("images")


def test_make_ellipse_geometry_and_noise():
    points = data.make_ellipse(400, semi_axes=(3.0, 1.0), center=(5.0, -2.0))
    assert points.shape == (400, 2)
    u, v = (points[:, 0] - 5.0) / 3.0, (points[:, 1] + 2.0) / 1.0
    assert np.allclose(u**2 + v**2, 1.0)
    # evenly spaced angles without the duplicated end point at 2π
    assert not np.allclose(points[0], points[-1])
    noisy = data.make_ellipse(400, semi_axes=(3.0, 3.0), noise=0.1, rng=np.random.default_rng(0))
    residual = np.hypot(noisy[:, 0], noisy[:, 1]) - 3.0
    assert 0.05 < residual.std() < 0.15
    with pytest.raises(TypeError, match="Generator"):
        data.make_ellipse(10, noise=0.1)
    with pytest.raises(ValueError, match="center"):
        data.make_ellipse(10, center=(1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="semi_axes"):
        data.make_ellipse(10, semi_axes=(0.0, 1.0))


def test_make_ellipse_default_is_an_ellipse_not_a_circle():
    points = data.make_ellipse(360)
    radii = np.hypot(points[:, 0], points[:, 1])
    # semi-axes 3 along x and 2 along y: the widest point is 3 from the centre, the narrowest 2
    assert np.isclose(radii.max(), 3.0) and np.isclose(radii.min(), 2.0)
    assert np.allclose(points[0], [3.0, 0.0]) and np.allclose(points[90], [0.0, 2.0])
    assert np.allclose((points[:, 0] / 3.0) ** 2 + (points[:, 1] / 2.0) ** 2, 1.0)
    assert np.allclose(points.mean(axis=0), 0.0)


def test_make_sphere_radius_center_noise():
    rng = np.random.default_rng(0)
    points = data.make_sphere(2000, radius=2.0, center=(1.0, 1.0, 1.0), rng=rng)
    radii = np.linalg.norm(points - 1.0, axis=1)
    assert np.allclose(radii, 2.0)
    assert np.all(np.abs(points.mean(axis=0) - 1.0) < 0.15)  # uniform over the surface
    noisy = data.make_sphere(2000, noise=0.05, rng=np.random.default_rng(1))
    assert 0.03 < (np.linalg.norm(noisy, axis=1) - 1.0).std() < 0.07
    with pytest.raises(ValueError, match="n_points"):
        data.make_sphere(0, rng=rng)
    with pytest.raises(TypeError, match="Generator"):
        data.make_sphere(10, rng=None)

"""Tests of the denoising recipe of chapter 03_denoising_dense (generated ``lessons.denoising_dense``),
and of the settings chapter 07_convolutional_autoencoders runs it with."""

import inspect

import numpy as np
import pytest

from autoencoder_course.lessons.denoising_dense import (
    COURSE_DENOISER,
    DenoisingRun,
    add_noise_at_levels,
    evaluate_denoiser,
    make_training_pairs,
    run_denoising,
)
from autoencoder_course.metrics import psnr


def clean_images(n=40, pixels=16, seed=0):
    return np.random.default_rng(seed).uniform(0.0, 1.0, size=(n, pixels)).astype(np.float32)


class Identity:
    """A stand-in 'model' that returns its input (predict only)."""

    def predict(self, images, batch_size=None, verbose=0):
        return np.asarray(images)


class Constant:
    def __init__(self, value):
        self.value = value

    def predict(self, images, batch_size=None, verbose=0):
        return np.broadcast_to(self.value, np.shape(images)).copy()


# -- add_noise_at_levels -------------------------------------------------------------------------


def test_single_level_matches_its_standard_deviation():
    images = np.full((200, 100), 0.5, dtype=np.float32)
    noisy = add_noise_at_levels(images, 0.1, np.random.default_rng(0))
    assert noisy.shape == images.shape and noisy.dtype == np.float32
    assert abs(float(np.std(noisy - images)) - 0.1) < 0.005


def test_range_gives_each_image_its_own_level_within_bounds():
    images = np.full((300, 400), 0.5, dtype=np.float32)
    noisy = add_noise_at_levels(images, (0.05, 0.2), np.random.default_rng(1))
    assert noisy.dtype == np.float32
    per_image = np.std(noisy - images, axis=1)
    assert per_image.min() > 0.04 and per_image.max() < 0.21
    assert per_image.max() - per_image.min() > 0.1  # the levels really differ between images
    assert noisy.min() >= 0.0 and noisy.max() <= 1.0


def test_range_works_on_images_with_a_channel_axis():
    images = np.full((50, 28, 28, 1), 0.5, dtype=np.float32)
    noisy = add_noise_at_levels(images, (0.0, 0.3), np.random.default_rng(2))
    assert noisy.shape == images.shape
    per_image = np.std(noisy - images, axis=(1, 2, 3))
    assert per_image.max() < 0.31 and per_image.max() - per_image.min() > 0.1


def test_noise_is_reproducible_and_leaves_input_alone():
    images = clean_images()
    before = images.copy()
    for sigma in (0.2, (0.0, 0.3)):
        a = add_noise_at_levels(images, sigma, np.random.default_rng(3))
        b = add_noise_at_levels(images, sigma, np.random.default_rng(3))
        assert np.array_equal(a, b) and np.array_equal(images, before)


def test_bad_levels_and_generators_are_refused():
    with pytest.raises(ValueError):
        add_noise_at_levels(clean_images(), -0.1, np.random.default_rng(0))
    with pytest.raises(ValueError):
        add_noise_at_levels(clean_images(), (0.1, 0.2, 0.3), np.random.default_rng(0))
    with pytest.raises(TypeError):
        add_noise_at_levels(clean_images(), 0.1, np.random)


# -- make_training_pairs -------------------------------------------------------------------------


def test_noisy_to_clean_pairs_have_clean_targets():
    clean = clean_images(n=10)
    inputs, targets = make_training_pairs(clean, 0.2, np.random.default_rng(0), copies=3)
    assert inputs.shape == targets.shape == (30, 16)
    assert np.array_equal(targets, np.concatenate([clean] * 3))
    assert not np.array_equal(inputs, targets)
    # the three copies carry different noise
    assert not np.array_equal(inputs[:10], inputs[10:20])


def test_input_equals_target_pairs_are_identical_and_include_clean_images():
    clean = clean_images(n=10)
    inputs, targets = make_training_pairs(clean, 0.2, np.random.default_rng(0), scheme="input_equals_target", copies=2)
    assert inputs.shape == (30, 16)
    assert np.array_equal(inputs, targets)
    assert np.array_equal(inputs[:10], clean)
    assert not np.array_equal(inputs[10:20], clean) and not np.array_equal(inputs[10:20], inputs[20:])


def test_pairs_are_reproducible():
    clean = clean_images(n=20)
    a = make_training_pairs(clean, (0.0, 0.3), np.random.default_rng(5), copies=2)
    b = make_training_pairs(clean, (0.0, 0.3), np.random.default_rng(5), copies=2)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


def test_pairs_refuse_bad_input():
    with pytest.raises(ValueError):
        make_training_pairs(clean_images(), 0.1, np.random.default_rng(0), scheme="identity")
    with pytest.raises(ValueError):
        make_training_pairs(clean_images() * 255, 0.1, np.random.default_rng(0))
    with pytest.raises(TypeError):
        make_training_pairs((clean_images() * 255).astype(np.uint8), 0.1, np.random.default_rng(0))
    with pytest.raises(ValueError):
        make_training_pairs(clean_images(), 0.1, np.random.default_rng(0), copies=0)


# -- evaluate_denoiser ---------------------------------------------------------------------------


def test_identity_model_scores_like_the_noisy_input():
    clean = clean_images(n=30)
    rows = evaluate_denoiser(Identity(), clean, [0.05, 0.2], np.random.default_rng(0))
    assert [r["sigma"] for r in rows] == [0.05, 0.2]
    for row in rows:
        assert row["psnr_denoised"] == pytest.approx(row["psnr_noisy"])
        assert row["gain_db"] == pytest.approx(0.0)
        assert row["psnr_noisy"] == pytest.approx(psnr(clean, row["noisy"]))
        assert "psnr_pca" not in row
    assert rows[0]["psnr_noisy"] > rows[1]["psnr_noisy"] + 5  # more noise, lower PSNR


def test_a_perfect_model_gains_and_a_bad_one_loses():
    clean = np.zeros((20, 16), dtype=np.float32)
    perfect = evaluate_denoiser(Constant(0.0), clean, [0.2], np.random.default_rng(0))[0]
    useless = evaluate_denoiser(Constant(1.0), clean, [0.2], np.random.default_rng(0))[0]
    assert perfect["gain_db"] > 10 and useless["gain_db"] < -10


def test_outputs_are_clipped_and_pca_is_scored_on_the_same_noise():
    from autoencoder_course.metrics import PCABaseline

    clean = structured_images(n=60)
    pca = PCABaseline(2).fit(clean)
    row = evaluate_denoiser(Constant(2.0), clean, [0.1], np.random.default_rng(0), pca=pca)[0]
    assert row["denoised"].max() == 1.0  # clipped to [0, 1] before scoring
    assert row["psnr_pca"] == pytest.approx(psnr(clean, pca.reconstruct(row["noisy"])))


def test_evaluation_is_reproducible_and_refuses_wrong_outputs():
    clean = clean_images()
    a = evaluate_denoiser(Identity(), clean, [0.1, 0.3], np.random.default_rng(7))
    b = evaluate_denoiser(Identity(), clean, [0.1, 0.3], np.random.default_rng(7))
    assert [r["psnr_noisy"] for r in a] == [r["psnr_noisy"] for r in b]

    class WrongShape:
        def predict(self, images, batch_size=None, verbose=0):
            return np.zeros((len(images), 3))

    with pytest.raises(ValueError):
        evaluate_denoiser(WrongShape(), clean, [0.1], np.random.default_rng(0))


# -- run_denoising -------------------------------------------------------------------------------


def tiny_model(pixels=16):
    import keras

    inputs = keras.Input((pixels,))
    code = keras.layers.Dense(4, activation="relu")(inputs)
    return keras.Model(inputs, keras.layers.Dense(pixels, activation="sigmoid")(code))


def structured_images(n=120, seed=0):
    """Images that lie near a 2-D subspace, so that a bottleneck can denoise them."""
    rng = np.random.default_rng(seed)
    basis = rng.uniform(0.0, 1.0, size=(2, 16))
    weights = rng.uniform(0.0, 0.5, size=(n, 2))
    return np.clip(weights @ basis, 0.0, 1.0).astype(np.float32)


def test_run_denoising_is_reproducible_and_reports_every_level():
    images = structured_images()
    kwargs = dict(train_sigma=(0.0, 0.3), test_sigmas=[0.1, 0.3], seed=4, epochs=2, batch_size=16, pca_components=2)
    first = run_denoising(tiny_model, images[:100], images[100:], **kwargs)
    second = run_denoising(tiny_model, images[:100], images[100:], **kwargs)
    assert isinstance(first, DenoisingRun)
    assert [row["sigma"] for row in first.table()] == [0.1, 0.3]
    assert first.table() == second.table()
    assert first.n_pairs == 90  # 10 images held out for validation, one noisy copy of the others
    assert set(first.history.history) == {"loss", "val_loss"}
    assert len(first.history.history["loss"]) == 2 and first.train_seconds > 0
    assert first.result(0.3)["denoised"].shape == (20, 16)
    assert np.array_equal(first.test_clean, images[100:])
    with pytest.raises(KeyError):
        first.result(0.5)


def test_run_denoising_seed_changes_the_result():
    images = structured_images()
    kwargs = dict(train_sigma=0.2, test_sigmas=[0.2], epochs=1, batch_size=16, pca_components=2)
    a = run_denoising(tiny_model, images[:100], images[100:], seed=1, **kwargs)
    b = run_denoising(tiny_model, images[:100], images[100:], seed=2, **kwargs)
    assert a.table() != b.table()


def recording_model():
    """tiny_model, but remembers what ``fit`` was given (in ``.seen``)."""
    import keras

    class Recording(keras.Model):
        def fit(self, x, y, validation_data=None, **kwargs):
            self.seen = dict(inputs=x, targets=y, val_inputs=validation_data[0], val_targets=validation_data[1])
            return super().fit(x, y, validation_data=validation_data, **kwargs)

    plain = tiny_model()
    return Recording(plain.inputs, plain.outputs)


@pytest.mark.parametrize("scheme", ["noisy_to_clean", "input_equals_target"])
def test_split_comes_before_noise_and_validation_is_noisy_to_clean(scheme):
    images = structured_images(n=100)
    run = run_denoising(
        recording_model,
        images,
        images[:20],
        train_sigma=0.2,
        test_sigmas=[0.2],
        seed=0,
        scheme=scheme,
        copies=2,
        epochs=1,
        batch_size=16,
        pca_components=2,
    )
    seen = run.model.seen
    rows = lambda a: {r.tobytes() for r in np.asarray(a)}  # noqa: E731
    val_clean = rows(seen["val_targets"])
    fit_clean = rows(seen["targets"]) & rows(images)  # the clean images among the training targets
    assert len(val_clean) == 10 and len(fit_clean) == 90
    assert val_clean.isdisjoint(fit_clean) and val_clean | fit_clean == rows(images)
    assert not val_clean & rows(seen["inputs"])  # no validation image, clean or noisy, is trained on
    # validation pairs are noisy -> clean whatever the training scheme
    assert np.abs(seen["val_inputs"] - seen["val_targets"]).mean() > 0.05
    if scheme == "input_equals_target":
        assert np.array_equal(seen["inputs"], seen["targets"]) and run.n_pairs == 270
    else:
        assert not np.array_equal(seen["inputs"], seen["targets"]) and run.n_pairs == 180
    # the PCA baseline learns from the training part only
    assert np.allclose(run.pca.mean_, np.mean([np.frombuffer(r, np.float32) for r in fit_clean], axis=0), atol=1e-6)


def test_run_denoising_refuses_what_cannot_work():
    images = structured_images()
    ok = dict(train_sigma=0.1, test_sigmas=[0.1], seed=0, epochs=1)
    with pytest.raises(TypeError):
        run_denoising("not a function", images, images, **ok)
    with pytest.raises(ValueError):
        run_denoising(tiny_model, images, images[:, :8], **ok)


# -- the settings the chapters run it with -------------------------------------------------------


def test_course_settings_are_arguments_of_the_recipe():
    from autoencoder_course.lessons.convolutional_autoencoders import CONV_DENOISER

    signature = inspect.signature(run_denoising)
    for settings in (COURSE_DENOISER, CONV_DENOISER):
        signature.bind(None, None, None, test_sigmas=[0.1], **settings)
    assert CONV_DENOISER["train_sigma"] == 0.5


def test_conv_denoisers_map_digits_to_digits():
    from autoencoder_course.lessons.convolutional_autoencoders import (
        CODE_CHANNELS,
        build_conv_denoiser,
        source_conv_denoiser,
    )

    model = build_conv_denoiser()
    assert model.output_shape == (None, 28, 28, 1)
    assert model.get_layer("encoder").output_shape == (None, 7, 7, CODE_CHANNELS)
    assert model.get_layer("decoder").input_shape == (None, 7, 7, CODE_CHANNELS)
    source = source_conv_denoiser()
    assert source.output_shape == (None, 28, 28, 1) and source.count_params() == 314_625
    assert tuple(source.get_layer("code").output.shape[1:]) == (7, 7, 128)


def test_steps_per_execution_leaves_the_weights_unchanged():
    # run_denoising compiles with steps_per_execution=16 for speed; the updates must be the same as one per call.
    import keras

    x = np.random.default_rng(0).random((200, 16)).astype("float32")

    def trained(steps):
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(16)])
        model.compile(optimizer="adam", loss="mse", steps_per_execution=steps)
        model.fit(x, x, batch_size=32, epochs=2, shuffle=True, verbose=0)
        return model.get_weights()

    assert all(np.array_equal(a, b) for a, b in zip(trained(1), trained(16)))

"""The original lecture's denoisers and the course's, trained on the same data in the same run.

``python -m benchmarks.side_by_side [--output FILE] [--quick]`` prints a table and writes JSON:

* ``dense``: the lecture's dense denoiser (chapter 02's ``build_dense_autoencoder``, digits 0/1, 50 epochs,
  batch 256, Adam, BCE, trained with input = target on the clean images followed by a copy noised at
  sigma 0.1) against the course's dense denoiser (chapter 03's ``COURSE_DENOISER`` through its
  ``run_denoising``).  Both are evaluated on the *same* noisy test digits (one seeded Generator per
  level) at sigma 0.1 and 0.2.
* ``conv``: the lecture's conv denoiser (chapter 07's ``source_conv_denoiser``, 1 epoch, batch 128,
  noisy -> clean at sigma 0.5) against chapter 07's ``build_conv_denoiser`` trained with ``CONV_DENOISER``
  through the same recipe, both evaluated on the same noisy test images at 0.5, with the noisy input and
  a 32-component PCA projection as baselines; plus the time of ONE epoch of the lecture's model over
  60,000 images (the training budget the course's conv denoiser must stay within).

Every model and setting is imported from the chapters' generated lesson modules
(``autoencoder_course.lessons``), so the benchmark trains exactly what the chapters teach.

Quality is mean PSNR (dB) against the clean test images (``autoencoder_course.metrics.psnr``).  Times are
wall seconds of ``fit`` measured by a callback, including the per-epoch validation pass each recipe has
(the lecture validates on its test images, the course on a held-out 10 %), excluding data preparation and
the final evaluation.  The 60,000-image epoch is training only.
``--quick`` shrinks epochs and sizes to check the plumbing in seconds; its numbers mean nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

TEST_SEED = 1  # noise of the test images, shared by every model evaluated on them


def fit_timer():
    """A Keras callback that records the wall seconds from the start to the end of ``fit`` in ``.seconds``."""
    import keras

    class FitTimer(keras.callbacks.Callback):
        seconds = None

        def on_train_begin(self, logs=None):
            self._start = time.perf_counter()

        def on_train_end(self, logs=None):
            self.seconds = time.perf_counter() - self._start

    return FitTimer()


def _timed_fit(model, inputs, targets, **kwargs):
    timer = fit_timer()
    model.fit(inputs, targets, verbose=0, shuffle=True, callbacks=[timer], **kwargs)
    return timer.seconds


def _evaluate(model, clean, sigmas, pca):
    from autoencoder_course.lessons.denoising_dense import evaluate_denoiser

    rows = evaluate_denoiser(model, clean, sigmas, np.random.default_rng(TEST_SEED), pca=pca)
    return {
        f"{row['sigma']:g}": {
            k: round(float(v), 3) for k, v in row.items() if k in ("psnr_noisy", "psnr_denoised", "psnr_pca", "gain_db")
        }
        for row in rows
    }


def repeat_to(images, n):
    """``images`` repeated (and cut) to exactly ``n`` rows: full-MNIST-sized input for timing only."""
    images = np.asarray(images)
    if n < 1 or len(images) == 0:
        raise ValueError(f"need n >= 1 and at least one image, got n={n} and {len(images)} images")
    reps = -(-n // len(images))
    return np.concatenate([images] * reps)[:n]


def load_subsets():
    """Clean MNIST as floats in [0, 1]: all digits (n, 28, 28, 1) and digits 0/1 flattened (n, 784)."""
    from autoencoder_course.data import filter_digits, flatten_images, load_mnist, normalize_images

    (train, train_labels), (test, test_labels) = load_mnist()
    digits01 = [
        flatten_images(normalize_images(filter_digits(x, y, [0, 1])[0]))
        for x, y in ((train, train_labels), (test, test_labels))
    ]
    full = [normalize_images(x).reshape(-1, 28, 28, 1) for x in (train, test)]
    return full, digits01


def dense_comparison(train01, test01, quick=False):
    """Source vs course dense denoiser on digits 0/1; returns a dict of settings, seconds and PSNR."""
    import keras

    from autoencoder_course.data import add_gaussian_noise
    from autoencoder_course.lessons.defining_the_architecture import build_dense_autoencoder
    from autoencoder_course.lessons.denoising_dense import COURSE_DENOISER, run_denoising
    from autoencoder_course.metrics import PCABaseline

    sigmas = [0.1, 0.2]
    pca = PCABaseline(32).fit(train01)
    # The lecture's recipe: clean digits followed by the same digits with noise 0.1, each image its own target.
    source_settings = dict(
        epochs=2 if quick else 50, batch_size=256, train_sigma=0.1, scheme="input_equals_target", seed=0
    )
    keras.utils.set_random_seed(0)
    noisy = add_gaussian_noise(train01, 0.1, np.random.default_rng(0))
    combined = np.concatenate([train01, noisy])
    source = build_dense_autoencoder()
    source.compile(optimizer="adam", loss="binary_crossentropy")
    # As in the lecture, each epoch ends with a validation pass over the clean test digits (input = target).
    source_seconds = _timed_fit(
        source, combined, combined, epochs=source_settings["epochs"], batch_size=256, validation_data=(test01, test01)
    )
    source_row = dict(
        settings=source_settings,
        n_train_pairs=len(combined),
        train_seconds=round(source_seconds, 2),
        psnr=_evaluate(source, test01, sigmas, pca),
    )

    course_settings, origin = dict(COURSE_DENOISER), "chapter 03's COURSE_DENOISER"
    if quick:
        course_settings = {**course_settings, "epochs": 1}
    timer = fit_timer()
    run = run_denoising(
        build_dense_autoencoder, train01, test01, test_sigmas=sigmas, callbacks=[timer], **course_settings
    )
    course_seconds = timer.seconds  # includes the chapter's per-epoch validation pass, as it runs there
    course_row = dict(
        settings={**course_settings, "origin": origin},
        n_train_pairs=run.n_pairs,
        train_seconds=round(course_seconds, 2),
        psnr=_evaluate(run.model, test01, sigmas, pca),
    )
    return dict(
        data=f"digits 0/1: {len(train01)} train, {len(test01)} test images", source=source_row, course=course_row
    )


def conv_comparison(train, test, quick=False):
    """Source vs course conv denoiser on all digits at sigma 0.5, plus the source's 60,000-image epoch."""
    import keras

    from autoencoder_course.data import add_gaussian_noise
    from autoencoder_course.lessons.convolutional_autoencoders import (
        CONV_DENOISER,
        build_conv_denoiser,
        source_conv_denoiser,
    )
    from autoencoder_course.lessons.denoising_dense import run_denoising
    from autoencoder_course.metrics import PCABaseline

    if quick:
        train, test = train[:512], test[:256]
    sigma = 0.5
    pca = PCABaseline(32).fit(train.reshape(len(train), -1))

    class _FlatPCA:  # the PCA baseline works on flat images; the conv test images are (n, 28, 28, 1)
        def reconstruct(self, images):
            return pca.reconstruct(images.reshape(len(images), -1)).reshape(images.shape)

    keras.utils.set_random_seed(0)
    source = source_conv_denoiser()
    source.compile(optimizer="adam", loss="binary_crossentropy")
    noisy = add_gaussian_noise(train, sigma, np.random.default_rng(0))
    test_noisy = add_gaussian_noise(test, sigma, np.random.default_rng(3))
    source_seconds = _timed_fit(
        source, noisy, train, epochs=1, batch_size=128, validation_data=(test_noisy, test)
    )  # the lecture validates on noisy test images
    source_row = dict(
        settings=dict(epochs=1, batch_size=128, train_sigma=sigma, scheme="noisy_to_clean"),
        n_train_pairs=len(train),
        train_seconds=round(source_seconds, 2),
        psnr=_evaluate(source, test, [sigma], _FlatPCA()),
    )

    # The lecture's budget: one epoch over 60,000 images (the subset repeated; timing only).
    n_full = 6_000 if quick else 60_000
    keras.utils.set_random_seed(0)
    budget_model = source_conv_denoiser()
    budget_model.compile(optimizer="adam", loss="binary_crossentropy")
    big_clean = repeat_to(train, n_full)
    big_noisy = add_gaussian_noise(big_clean, sigma, np.random.default_rng(2))
    budget_seconds = _timed_fit(budget_model, big_noisy, big_clean, epochs=1, batch_size=128)
    del big_clean, big_noisy
    # Its quality too: 469 steps as in the lecture (on the subset seen 7.5 times with fresh noise, not full MNIST).
    budget_psnr = _evaluate(budget_model, test, [sigma], _FlatPCA())

    build, settings, origin = build_conv_denoiser, dict(CONV_DENOISER), "chapter 07's CONV_DENOISER"
    if quick:
        settings = {**settings, "epochs": 1}
    timer = fit_timer()
    run = run_denoising(build, train, test, test_sigmas=[sigma], callbacks=[timer], **settings)
    course_row = dict(
        settings={**settings, "origin": origin},
        n_train_pairs=run.n_pairs,
        train_seconds=round(timer.seconds, 2),
        psnr=_evaluate(run.model, test, [sigma], _FlatPCA()),
    )
    return dict(
        data=f"all digits: {len(train)} train, {len(test)} test images",
        sigma=sigma,
        source=source_row,
        course=course_row,
        source_full_epoch=dict(n_images=n_full, batch_size=128, seconds=round(budget_seconds, 2), psnr=budget_psnr),
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", help="write the results as JSON to this file")
    parser.add_argument("--quick", action="store_true", help="tiny settings, to check the plumbing only")
    parser.add_argument("--only", choices=["dense", "conv"], help="run one comparison")
    args = parser.parse_args(argv)

    from autoencoder_course.notebook import compute_device, setup_notebook

    setup_notebook(0)
    import keras

    full, digits01 = load_subsets()
    result = dict(backend=keras.config.backend(), device=compute_device(), quick=args.quick)
    if args.only in (None, "dense"):
        print("side by side: dense denoisers (digits 0/1) ...", flush=True)
        result["dense"] = dense_comparison(*digits01, quick=args.quick)
    if args.only in (None, "conv"):
        print("side by side: conv denoisers (sigma 0.5) ...", flush=True)
        result["conv"] = conv_comparison(*full, quick=args.quick)
    emit_json(result, args.output)
    return 0


def emit_json(result, output=None):
    """Write ``result`` as JSON to the file ``output``, or print it when no file is given."""
    text = json.dumps(result, indent=1)
    if output:
        with open(output, "w") as handle:
            handle.write(text)
    else:
        print(text)


if __name__ == "__main__":
    sys.exit(main())

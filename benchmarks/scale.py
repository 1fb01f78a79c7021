"""Time per epoch with 60,000 training images: what a reader with full MNIST should expect.

``python -m benchmarks.scale [--output FILE] [--quick]``.  Where full MNIST cannot be downloaded (no
internet here) the subset's training images are repeated to 60,000 rows: the numbers are for timing only
(an epoch's cost depends on the number of images and the model, not on which digits they are).
Each model trains for ONE epoch from fresh weights, so the time includes Keras's one-off tracing and
compilation (a few seconds; later epochs are that much faster).  No validation pass.

Models (imported from the chapters' lesson modules, ``autoencoder_course.lessons``): the course's dense
denoiser (chapter 02's ``build_dense_autoencoder``, chapter 03's batch size), its conv denoiser (chapter
07's ``build_conv_denoiser`` and batch size) and its convolutional VAE (chapter 08's ``ConvVAE`` with its
``VAE_SETTINGS``).
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from .side_by_side import emit_json, fit_timer, load_subsets, repeat_to

N_IMAGES = 60_000


def _one_epoch(model, inputs, targets, batch_size):
    timer = fit_timer()
    model.fit(inputs, targets, epochs=1, batch_size=batch_size, shuffle=True, verbose=0, callbacks=[timer])
    return round(timer.seconds, 2)


def measure(n_images=N_IMAGES):
    """``{model name: {"batch_size", "n_images", "seconds_per_epoch"}}`` for the three course models."""
    import keras

    from autoencoder_course.data import add_gaussian_noise
    from autoencoder_course.lessons.convolutional_autoencoders import CONV_DENOISER, build_conv_denoiser
    from autoencoder_course.lessons.convolutional_vae import VAE_SETTINGS, ConvVAE
    from autoencoder_course.lessons.defining_the_architecture import build_dense_autoencoder
    from autoencoder_course.lessons.denoising_dense import COURSE_DENOISER

    (train, _), _ = load_subsets()
    clean = repeat_to(train, n_images)
    noisy = add_gaussian_noise(clean, 0.5, np.random.default_rng(0))
    results = {}

    dense = COURSE_DENOISER
    keras.utils.set_random_seed(0)
    model = build_dense_autoencoder()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    flat_clean, flat_noisy = clean.reshape(n_images, -1), noisy.reshape(n_images, -1)
    results["dense denoiser (course)"] = dict(
        batch_size=dense["batch_size"],
        n_images=n_images,
        seconds_per_epoch=_one_epoch(model, flat_noisy, flat_clean, dense["batch_size"]),
    )
    print(f"  dense: {results['dense denoiser (course)']['seconds_per_epoch']} s", flush=True)

    conv = CONV_DENOISER
    keras.utils.set_random_seed(0)
    model = build_conv_denoiser()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    results["conv denoiser (course)"] = dict(
        batch_size=conv["batch_size"],
        n_images=n_images,
        seconds_per_epoch=_one_epoch(model, noisy, clean, conv["batch_size"]),
    )
    print(f"  conv: {results['conv denoiser (course)']['seconds_per_epoch']} s", flush=True)

    vae_set = VAE_SETTINGS
    keras.utils.set_random_seed(0)
    vae = ConvVAE(latent_dim=vae_set["latent_dim"], encoder_filters=tuple(vae_set["encoder_filters"]), seed=0)
    vae.compile(optimizer=keras.optimizers.Adam(vae_set["learning_rate"]))
    results["conv VAE (course)"] = dict(
        batch_size=vae_set["batch_size"],
        n_images=n_images,
        latent_dim=vae_set["latent_dim"],
        seconds_per_epoch=_one_epoch(vae, clean, None, vae_set["batch_size"]),
    )
    print(f"  VAE: {results['conv VAE (course)']['seconds_per_epoch']} s", flush=True)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", help="write the results as JSON to this file")
    parser.add_argument("--quick", action="store_true", help="6,000 images instead of 60,000 (plumbing check)")
    args = parser.parse_args(argv)

    from autoencoder_course.notebook import compute_device, setup_notebook

    setup_notebook(0)
    import keras

    print("scale: one epoch over", 6_000 if args.quick else N_IMAGES, "images per model ...", flush=True)
    result = dict(
        backend=keras.config.backend(),
        device=compute_device(),
        quick=args.quick,
        models=measure(6_000 if args.quick else N_IMAGES),
    )
    emit_json(result, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())

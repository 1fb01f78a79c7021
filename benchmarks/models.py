"""The models the benchmarks train, written for the benchmarks with backend-neutral Keras 3.

* the source chapter's two denoisers, rebuilt from its stated settings: the dense
  784-256-64-32-64-256-784 autoencoder and the convolutional 32-64-128 conv/pool/upsampling one;
* the course's dense denoiser has the same layer sizes as the source's (chapter 03 changes the
  training, not the architecture), so :func:`dense_autoencoder` serves both;
* the course's convolutional denoiser and VAE: see :mod:`benchmarks.course_settings`.

Nothing here imports TensorFlow, so the benchmarks run with ``KERAS_BACKEND=jax`` as well.
"""

from __future__ import annotations


def dense_autoencoder(n_pixels=784, widths=(256, 64), code_size=32):
    """Dense autoencoder n_pixels -> 256 -> 64 -> 32 -> 64 -> 256 -> n_pixels, ReLU inside, sigmoid out."""
    import keras

    layers = [keras.Input(shape=(n_pixels,))]
    layers += [keras.layers.Dense(w, activation="relu") for w in (*widths, code_size)]
    layers += [keras.layers.Dense(w, activation="relu") for w in reversed(widths)]
    layers += [keras.layers.Dense(n_pixels, activation="sigmoid")]
    return keras.Sequential(layers, name="dense_autoencoder")


def source_conv_denoiser():
    """The source chapter's convolutional denoiser: 3x3 'same' convolutions with 32 and 64 filters, each
    followed by 2x2 max pooling (28 -> 14 -> 7), a 128-filter code layer; the decoder mirrors it with a
    128-filter convolution, upsampling and 64 filters, upsampling, and a 1-filter sigmoid output.
    """
    import keras
    from keras import layers

    conv = dict(kernel_size=3, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, **conv), layers.MaxPooling2D(2, padding="same"),
        layers.Conv2D(64, **conv), layers.MaxPooling2D(2, padding="same"),
        layers.Conv2D(128, **conv),                       # the code: 7 x 7 x 128
        layers.Conv2D(128, **conv), layers.UpSampling2D(2),
        layers.Conv2D(64, **conv), layers.UpSampling2D(2),
        layers.Conv2D(1, 3, padding="same", activation="sigmoid"),
    ], name="source_conv_denoiser")


def strided_conv_denoiser(filters=(32, 64), extra_conv=True):
    """Convolutional denoiser with stride-2 convolutions down (28 -> 14 -> 7) and stride-2 transposed
    convolutions up; ``extra_conv`` adds a 3x3 convolution at full resolution before the sigmoid output.
    """
    import keras
    from keras import layers

    first, second = filters
    stack = [keras.Input(shape=(28, 28, 1)),
             layers.Conv2D(first, 3, strides=2, padding="same", activation="relu"),
             layers.Conv2D(second, 3, strides=2, padding="same", activation="relu"),
             layers.Conv2DTranspose(second, 3, strides=2, padding="same", activation="relu"),
             layers.Conv2DTranspose(first, 3, strides=2, padding="same", activation="relu")]
    if extra_conv:
        stack.append(layers.Conv2D(first, 3, padding="same", activation="relu"))
    stack.append(layers.Conv2D(1, 3, padding="same", activation="sigmoid"))
    return keras.Sequential(stack, name="strided_conv_denoiser")

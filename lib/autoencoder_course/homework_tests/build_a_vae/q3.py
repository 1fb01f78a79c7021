OK_FORMAT = True

test = {   'name': 'q3',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from keras import ops\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_close\n'
                                               '>>> _rng = np.random.default_rng(2)\n'
                                               ">>> _x = _rng.uniform(size=(4, 28, 28, 1)).astype('float32')\n"
                                               ">>> _logits = _rng.normal(0.0, 3.0, size=(4, 28, 28, 1)).astype('float32')\n"
                                               ">>> _zero = np.zeros((4, 3), dtype='float32')\n"
                                               ">>> _loss = np.asarray(ops.convert_to_numpy(call(vae_loss, _x, _logits, _zero, _zero, 1.0, name='vae_loss')))\n"
                                               '>>> expect(_loss.size == 1, f"vae_loss returned {_loss.size} numbers (shape {_loss.shape}); it must return one: the average over the batch (ops.mean) '
                                               'of each image\'s loss.")\n'
                                               '>>> _loss = float(_loss.reshape(()))\n'
                                               ">>> expect(np.isfinite(_loss), f'vae_loss returned {_loss}: the decoder returns logits, which can be negative; use ops.softplus(logits) - images * "
                                               "logits per pixel rather than the log of the logits.')\n"
                                               '>>> _right = float(np.mean(np.sum(np.logaddexp(0.0, _logits.astype(np.float64)) - _x * _logits, axis=(1, 2, 3))))\n'
                                               ">>> expect(abs(784 * _loss - _right) > 0.001 * _right, 'your reconstruction term is 784 times too small: it averages the BCE over the pixels. Sum it "
                                               "over the 784 pixels of each image (nats per image, the scale of the KL), then average over the batch.')\n"
                                               '>>> expect(abs(_loss / 4 - _right) > 0.001 * _right, "your loss grows with the batch size: it sums over the batch. Sum each image\'s pixels, then '
                                               'average over the images (ops.mean).")\n'
                                               '>>> _as_probabilities = float(np.mean(np.sum(ops.convert_to_numpy(ops.binary_crossentropy(_x, _logits)), axis=(1, 2, 3))))\n'
                                               ">>> expect(abs(_loss - _as_probabilities) > 0.001 * _as_probabilities, 'you used the logits as if they were probabilities: the decoder returns logits "
                                               "(before the sigmoid). Use ops.softplus(logits) - images * logits, or ops.binary_crossentropy(images, logits, from_logits=True).')\n"
                                               ">>> expect_close(_loss, _right, 'vae_loss with z_mean = z_log_var = 0 (so KL = 0)', rtol=0.001)\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from keras import ops\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> _rng = np.random.default_rng(3)\n'
                                               ">>> _x = _rng.uniform(size=(3, 28, 28, 1)).astype('float32')\n"
                                               ">>> _logits = _rng.normal(0.0, 3.0, size=(3, 28, 28, 1)).astype('float32')\n"
                                               ">>> _mean = _rng.normal(size=(3, 2)).astype('float32')\n"
                                               ">>> _log_var = _rng.normal(size=(3, 2)).astype('float32')\n"
                                               ">>> _at = {_beta: float(np.mean(ops.convert_to_numpy(call(vae_loss, _x, _logits, _mean, _log_var, _beta, name='vae_loss')))) for _beta in (0.0, 1.0, "
                                               '2.0)}\n'
                                               '>>> _rec = float(np.mean(np.sum(np.logaddexp(0.0, _logits.astype(np.float64)) - _x * _logits, axis=(1, 2, 3))))\n'
                                               '>>> _m, _lv = (_mean.astype(np.float64), _log_var.astype(np.float64))\n'
                                               '>>> _kl = float(np.mean(-0.5 * np.sum(1.0 + _lv - _m ** 2 - np.exp(_lv), axis=1)))\n'
                                               ">>> expect(abs(_at[0.0] - _rec) < 0.001 * _rec, 'with beta = 0 the loss should be the reconstruction term alone: beta multiplies only the KL term "
                                               "(reconstruction + beta * KL), not the whole loss.')\n"
                                               '>>> _kl_part = _at[1.0] - _at[0.0]\n'
                                               '>>> expect(abs(_kl_part) > 0.0001, "the KL term is missing from vae_loss: add beta * kl_divergence(z_mean, z_log_var) to each image\'s reconstruction '
                                               'term before averaging.")\n'
                                               ">>> expect(abs(_at[2.0] - _at[0.0] - 2 * _kl_part) < 0.001 * (1 + abs(_kl_part)), 'the KL term should be multiplied by beta: the loss at beta = 2 "
                                               "minus the loss at beta = 0 must be twice that at beta = 1.')\n"
                                               '>>> try:\n'
                                               '...     _theirs = float(np.mean(ops.convert_to_numpy(kl_divergence(_mean, _log_var))))\n'
                                               '... except Exception:\n'
                                               "...     _theirs = float('nan')\n"
                                               ">>> expect(abs(_kl_part - _kl) < 0.001 * (1 + _kl) or abs(_kl_part - _theirs) < 0.001 * (1 + abs(_theirs)), f'the KL part of your loss (the loss at "
                                               "beta = 1 minus the loss at beta = 0) is {_kl_part:.4g}; it should be the batch average of kl_divergence(z_mean, z_log_var), {_kl:.4g} here.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import keras\n'
                                               '>>> from autoencoder_course.grader import expect\n'
                                               '>>> _inputs = [keras.Input(shape=(28, 28, 1)), keras.Input(shape=(28, 28, 1)), keras.Input(shape=(3,)), keras.Input(shape=(3,))]\n'
                                               ">>> _failure = ''\n"
                                               '>>> try:\n'
                                               '...     _out = keras.layers.Lambda(lambda _t: vae_loss(_t[0], _t[1], _t[2], _t[3], 1.0))(_inputs)\n'
                                               '... except Exception as _error:\n'
                                               '...     _failure = type(_error).__name__\n'
                                               '>>> expect(not _failure, f"vae_loss fails on the symbolic tensors of Keras\'s training step (it raised {_failure}): write it with keras.ops '
                                               '(ops.softplus, ops.sum, ops.mean) instead of NumPy, and make sure kl_divergence passes question 2.")\n'
                                               ">>> expect(tuple(_out.shape) == (), f'inside a Keras model vae_loss returns shape {tuple(_out.shape)}; it must return one number.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

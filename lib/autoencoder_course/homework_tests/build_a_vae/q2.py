OK_FORMAT = True

test = {   'name': 'q2',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from keras import ops\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array, expect_close\n'
                                               '>>> _rng = np.random.default_rng(0)\n'
                                               ">>> _mean = _rng.normal(size=(5, 3)).astype('float32')\n"
                                               ">>> _log_var = _rng.normal(size=(5, 3)).astype('float32')\n"
                                               ">>> _kl = ops.convert_to_numpy(call(kl_divergence, _mean, _log_var, name='kl_divergence'))\n"
                                               ">>> expect(np.ndim(_kl) == 1, f'kl_divergence returned shape {np.shape(_kl)}; it must return one KL per image, shape (batch,): sum over the latent "
                                               "dimensions only (axis=-1), not over the batch.')\n"
                                               ">>> expect_array(_kl, 'kl_divergence(z_mean, z_log_var)', shape=(5,))\n"
                                               '>>> _kl = np.asarray(_kl, dtype=np.float64)\n'
                                               '>>> _m, _lv = (_mean.astype(np.float64), _log_var.astype(np.float64))\n'
                                               '>>> _right = -0.5 * np.sum(1.0 + _lv - _m ** 2 - np.exp(_lv), axis=1)\n'
                                               ">>> expect(not np.allclose(_kl, -_right, rtol=0.0001, atol=0.0001), 'your KL has the wrong sign: it comes out negative, and a KL divergence is never "
                                               "negative. The closed form is -0.5 * sum(1 + z_log_var - z_mean**2 - exp(z_log_var)).')\n"
                                               ">>> expect(not np.allclose(_kl, 2 * _right, rtol=0.0001, atol=0.0001), 'your KL is twice the right value: the factor ½ (0.5) in front of the sum is "
                                               "missing.')\n"
                                               ">>> expect(not np.allclose(_kl, _right / 3, rtol=0.0001, atol=0.0001), 'your KL is averaged over the latent dimensions: sum them (ops.sum over "
                                               "axis=-1), since the KLs of independent dimensions add up.')\n"
                                               ">>> expect(not np.allclose(_kl, -0.5 * np.sum(1.0 + _lv - _m ** 2 - np.exp(0.5 * _lv), axis=1), rtol=0.0001, atol=0.0001), 'your KL uses exp(0.5 * "
                                               "z_log_var), the standard deviation, where the variance exp(z_log_var) belongs.')\n"
                                               ">>> expect_close(_kl, _right, 'kl_divergence(z_mean, z_log_var)', atol=0.0001, rtol=0.0001)\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from keras import ops\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               ">>> _mean = np.array([[0.5, -1.0], [2.0, 0.0], [0.0, 0.0], [-0.3, 0.8]], dtype='float32')\n"
                                               ">>> _log_var = np.array([[0.0, -1.0], [0.5, 1.0], [-2.0, 0.3], [0.0, 0.0]], dtype='float32')\n"
                                               '>>> _eps = np.random.default_rng(1).standard_normal((20000, 4, 2))\n'
                                               '>>> _z = _mean + np.exp(0.5 * _log_var.astype(np.float64)) * _eps\n'
                                               '>>> _log_ratio = np.sum(-0.5 * (_log_var + _eps ** 2) + 0.5 * _z ** 2, axis=-1)\n'
                                               '>>> _estimate = _log_ratio.mean(axis=0)\n'
                                               '>>> _error = _log_ratio.std(axis=0) / np.sqrt(len(_log_ratio))\n'
                                               ">>> _kl = np.asarray(ops.convert_to_numpy(call(kl_divergence, _mean, _log_var, name='kl_divergence')), dtype=np.float64)\n"
                                               ">>> expect(np.shape(_kl) == (4,), f'kl_divergence of 4 images returned shape {np.shape(_kl)}, not (4,).')\n"
                                               ">>> expect(np.all(np.abs(_kl - _estimate) <= 4 * _error + 0.001), 'your KL disagrees with a Monte-Carlo estimate, the average of log q(z) - log p(z) "
                                               "over 20,000 codes drawn from q: ' + ', '.join((f'{_a:.3f} against {_b:.3f} ± {_e:.3f}' for _a, _b, _e in zip(_kl, _estimate, _error))) + '.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import keras\n'
                                               '>>> import numpy as np\n'
                                               '>>> from keras import ops\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               ">>> _zero = np.zeros((3, 4), dtype='float32')\n"
                                               ">>> _at_prior = np.asarray(ops.convert_to_numpy(call(kl_divergence, _zero, _zero, name='kl_divergence')), dtype=float)\n"
                                               ">>> expect(np.allclose(_at_prior, 0.0, atol=1e-06), 'the KL of z_mean = 0, z_log_var = 0 (the prior itself) must be 0.')\n"
                                               '>>> _inputs = [keras.Input(shape=(4,)), keras.Input(shape=(4,))]\n'
                                               ">>> _failure = ''\n"
                                               '>>> try:\n'
                                               '...     _out = keras.layers.Lambda(lambda _t: kl_divergence(_t[0], _t[1]))(_inputs)\n'
                                               '... except Exception as _error:\n'
                                               '...     _failure = type(_error).__name__\n'
                                               ">>> expect(not _failure, f'kl_divergence fails on the symbolic tensors of a Keras model, where the loss is computed during training (it raised "
                                               "{_failure}): write it with keras.ops (ops.sum, ops.square, ops.exp) instead of NumPy.')\n"
                                               ">>> expect(tuple(_out.shape) == (None,), f'inside a Keras model kl_divergence returns shape {tuple(_out.shape)}; it should be (batch,): one KL per "
                                               "image.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

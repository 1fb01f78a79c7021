OK_FORMAT = True

test = {   'name': 'q1',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import keras\n'
                                               '>>> import numpy as np\n'
                                               '>>> from keras import ops\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array\n'
                                               ">>> _layer = call(Sampling, name='Sampling')\n"
                                               ">>> expect(isinstance(_layer, keras.layers.Layer), 'Sampling() should be a Keras layer: keep `class Sampling(layers.Layer)`.')\n"
                                               '>>> _n = 4000\n'
                                               ">>> _mean = np.tile(np.array([[3.0, -1.0, 0.0]], dtype='float32'), (_n, 1))\n"
                                               ">>> _log_var = np.tile(np.log(np.array([[0.25, 1.0, 4.0]], dtype='float32')), (_n, 1))\n"
                                               ">>> _z = ops.convert_to_numpy(call(_layer, [_mean, _log_var], name='Sampling()'))\n"
                                               ">>> expect_array(_z, 'Sampling()([z_mean, z_log_var])', shape=(_n, 3))\n"
                                               ">>> expect(not (np.allclose(_z, _z[:1]) and (not np.allclose(_z[0], _mean[0]))), 'all images got the same noise: draw eps with the shape of z_mean, "
                                               "ops.shape(z_mean), so that every image and every latent dimension gets its own number.')\n"
                                               '>>> _spread = (np.asarray(_z, dtype=np.float64) - _mean).std(axis=0)\n'
                                               '>>> _shift = (np.asarray(_z, dtype=np.float64) - _mean).mean(axis=0)\n'
                                               ">>> expect(not np.allclose(_spread, np.abs(np.log([0.25, 1.0, 4.0])), atol=0.05), 'Sampling uses z_log_var as if it were the standard deviation "
                                               "(z_mean + z_log_var * eps): z_log_var is the logarithm of the variance, so the standard deviation is ops.exp(0.5 * z_log_var).')\n"
                                               ">>> expect(not np.allclose(_spread, [0.25, 1.0, 4.0], rtol=0.05), 'the noise in z has standard deviation exp(z_log_var), which is the variance: the "
                                               "factor 0.5 is missing (the standard deviation is the square root of the variance, ops.exp(0.5 * z_log_var)).')\n"
                                               ">>> expect(np.allclose(_spread, [0.5, 1.0, 2.0], rtol=0.05), f'with z_log_var = log 0.25, log 1 and log 4, z should spread around z_mean by 0.5, 1 and "
                                               "2 (standard deviations exp(0.5 * z_log_var)), but it spreads by {_spread[0]:.3g}, {_spread[1]:.3g} and {_spread[2]:.3g}.')\n"
                                               ">>> expect(np.all(np.abs(_shift) < 4 * np.array([0.5, 1.0, 2.0]) / np.sqrt(_n)), f'z is not centred on z_mean (it is off by {_shift[0]:.3g}, "
                                               "{_shift[1]:.3g} and {_shift[2]:.3g} on average): z = z_mean + noise of mean 0.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import keras\n'
                                               '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect\n'
                                               '>>> _inputs = [keras.Input(shape=(2,)), keras.Input(shape=(2,))]\n'
                                               ">>> _failure = ''\n"
                                               '>>> try:\n'
                                               '...     _model = keras.Model(_inputs, Sampling(seed=1)(_inputs))\n'
                                               "...     _z = _model.predict([np.zeros((64, 2), 'float32'), np.zeros((64, 2), 'float32')], batch_size=8, verbose=0)\n"
                                               '... except Exception as _error:\n'
                                               '...     _failure = type(_error).__name__\n'
                                               ">>> expect(not _failure, f'Sampling fails inside a Keras model (it raised {_failure}): there z_mean is a symbolic tensor whose batch size is unknown, "
                                               "which NumPy cannot use. Draw eps with keras.random.normal(ops.shape(z_mean), seed=self.seed_generator) and compute z with keras.ops.')\n"
                                               '>>> expect(len(np.unique(np.round(np.asarray(_z), 6), axis=0)) == 64, "inside a Keras model your layer repeats its noise from batch to batch: give '
                                               'keras.random.normal the layer\'s seed generator (seed=self.seed_generator), not a fixed seed such as seed=0, and draw it inside call.")\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import keras\n'
                                               '>>> import numpy as np\n'
                                               '>>> from keras import ops\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               ">>> _mean, _log_var = (np.zeros((64, 2), dtype='float32'), np.zeros((64, 2), dtype='float32'))\n"
                                               ">>> _layer = call(Sampling, name='Sampling')\n"
                                               ">>> _first = np.asarray(ops.convert_to_numpy(call(_layer, [_mean, _log_var], name='Sampling()')))\n"
                                               ">>> _second = np.asarray(ops.convert_to_numpy(call(_layer, [_mean, _log_var], name='Sampling()')))\n"
                                               ">>> expect(not np.allclose(_first[0], _first[1]), 'all images got the same noise: draw eps with the shape of z_mean, ops.shape(z_mean), so that every "
                                               "image and every latent dimension gets its own number.')\n"
                                               ">>> expect(not np.allclose(_first, _second), 'two calls of the same Sampling layer gave the same z: the noise must be new at every call (every "
                                               "training step). Draw it inside call with seed=self.seed_generator.')\n"
                                               ">>> _seeded = [ops.convert_to_numpy(call(call(Sampling, seed=5, name='Sampling'), [_mean, _log_var], name='Sampling(seed=5)')) for _ in range(2)]\n"
                                               ">>> expect(np.allclose(_seeded[0], _seeded[1]), 'two layers Sampling(seed=5) drew different noise: pass seed=self.seed_generator to "
                                               "keras.random.normal, so that the same seed gives the same run.')\n"
                                               ">>> if keras.config.backend() == 'tensorflow':\n"
                                               '...     import tensorflow as tf\n'
                                               '...     _mean_v, _log_var_v = (tf.Variable(_mean[:8]), tf.Variable(_log_var[:8]))\n'
                                               '...     with tf.GradientTape() as _tape:\n'
                                               '...         _total = tf.reduce_sum(Sampling(seed=2)([_mean_v, _log_var_v]))\n'
                                               '...     _grads = _tape.gradient(_total, [_mean_v, _log_var_v])\n'
                                               "...     expect(_grads[0] is not None and _grads[1] is not None and bool(np.any(np.asarray(_grads[1]) != 0)), 'no gradient reaches z_mean and z_log_var "
                                               "through your z: compute z from them with keras.ops (ops.exp), without converting them to NumPy.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

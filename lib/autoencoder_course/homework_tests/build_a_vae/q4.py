OK_FORMAT = True

test = {   'name': 'q4',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import keras\n'
                                               '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               ">>> _encoder = call(build_encoder, 3, name='build_encoder')\n"
                                               ">>> expect(isinstance(_encoder, keras.Model), f'build_encoder(3) should return a keras.Model, but it returned a {type(_encoder).__name__}.')\n"
                                               ">>> expect(len(_encoder.outputs) == 2, f'the encoder should have two outputs, [z_mean, z_log_var]; yours has {len(_encoder.outputs)}.')\n"
                                               ">>> _images = np.random.default_rng(4).uniform(size=(16, 28, 28, 1)).astype('float32')\n"
                                               '>>> _mean, _log_var = _encoder.predict(_images, verbose=0)\n'
                                               ">>> expect(np.shape(_mean) == (16, 3) and np.shape(_log_var) == (16, 3), f'for 16 images and latent_dim=3, z_mean and z_log_var should each have shape "
                                               "(16, 3), but they have {np.shape(_mean)} and {np.shape(_log_var)}: give each head latent_dim units (the argument, not a fixed number).')\n"
                                               ">>> expect(not np.allclose(_mean, _log_var), 'z_mean and z_log_var are the same numbers: each needs its own Dense layer, and the model returns both, "
                                               "[z_mean, z_log_var].')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import keras\n'
                                               '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect\n'
                                               '>>> _names = [_layer.name for _layer in _encoder.layers]\n'
                                               '>>> expect(\'z_mean\' in _names and \'z_log_var\' in _names, \'name the two heads: layers.Dense(latent_dim, name="z_mean") and '
                                               'layers.Dense(latent_dim, name="z_log_var").\')\n'
                                               ">>> for _head in ('z_mean', 'z_log_var'):\n"
                                               '...     _layer = _encoder.get_layer(_head)\n'
                                               "...     expect(isinstance(_layer, keras.layers.Dense), f'the layer named {_head} should be a Dense layer (a head), not a {type(_layer).__name__}.')\n"
                                               "...     _activation = _layer.get_config().get('activation')\n"
                                               "...     expect(_activation == 'linear', f'the {_head} head has the activation {_activation!r}; give it none: {_head} must be able to take any real "
                                               "value, negative ones too (a log-variance below 0 is a variance below 1).')\n"
                                               ">>> _heads = keras.Model(_encoder.inputs, [_encoder.get_layer('z_mean').output, _encoder.get_layer('z_log_var').output])\n"
                                               '>>> _want_mean, _want_log_var = _heads.predict(_images, verbose=0)\n'
                                               '>>> expect(np.allclose(_mean, _want_mean, atol=1e-05) and np.allclose(_log_var, _want_log_var, atol=1e-05), "the encoder\'s outputs are not the '
                                               'outputs of its z_mean and z_log_var layers, in that order: return keras.Model(images, [z_mean, z_log_var]).")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

OK_FORMAT = True

test = {   'name': 'q3',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> import keras\n'
                                               '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array, expect_function\n'
                                               ">>> expect_function(build_conv_autoencoder, 'build_conv_autoencoder')\n"
                                               ">>> _model = call(build_conv_autoencoder, (16, 32), 4, 'pool', 'upsample', name='build_conv_autoencoder')\n"
                                               ">>> expect(isinstance(_model, keras.Model), f'build_conv_autoencoder must return a keras.Model, got {type(_model).__name__}.')\n"
                                               '>>> expect(tuple(_model.input_shape) == (None, 28, 28, 1), f"the model\'s input shape is {_model.input_shape}; it should be (None, 28, 28, 1).")\n'
                                               '>>> expect(tuple(_model.output_shape) == (None, 28, 28, 1), f"the model\'s output shape is {_model.output_shape}; it should be (None, 28, 28, 1), the '
                                               'shape of the image.")\n'
                                               ">>> _out = keras.ops.convert_to_numpy(_model(np.random.default_rng(0).normal(0.5, 2.0, (2, 28, 28, 1)).astype('float32')))\n"
                                               '>>> expect(_out.min() >= 0.0 and _out.max() <= 1.0, f"""the model\'s outputs range from {_out.min():.2f} to {_out.max():.2f}; pixels must lie in [0, '
                                               '1]: end with activation="sigmoid".""")\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> _names = [layer.name for layer in _model.layers]\n'
                                               '>>> expect(\'code\' in _names, \'the model has no layer named "code": give the bottleneck convolution name="code".\')\n'
                                               '>>> for _c in (4, 2):\n'
                                               "...     _m = call(build_conv_autoencoder, (16, 32), _c, 'stride', 'transpose', name='build_conv_autoencoder')\n"
                                               "...     _shape = tuple(_m.get_layer('code').output.shape)\n"
                                               "...     expect(_shape == (None, 7, 7, _c), f'with code_channels={_c} the code has shape {_shape}; it should be (None, 7, 7, {_c}).')\n"
                                               ">>> expect(7 * 7 * 4 < 784, 'a 7x7x4 code holds fewer numbers than the 784 pixels.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> def _expected_parameters(filters, code_channels):\n'
                                               '...     _widths = [1, *filters, code_channels, *reversed(filters), 1]\n'
                                               '...     return sum(((9 * a + 1) * b for a, b in zip(_widths[:-1], _widths[1:])))\n'
                                               '>>> def _kinds(model):\n'
                                               '...     return [type(layer).__name__ for layer in model.layers]\n'
                                               ">>> for _down in ('pool', 'stride'):\n"
                                               "...     for _up in ('upsample', 'transpose'):\n"
                                               "...         _m = call(build_conv_autoencoder, (16, 32), 4, _down, _up, name='build_conv_autoencoder')\n"
                                               '...         _k = _kinds(_m)\n'
                                               "...         if _down == 'pool':\n"
                                               '...             expect(_k.count(\'MaxPooling2D\') == 2, f"""with downsample="pool" the encoder should have 2 MaxPooling2D layers, yours has '
                                               '{_k.count(\'MaxPooling2D\')}.""")\n'
                                               '...         else:\n'
                                               '...             expect(\'MaxPooling2D\' not in _k, \'with downsample="stride" there should be no MaxPooling2D layer: the convolutions themselves use '
                                               "strides=2.')\n"
                                               "...             _strided = [l for l in _m.layers if type(l).__name__ == 'Conv2D' and tuple(l.strides) == (2, 2)]\n"
                                               '...             expect(len(_strided) == 2, f\'with downsample="stride" the encoder should have 2 Conv2D layers with strides=2, yours has '
                                               "{len(_strided)}.')\n"
                                               "...         if _up == 'upsample':\n"
                                               '...             expect(_k.count(\'UpSampling2D\') == 2 and \'Conv2DTranspose\' not in _k, \'with upsample="upsample" the decoder should use 2 '
                                               "UpSampling2D layers (each followed by a Conv2D) and no Conv2DTranspose.')\n"
                                               '...         else:\n'
                                               '...             expect(_k.count(\'Conv2DTranspose\') == 2 and \'UpSampling2D\' not in _k, f"""with upsample="transpose" the decoder should use 2 '
                                               'Conv2DTranspose layers (strides=2) and no UpSampling2D; yours has {_k.count(\'Conv2DTranspose\')} Conv2DTranspose.""")\n'
                                               '...         _want = _expected_parameters((16, 32), 4)\n'
                                               "...         expect(_m.count_params() == _want, f'build_conv_autoencoder((16, 32), 4, {_down!r}, {_up!r}) has {_m.count_params():,} parameters; the "
                                               "specification gives {_want:,}. Check the kernel sizes (3x3) and the number of filters of each layer.')\n"
                                               '>>> for _f, _c in [((8, 16), 2), ((32, 64), 8)]:\n'
                                               "...     _m = call(build_conv_autoencoder, _f, _c, 'pool', 'upsample', name='build_conv_autoencoder')\n"
                                               "...     expect(_m.count_params() == _expected_parameters(_f, _c), f'build_conv_autoencoder({_f}, {_c}) has {_m.count_params():,} parameters; the "
                                               "specification gives {_expected_parameters(_f, _c):,}: use the arguments filters and code_channels, not fixed numbers.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               ">>> for _bad in [('avg', 'upsample'), ('pool', 'bilinear')]:\n"
                                               '...     try:\n'
                                               '...         build_conv_autoencoder((16, 32), 4, *_bad)\n'
                                               '...     except ValueError:\n'
                                               '...         continue\n'
                                               '...     except Exception as _error:\n'
                                               "...         expect(False, f'build_conv_autoencoder(..., {_bad[0]!r}, {_bad[1]!r}) raised {type(_error).__name__}; it should raise a ValueError.')\n"
                                               "...     expect(False, f'build_conv_autoencoder(..., {_bad[0]!r}, {_bad[1]!r}) did not raise; an unknown option should raise a ValueError.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect, expect_number\n'
                                               ">>> expect(isinstance(noise_results, dict), 'noise_results should be a dict {noise: (mse_input, mse_output)}.')\n"
                                               ">>> expect(sorted(noise_results) == sorted(NOISE_LEVELS), f'noise_results should have one entry per noise level {NOISE_LEVELS}, got keys "
                                               "{sorted(noise_results)}.')\n"
                                               '>>> for _noise, _pair in noise_results.items():\n'
                                               "...     expect(len(_pair) == 2, f'noise_results[{_noise}] should be a pair (mse_input, mse_output).')\n"
                                               "...     expect_number(_pair[0], f'mse_input at noise {_noise}', low=0.0)\n"
                                               "...     expect_number(_pair[1], f'mse_output at noise {_noise}', low=0.0)\n"
                                               '...     expect(abs(_pair[0] - _noise ** 2) < 0.2 * _noise ** 2, f"at noise {_noise} the input\'s MSE is {_pair[0]:.4f}; noise of standard deviation '
                                               '{_noise} should give about {_noise ** 2:.4f}.")\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect, expect_close\n'
                                               '>>> from autoencoder_course.lessons.numpy_autoencoder_ellipses import NumpyAutoencoder\n'
                                               '>>> _c_train, _n_train, _c_test, _n_test = make_split(0.3)\n'
                                               ">>> _ref = NumpyAutoencoder((3, 2, 3), ['tanh', 'identity'], rng=np.random.default_rng(0))\n"
                                               '>>> _history = _ref.fit(_n_train, _c_train, epochs=1000, learning_rate=0.1)\n'
                                               '>>> _expected = np.mean((_ref.predict(_n_test) - _c_test) ** 2)\n'
                                               '>>> expect(abs(noise_results[0.3][1] - _expected) < 1e-06 * _expected, f"at noise 0.3 the output\'s MSE is {noise_results[0.3][1]:.4f}, but a denoiser '
                                               'trained with the recipe on that noise level\'s training set (make_split(noise)) scores {_expected:.4f}.")\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import call, expect, expect_function\n'
                                               ">>> expect_function(smallest_helping_noise, 'smallest_helping_noise')\n"
                                               '>>> _results = {0.6: (0.36, 0.23), 0.2: (0.04, 0.13), 0.45: (0.2, 0.19), 0.05: (0.0025, 0.11)}\n'
                                               ">>> _value = call(smallest_helping_noise, _results, name='smallest_helping_noise')\n"
                                               ">>> expect(_value == 0.45, f'smallest_helping_noise gave {_value!r} for a dict where the output helps at 0.45 and 0.6 (listed 0.6 first): it should be "
                                               "the smallest such level, 0.45.')\n"
                                               '>>> _helps = [n for n, (mse_in, mse_out) in sorted(noise_results.items()) if mse_out < mse_in]\n'
                                               '>>> _expected = _helps[0] if _helps else None\n'
                                               '>>> expect(helps_from_noise == _expected, f"helps_from_noise is {helps_from_noise!r}, but in your noise_results the smallest noise where the output\'s '
                                               'MSE is lower is {_expected!r}: set helps_from_noise = smallest_helping_noise(noise_results).")\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import contextlib\n'
                                               '>>> import io\n'
                                               '>>> from autoencoder_course.grader import expect\n'
                                               '>>> _nothing_helps = {0.05: (0.0025, 0.11), 0.1: (0.01, 0.12), 0.3: (0.09, 0.16)}\n'
                                               '>>> try:\n'
                                               '...     with contextlib.redirect_stdout(io.StringIO()):\n'
                                               '...         _value = smallest_helping_noise(_nothing_helps)\n'
                                               '... except Exception as _error:\n'
                                               "...     _detail = (str(_error).strip().splitlines() or ['no message'])[0]\n"
                                               "...     expect(False, f'when no noise level helps, smallest_helping_noise raised {type(_error).__name__} ({_detail}); it should return None: min(..., "
                                               "default=None) does.')\n"
                                               ">>> expect(_value is None, f'when no noise level helps, smallest_helping_noise should return None, but it returned {_value!r}.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

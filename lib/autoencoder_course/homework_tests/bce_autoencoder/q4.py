OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> from autoencoder_course.grader import expect, expect_number\n'
                                               ">>> expect(isinstance(code_results, dict) and sorted(code_results) == sorted(CODE_SIZES), f'code_results should have one entry per code size in "
                                               "{CODE_SIZES}.')\n"
                                               '>>> for _k, _rate in code_results.items():\n'
                                               "...     expect_number(_rate, f'code_results[{_k}]', low=0.0, high=1.0, hint='a fraction of pixels, between 0 and 1')\n"
                                               '>>> _good = [k for k in sorted(code_results) if code_results[k] < 0.05]\n'
                                               ">>> expect(smallest_good_code == (_good[0] if _good else None), f'smallest_good_code is {smallest_good_code!r}, but in your code_results the smallest "
                                               "code size with an error rate below 0.05 is {(_good[0] if _good else None)!r}.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect\n'
                                               '>>> from autoencoder_course.lessons.numpy_autoencoder_ellipses import NumpyAutoencoder\n'
                                               ">>> _model = NumpyAutoencoder((64, 4, 64), ['tanh', 'sigmoid'], rng=np.random.default_rng(0), loss='bce')\n"
                                               '>>> _history = _model.fit(x_train, epochs=2000, learning_rate=2.0)\n'
                                               '>>> _expected = float(np.mean((_model.predict(x_test) > 0.5) != (x_test > 0.5)))\n'
                                               ">>> expect(abs(code_results[4] - _expected) < 1e-09, f'code_results[4] is {code_results[4]:.4f}, but the recipe gives a test pixel error rate of "
                                               "{_expected:.4f} (use x_test, not x_train, and seed 0).')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

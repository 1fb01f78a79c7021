OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_function, expect_number\n'
                                               ">>> expect_function(bce, 'bce')\n"
                                               ">>> _value = call(bce, np.full((4, 3), 0.5), np.full((4, 3), 0.5), name='bce')\n"
                                               ">>> expect_number(_value, 'bce(0.5, 0.5)')\n"
                                               ">>> expect(abs(_value - np.log(2)) < 1e-09, f'bce of targets 0.5 and outputs 0.5 should be log 2 = 0.6931, got {_value:.4f}: use both terms, x log p "
                                               "and (1 - x) log(1 - p), and the mean over all entries.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> _x = np.array([[1.0, 0.0, 1.0, 0.0]])\n'
                                               '>>> _p = np.array([[0.9, 0.2, 0.6, 0.7]])\n'
                                               '>>> _expected = -np.mean(_x * np.log(_p) + (1 - _x) * np.log(1 - _p))\n'
                                               ">>> _value = call(bce, _x, _p, name='bce')\n"
                                               ">>> expect(abs(_value - _expected) < 1e-09, f'bce gave {_value:.4f} for a small example, expected {_expected:.4f}: use both terms, x log p and (1 - x) "
                                               "log(1 - p), and the mean over all entries.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               ">>> with np.errstate(all='ignore'):\n"
                                               "...     _value = call(bce, np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]), name='bce')\n"
                                               ">>> expect(np.isfinite(_value), 'bce gave an infinite value for outputs of exactly 0 and 1: clip x_hat to [1e-7, 1 - 1e-7] first.')\n"
                                               ">>> expect(abs(_value + np.log(1e-07)) < 1e-06, f'with outputs clipped to [1e-7, 1 - 1e-7], completely wrong outputs should give -log(1e-7) = 16.12, "
                                               "got {_value:.4f}.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

OK_FORMAT = True

test = {   'name': 'q3',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_close, expect_function, expect_number\n'
                                               ">>> expect_function(mse_to_clean, 'mse_to_clean')\n"
                                               '>>> _a = np.random.default_rng(0).standard_normal((20, 3))\n'
                                               '>>> _b = np.random.default_rng(1).standard_normal((20, 3))\n'
                                               ">>> _value = call(mse_to_clean, _a, _b, name='mse_to_clean')\n"
                                               ">>> expect_number(_value, 'mse_to_clean(a, b)')\n"
                                               ">>> expect(abs(_value - np.mean((_a - _b) ** 2)) < 1e-09, f'mse_to_clean(a, b) gave {_value:.4f}; it should be the mean over all points and "
                                               "coordinates of (points - clean) ** 2 (one np.mean, no sum).')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_function, expect_number\n'
                                               ">>> expect_function(distance_to_sphere, 'distance_to_sphere')\n"
                                               '>>> _p = np.array([[2.0, 0.0, 0.0], [0.0, 0.5, 0.0], [0.0, 0.0, -1.0]])\n'
                                               ">>> _value = call(distance_to_sphere, _p, name='distance_to_sphere')\n"
                                               ">>> expect_number(_value, 'distance_to_sphere(points)')\n"
                                               ">>> expect(abs(_value - 0.5) < 1e-09, f'for points of lengths 2, 0.5 and 1 distance_to_sphere gave {_value:.4f}, but it should be 0.5: take the "
                                               "absolute value of (length - 1) before the mean.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

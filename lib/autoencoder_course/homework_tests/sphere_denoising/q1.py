OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array, expect_function\n'
                                               ">>> expect_function(sphere_pair, 'sphere_pair')\n"
                                               ">>> _pair = call(sphere_pair, 500, 0.2, np.random.default_rng(5), name='sphere_pair')\n"
                                               ">>> expect(isinstance(_pair, tuple) and len(_pair) == 2, 'sphere_pair must return a tuple (clean, noisy) of two arrays.')\n"
                                               '>>> _clean, _noisy = _pair\n'
                                               ">>> expect_array(_clean, 'clean', shape=(500, 3))\n"
                                               ">>> expect_array(_noisy, 'noisy', shape=(500, 3))\n"
                                               ">>> expect(np.allclose(np.linalg.norm(_clean, axis=1), 1.0), 'every clean point should have length 1 (use make_sphere without noise).')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               ">>> _clean, _noisy = call(sphere_pair, 2000, 0.2, np.random.default_rng(6), name='sphere_pair')\n"
                                               '>>> _diff = np.asarray(_noisy) - np.asarray(_clean)\n'
                                               ">>> expect(np.linalg.norm(_diff, axis=1).mean() < 0.6, 'noisy is far from clean: noisy must be the same clean points plus a little noise, not new "
                                               "points.')\n"
                                               ">>> expect(np.abs(_diff).max() > 0, 'noisy is the same as clean: noisy should be the same points plus noise.')\n"
                                               ">>> expect(abs(_diff.mean()) < 0.02, f'the noise has mean {_diff.mean():.3f}; it should have mean 0, so noisy and clean should be the same points plus "
                                               "noise.')\n"
                                               ">>> expect(abs(_diff.std() - 0.2) < 0.01, f'with noise=0.2 the noise has standard deviation {_diff.std():.3f}; it should be 0.2 (noise * "
                                               "rng.standard_normal).')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.data import make_sphere\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> _r = np.random.default_rng(7)\n'
                                               '>>> _expected_clean = make_sphere(50, rng=_r)\n'
                                               '>>> _expected_noisy = _expected_clean + 0.1 * _r.standard_normal((50, 3))\n'
                                               ">>> _clean, _noisy = call(sphere_pair, 50, 0.1, np.random.default_rng(7), name='sphere_pair')\n"
                                               ">>> expect(np.allclose(_clean, _expected_clean), 'clean should be make_sphere(n_points, rng=rng), drawn first from rng.')\n"
                                               ">>> expect(np.allclose(_noisy, _expected_noisy), 'draw the noise from rng after the clean points: clean + noise * "
                                               "rng.standard_normal(clean.shape).')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

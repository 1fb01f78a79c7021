OK_FORMAT = True

test = {   'name': 'q2',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array, expect_function\n'
                                               ">>> expect_function(add_noise, 'add_noise')\n"
                                               '>>> _gray = np.full((400, 50), 0.5)\n'
                                               ">>> _out = call(add_noise, _gray.copy(), 0.1, np.random.default_rng(1), name='add_noise')\n"
                                               ">>> expect_array(_out, 'add_noise(gray, 0.1, rng)', shape=(400, 50))\n"
                                               '>>> _diff = np.asarray(_out, dtype=float) - _gray\n'
                                               ">>> expect(abs(_diff.mean()) < 0.005, f'the noise add_noise adds has mean {_diff.mean():.3f}; it should have mean 0 (use rng.standard_normal).')\n"
                                               ">>> expect(abs(_diff.std() - 0.1) < 0.005, f'with sigma=0.1 the noise has standard deviation {_diff.std():.4f}; it should be 0.1 (multiply standard "
                                               "normal noise by sigma).')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> _bright = np.full((100, 100), 0.9)\n'
                                               ">>> _out = np.asarray(call(add_noise, _bright.copy(), 0.5, np.random.default_rng(2), name='add_noise'), dtype=float)\n"
                                               ">>> expect(_out.min() >= 0.0 and _out.max() <= 1.0, f'add_noise returns values from {_out.min():.3f} to {_out.max():.3f}; clip the result to [0, 1] "
                                               "with np.clip.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> _images = np.random.default_rng(3).random((4, 28, 28))\n'
                                               '>>> _kept = _images.copy()\n'
                                               ">>> _first = call(add_noise, _images, 0.2, np.random.default_rng(7), name='add_noise')\n"
                                               ">>> expect(np.array_equal(_images, _kept), 'add_noise changed the array you passed in; return a new array instead (no +=).')\n"
                                               ">>> _again = call(add_noise, _images, 0.2, np.random.default_rng(7), name='add_noise')\n"
                                               ">>> _other = call(add_noise, _images, 0.2, np.random.default_rng(8), name='add_noise')\n"
                                               ">>> expect(np.allclose(_first, _again) and (not np.allclose(_first, _other)), 'add_noise must draw its noise from the rng argument "
                                               "(rng.standard_normal), so that the same seed gives the same noise.')\n"
                                               ">>> expect(np.shape(_first) == (4, 28, 28), f'add_noise must keep the shape of images: (4, 28, 28) came back as {np.shape(_first)}.')\n"
                                               ">>> _zero = call(add_noise, _images, 0.0, np.random.default_rng(7), name='add_noise')\n"
                                               ">>> expect(np.allclose(_zero, _images), 'with sigma=0, add_noise should return the images unchanged.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

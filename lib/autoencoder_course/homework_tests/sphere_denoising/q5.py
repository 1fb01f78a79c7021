OK_FORMAT = True

test = {   'name': 'q5',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect, expect_number\n'
                                               ">>> expect(isinstance(lr_results, dict) and sorted(lr_results) == sorted(LEARNING_RATES), f'lr_results should have one entry per learning rate in "
                                               "{LEARNING_RATES}.')\n"
                                               '>>> for _lr, _loss in lr_results.items():\n'
                                               "...     expect_number(_loss, f'lr_results[{_lr}]', low=0.0)\n"
                                               ">>> expect(best_learning_rate == min(lr_results, key=lr_results.get), f'best_learning_rate is {best_learning_rate!r}, but the lowest final loss in "
                                               "lr_results is at {min(lr_results, key=lr_results.get)!r}.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect_close\n'
                                               '>>> from autoencoder_course.lessons.numpy_autoencoder_ellipses import NumpyAutoencoder\n'
                                               ">>> _ref = NumpyAutoencoder((3, 2, 3), ['tanh', 'identity'], rng=np.random.default_rng(0))\n"
                                               '>>> _history = _ref.fit(noisy_train, clean_train, epochs=500, learning_rate=0.03)\n'
                                               ">>> expect_close(lr_results[0.03], _ref.history[-1], 'the final training loss for learning rate 0.03', rtol=1e-06)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

OK_FORMAT = True

test = {   'name': 'q2',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_function\n'
                                               '>>> from autoencoder_course.lessons.numpy_autoencoder_ellipses import NumpyAutoencoder\n'
                                               ">>> expect_function(train_denoiser, 'train_denoiser')\n"
                                               ">>> _model = call(train_denoiser, noisy_train, clean_train, epochs=50, learning_rate=0.1, seed=0, name='train_denoiser')\n"
                                               ">>> expect(isinstance(_model, NumpyAutoencoder), f'train_denoiser should return the trained NumpyAutoencoder, got {type(_model).__name__}.')\n"
                                               ">>> expect(_model.layer_sizes == (3, 2, 3), f'the network should have layer sizes (3, 2, 3), got {_model.layer_sizes}.')\n"
                                               '>>> expect([a.name for a in _model.activations] == [\'tanh\', \'identity\'], "use the activations [\'tanh\', \'identity\'].")\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> from autoencoder_course.lessons.numpy_autoencoder_ellipses import NumpyAutoencoder\n'
                                               ">>> _model = call(train_denoiser, noisy_train, clean_train, epochs=200, learning_rate=0.1, seed=3, name='train_denoiser')\n"
                                               ">>> _ref = NumpyAutoencoder((3, 2, 3), ['tanh', 'identity'], rng=np.random.default_rng(3))\n"
                                               '>>> _history = _ref.fit(noisy_train, clean_train, epochs=200, learning_rate=0.1)\n'
                                               ">>> _same_start = NumpyAutoencoder((3, 2, 3), ['tanh', 'identity'], rng=np.random.default_rng(3))\n"
                                               '>>> _history = _same_start.fit(noisy_train, epochs=200, learning_rate=0.1)\n'
                                               ">>> expect(not np.allclose(_model.predict(noisy_test), _same_start.predict(noisy_test)), 'the model was trained to copy its noisy input: pass the "
                                               "clean points as targets, fit(noisy, clean, ...).')\n"
                                               ">>> expect(np.allclose(_model.predict(noisy_test), _ref.predict(noisy_test), atol=1e-08), 'the trained model differs from the recipe: "
                                               "rng=np.random.default_rng(seed), fit(noisy, clean, epochs=epochs, learning_rate=learning_rate), plain gradient descent.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

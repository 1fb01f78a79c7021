OK_FORMAT = True

test = {   'name': 'q1',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array\n'
                                               '>>> _rng = np.random.default_rng(0)\n'
                                               '>>> _classes = np.array([2, 5, 7])\n'
                                               '>>> _centres = _rng.normal(0, 4, size=(3, 5))\n'
                                               '>>> _train_labels = np.repeat(_classes, 30)\n'
                                               '>>> _train = _centres[np.repeat(np.arange(3), 30)] + _rng.normal(size=(90, 5))\n'
                                               '>>> _test_labels = np.repeat(_classes, 20)\n'
                                               '>>> _test = _centres[np.repeat(np.arange(3), 20)] + 1.5 * _rng.normal(size=(60, 5))\n'
                                               '>>> _means = np.stack([_train[_train_labels == c].mean(axis=0) for c in _classes])\n'
                                               '>>> _reference = _classes[np.argmin(((_test[:, None] - _means[None]) ** 2).sum(axis=-1), axis=1)]\n'
                                               ">>> _predicted = call(nearest_centroid_predict, _train, _train_labels, _test, name='nearest_centroid_predict')\n"
                                               ">>> expect_array(_predicted, 'nearest_centroid_predict(...)', shape=(60,))\n"
                                               '>>> _predicted = np.asarray(_predicted)\n'
                                               ">>> expect(set(np.unique(_predicted)) <= set(_classes.tolist()), f'the predictions should be labels from train_labels ({_classes.tolist()}), not class "
                                               "positions: got values {sorted(set(_predicted.tolist()))}.')\n"
                                               '>>> _far = np.mean(_predicted == _classes[np.argmax(((_test[:, None] - _means[None]) ** 2).sum(axis=-1), axis=1)])\n'
                                               ">>> expect(_far < 0.5, 'each test row must get the label of the nearest class mean (argmin of the distance), not the farthest.')\n"
                                               ">>> expect(np.array_equal(_predicted, _reference), f'{int(np.sum(_predicted != _reference))} of 60 predictions differ from the nearest class mean: "
                                               "compare with the mean feature vector of each class (not a single example).')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

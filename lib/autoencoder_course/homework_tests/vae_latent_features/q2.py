OK_FORMAT = True

test = {   'name': 'q2',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array\n'
                                               '>>> _labels = np.repeat(np.arange(10), 12)\n'
                                               '>>> _ = np.random.default_rng(0).shuffle(_labels)\n'
                                               ">>> _index = call(labelled_subset, _labels, 5, np.random.default_rng(1), name='labelled_subset')\n"
                                               ">>> expect_array(_index, 'labelled_subset(labels, 5, rng)', shape=(50,), dtype='int')\n"
                                               '>>> _index = np.asarray(_index)\n'
                                               ">>> expect(_index.min() >= 0 and _index.max() < len(_labels), 'the indices must point into labels (0 to len(labels) - 1).')\n"
                                               ">>> expect(np.array_equal(np.bincount(_labels[_index], minlength=10), np.full(10, 5)), 'the subset must hold exactly per_class examples of each digit "
                                               "0-9.')\n"
                                               ">>> expect(len(np.unique(_index)) == len(_index), 'the subset repeats an example: draw different examples (replace=False).')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> _labels = np.repeat(np.arange(10), 40)\n'
                                               ">>> _a = np.asarray(call(labelled_subset, _labels, 3, np.random.default_rng(5), name='labelled_subset'))\n"
                                               ">>> _b = np.asarray(call(labelled_subset, _labels, 3, np.random.default_rng(5), name='labelled_subset'))\n"
                                               ">>> _c = np.asarray(call(labelled_subset, _labels, 3, np.random.default_rng(6), name='labelled_subset'))\n"
                                               ">>> expect(np.array_equal(_a, _b), 'the same seed must give the same subset: draw with the rng argument.')\n"
                                               ">>> expect(not np.array_equal(np.sort(_a), np.sort(_c)), 'different seeds give the same subset: draw the examples at random with rng, not the first "
                                               "ones.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

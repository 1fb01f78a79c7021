OK_FORMAT = True

test = {   'name': 'q2',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array, expect_function\n'
                                               ">>> expect_function(stamp_counts, 'stamp_counts')\n"
                                               '>>> for _k, _s, _n in [(3, 2, 6), (4, 2, 6), (2, 2, 5), (3, 1, 4), (5, 3, 4)]:\n'
                                               "...     _got = call(stamp_counts, _k, _s, _n, name='stamp_counts')\n"
                                               '...     _length = (_n - 1) * _s + _k\n'
                                               "...     expect_array(_got, f'stamp_counts({_k}, {_s}, {_n})', shape=(_length,))\n"
                                               "...     _layer = keras.layers.Conv1DTranspose(1, _k, strides=_s, padding='valid', use_bias=False, kernel_initializer='ones')\n"
                                               "...     _want = np.rint(keras.ops.convert_to_numpy(_layer(np.ones((1, _n, 1), dtype='float32')))[0, :, 0]).astype(int)\n"
                                               "...     expect(np.array_equal(np.asarray(_got), _want), f'stamp_counts({_k}, {_s}, {_n}) returned {np.asarray(_got).tolist()}; it should be "
                                               "{_want.tolist()} (input i stamps positions i*{_s} to i*{_s}+{_k - 1}).')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

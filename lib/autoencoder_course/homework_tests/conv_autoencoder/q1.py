OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> from autoencoder_course.grader import call, expect, expect_function\n'
                                               ">>> expect_function(conv_output_size, 'conv_output_size')\n"
                                               '>>> for _n, _k, _s in [(28, 3, 1), (28, 3, 2), (14, 3, 2), (7, 3, 2), (28, 5, 1), (28, 2, 2), (9, 4, 3)]:\n'
                                               "...     _got = call(conv_output_size, _n, _k, _s, 'same', name='conv_output_size')\n"
                                               '...     expect(isinstance(_got, (int, np.integer)), f"conv_output_size({_n}, {_k}, {_s}, \'same\') returned {_got!r}; return a whole number (an int), '
                                               'e.g. with // instead of /.")\n'
                                               '...     _want = -(-_n // _s)\n'
                                               '...     expect(_got == _want, f"""with padding="same", conv_output_size({_n}, {_k}, {_s}, \'same\') should be ceil({_n}/{_s}) = {_want}, not '
                                               '{_got}.""")\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> for _n, _k, _s in [(28, 3, 1), (28, 3, 2), (14, 3, 2), (28, 5, 1), (28, 2, 2), (9, 4, 3), (5, 5, 1)]:\n'
                                               "...     _got = call(conv_output_size, _n, _k, _s, 'valid', name='conv_output_size')\n"
                                               '...     expect(isinstance(_got, (int, np.integer)), f"conv_output_size({_n}, {_k}, {_s}, \'valid\') returned {_got!r}; return a whole number (an int), '
                                               'e.g. with // instead of /.")\n'
                                               '...     _want = (_n - _k) // _s + 1\n'
                                               '...     expect(_got == _want, f"""with padding="valid", conv_output_size({_n}, {_k}, {_s}, \'valid\') should be floor(({_n}-{_k})/{_s}) + 1 = {_want}, '
                                               'not {_got}.""")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

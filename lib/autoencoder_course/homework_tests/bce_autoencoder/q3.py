OK_FORMAT = True

test = {   'name': 'q3',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array, expect_function\n'
                                               ">>> expect_function(output_delta, 'output_delta')\n"
                                               '>>> _r = np.random.default_rng(1)\n'
                                               '>>> _x = _r.uniform(0, 1, (3, 4))\n'
                                               '>>> _a = _r.normal(0, 1.5, (3, 4))\n'
                                               ">>> _delta = call(output_delta, _x, _a, name='output_delta')\n"
                                               ">>> expect_array(_delta, 'output_delta(x, a)', shape=(3, 4))\n"
                                               '>>> def _loss(a):\n'
                                               '...     return np.mean(_x * (np.maximum(-a, 0) + np.log1p(np.exp(-np.abs(a)))) + (1 - _x) * (np.maximum(a, 0) + np.log1p(np.exp(-np.abs(a)))))\n'
                                               '>>> _numeric = np.zeros_like(_a)\n'
                                               '>>> for _i in np.ndindex(_a.shape):\n'
                                               '...     _step = np.zeros_like(_a)\n'
                                               '...     _step[_i] = 1e-06\n'
                                               '...     _numeric[_i] = (_loss(_a + _step) - _loss(_a - _step)) / 2e-06\n'
                                               '>>> _ratio = float(np.sum(np.asarray(_delta) * _numeric) / np.sum(_numeric * _numeric))\n'
                                               '>>> expect(np.allclose(_delta, _numeric, atol=1e-08), f"output_delta disagrees with finite differences (it is about {_ratio:.3g} times the true '
                                               'gradient): divide (sigmoid(a) - x) by the number of entries, x.size; the sigmoid\'s derivative cancels, so do not multiply by it.")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

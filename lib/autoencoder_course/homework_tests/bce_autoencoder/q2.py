OK_FORMAT = True

test = {   'name': 'q2',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_function, expect_number\n'
                                               ">>> expect_function(bce_from_logits, 'bce_from_logits')\n"
                                               '>>> _r = np.random.default_rng(0)\n'
                                               '>>> _x = _r.uniform(0, 1, (5, 4))\n'
                                               '>>> _a = _r.normal(0, 2, (5, 4))\n'
                                               '>>> _p = 1 / (1 + np.exp(-_a))\n'
                                               '>>> _expected = -np.mean(_x * np.log(_p) + (1 - _x) * np.log(1 - _p))\n'
                                               ">>> _value = call(bce_from_logits, _x, _a, name='bce_from_logits')\n"
                                               ">>> expect_number(_value, 'bce_from_logits(x, a)')\n"
                                               ">>> expect(abs(_value - _expected) < 1e-09, f'bce_from_logits gave {_value:.6f} for moderate logits, but the BCE of sigmoid(a) is {_expected:.6f}.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               ">>> with np.errstate(all='ignore'):\n"
                                               "...     _value = call(bce_from_logits, np.array([[1.0, 0.0]]), np.array([[-1000.0, 1000.0]]), name='bce_from_logits')\n"
                                               ">>> expect(np.isfinite(_value) and abs(_value - 1000.0) < 1e-06, f'for x = [1, 0] and a = [-1000, 1000] the loss should be exactly 1000 and finite, "
                                               "got {_value}: use the stable softplus, never log(sigmoid(a)).')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

OK_FORMAT = True

test = {   'name': 'q1',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array\n'
                                               '>>> _rng = np.random.default_rng(0)\n'
                                               '>>> _x = _rng.uniform(size=(6, 28, 28, 1))\n'
                                               '>>> _p = _rng.uniform(0.05, 0.95, size=(6, 28, 28, 1))\n'
                                               '>>> _m, _lv = (_rng.normal(size=(6, 3)), _rng.normal(size=(6, 3)))\n'
                                               ">>> _out = call(beta_vae_terms, _x, _p, _m, _lv, 1.0, name='beta_vae_terms')\n"
                                               ">>> expect(isinstance(_out, (tuple, list)) and len(_out) == 3, 'beta_vae_terms must return three arrays: (reconstruction, kl, loss).')\n"
                                               '>>> _rec, _kl, _loss = _out\n'
                                               ">>> for _value, _name in ((_rec, 'reconstruction'), (_kl, 'kl'), (_loss, 'loss')):\n"
                                               '...     expect_array(_value, _name, shape=(6,))\n'
                                               '>>> _ref_rec = -np.sum(_x * np.log(_p) + (1 - _x) * np.log(1 - _p), axis=(1, 2, 3))\n'
                                               '>>> _ref_kl = -0.5 * np.sum(1 + _lv - _m ** 2 - np.exp(_lv), axis=1)\n'
                                               ">>> expect(not np.allclose(_rec, _ref_rec / 784, rtol=0.001), 'reconstruction is the per-pixel average; it must be summed over the 784 pixels of each "
                                               "image (np.sum, not np.mean).')\n"
                                               ">>> expect(np.allclose(_rec, _ref_rec, rtol=1e-05), 'reconstruction is not the binary cross-entropy summed over the 784 pixels of each image.')\n"
                                               ">>> expect(np.allclose(_kl, _ref_kl, rtol=1e-05), 'kl does not match the closed form -0.5 * sum(1 + log_var - mean**2 - exp(log_var)) over the latent "
                                               "dimensions (check the sign).')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> _rng = np.random.default_rng(1)\n'
                                               '>>> _x = _rng.uniform(size=(4, 28, 28, 1))\n'
                                               '>>> _p = _rng.uniform(0.05, 0.95, size=(4, 28, 28, 1))\n'
                                               '>>> _m, _lv = (_rng.normal(size=(4, 2)), _rng.normal(size=(4, 2)))\n'
                                               ">>> _rec1, _kl1, _loss1 = call(beta_vae_terms, _x, _p, _m, _lv, 1.0, name='beta_vae_terms')\n"
                                               ">>> _rec4, _kl4, _loss4 = call(beta_vae_terms, _x, _p, _m, _lv, 4.0, name='beta_vae_terms')\n"
                                               ">>> expect(np.allclose(_rec1, _rec4) and np.allclose(_kl1, _kl4), 'reconstruction and kl must not depend on beta: beta multiplies only the KL term, "
                                               "inside loss.')\n"
                                               ">>> expect(np.allclose(_loss4, np.asarray(_rec4) + 4.0 * np.asarray(_kl4), rtol=1e-06), 'loss must be reconstruction + beta * kl: beta multiplies only "
                                               "the KL term.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> _x = np.zeros((2, 28, 28, 1))\n'
                                               '>>> _x[0, 10:18, 12:16] = 1.0\n'
                                               '>>> _p = np.zeros((2, 28, 28, 1))\n'
                                               ">>> _rec, _kl, _loss = call(beta_vae_terms, _x, _p, np.zeros((2, 2)), np.zeros((2, 2)), 1.0, name='beta_vae_terms')\n"
                                               '>>> _rec = np.asarray(_rec, dtype=float)\n'
                                               ">>> expect(np.all(np.isfinite(_rec)), 'with probabilities of exactly 0 or 1 the reconstruction is NaN or infinite: clip the probabilities to [1e-7, 1 "
                                               "- 1e-7] first.')\n"
                                               ">>> expect(_rec[1] < 0.001 and _rec[0] > 100, 'a blank target decoded as blank should cost (almost) nothing, a wrong one a lot: check the clipping and "
                                               "the formula.')\n"
                                               ">>> expect(np.allclose(np.asarray(_kl, dtype=float), 0.0, atol=1e-09), 'the KL of mean 0, log-variance 0 (the prior itself) must be 0.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               '>>> expect(cause_1 is not Ellipsis, \'cause_1 is still the placeholder `...`: set it to a letter from the list of causes, e.g. "A".\')\n'
                                               '>>> expect(isinstance(cause_1, str) and cause_1.strip().upper() in CAUSES, f"cause_1 should be one of the letters {\', \'.join(CAUSES)} (a string).")\n'
                                               '>>> _name, _symptom = CAUSES[cause_1.strip().upper()]\n'
                                               ">>> expect(cause_1.strip().upper() == 'D', f'cause_1: {_name} would show as {_symptom}. Is that what run 1 shows?')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.data import add_gaussian_noise\n'
                                               '>>> from autoencoder_course.grader import expect, expect_array\n'
                                               ">>> expect_array(val_inputs_1, 'val_inputs_1', shape=x_val.shape, low=0.0, high=1.0)\n"
                                               '>>> _v = np.asarray(val_inputs_1, dtype=np.float64)\n'
                                               ">>> expect(not np.allclose(_v, x_val, atol=0.001), 'val_inputs_1 are still the clean validation images: a denoiser must be validated on the task it is "
                                               "trained for, noisy inputs with clean targets.')\n"
                                               '>>> _corr = np.mean([np.corrcoef(_a, _b)[0, 1] for _a, _b in zip(_v[:50], x_val[:50])])\n'
                                               ">>> expect(_corr > 0.4, f'val_inputs_1 are not noisy copies of x_val (their correlation with the validation images is {_corr:.2f}): add noise to x_val "
                                               "itself, not to other images.')\n"
                                               '>>> _gap = np.mean(np.abs(_v - x_val))\n'
                                               '>>> _reference = np.mean(np.abs(add_gaussian_noise(x_val, SIGMA, np.random.default_rng(0)) - x_val))\n'
                                               ">>> expect(abs(_gap - _reference) < 0.2 * _reference, f'the noise in val_inputs_1 is not that of training: its mean absolute size is {_gap:.3f}, noise "
                                               "of standard deviation SIGMA = {SIGMA} gives {_reference:.3f}. Use the noise level of the training inputs.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.data import add_gaussian_noise\n'
                                               '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect(repaired_1 is not None, 'the repaired run did not finish: see the message printed under your answer cell.')\n"
                                               '>>> _model, _history = repaired_1\n'
                                               '>>> _fresh = mse(_model, add_gaussian_noise(x_val, SIGMA, np.random.default_rng(7)), x_val)\n'
                                               ">>> _last = _history['val_loss'][-1]\n"
                                               '>>> expect(abs(_last - _fresh) < 0.15 * _fresh, f"the repaired validation loss ({_last:.4f}) should agree with the denoiser\'s error on freshly noised '
                                               'validation digits ({_fresh:.4f}) within 15 %.")\n'
                                               ">>> expect(_history['val_loss'][-1] < _history['val_loss'][0], 'the repaired validation loss should fall from the first epoch to the last.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

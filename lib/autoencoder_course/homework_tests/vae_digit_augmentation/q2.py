OK_FORMAT = True

test = {   'name': 'q2',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect('results' in globals() and isinstance(results, dict) and (len(results) == 2), 'results is missing: pass question 1 and run the experiment "
                                               "cell first.')\n"
                                               ">>> expect(isinstance(vae_gain, dict) and set(vae_gain) == set(PER_CLASS_VALUES), f'vae_gain should be a dict with keys {PER_CLASS_VALUES}, but it is "
                                               "{vae_gain!r}.')\n"
                                               '>>> for _k in PER_CLASS_VALUES:\n'
                                               "...     _want = results[_k]['+ VAE variants'] - results[_k]['real only']\n"
                                               "...     expect(np.isclose(float(vae_gain[_k]), _want, atol=1e-09), f'vae_gain[{_k}] should be the accuracy with VAE variants minus the accuracy with "
                                               "real digits only (a fraction, not a percentage).')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect(isinstance(vae_beats_shifts, bool), f'vae_beats_shifts should be True or False, but it is {vae_beats_shifts!r}.')\n"
                                               ">>> expect(vae_beats_shifts == (results[5]['+ VAE variants'] > results[5]['+ shifted copies']), 'vae_beats_shifts does not match your results at 5 "
                                               "labels per class.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

OK_FORMAT = True

test = {   'name': 'q3',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect('results' in globals() and isinstance(results, dict) and (len(results) == 3), 'results is missing: pass questions 1 and 2 and run the "
                                               "experiment cell first.')\n"
                                               ">>> expect(isinstance(vae_minus_pixels, dict) and set(vae_minus_pixels) == set(PER_CLASS_VALUES), f'vae_minus_pixels should be a dict with keys "
                                               "{PER_CLASS_VALUES}.')\n"
                                               '>>> for _k in PER_CLASS_VALUES:\n'
                                               "...     expect(np.isclose(float(vae_minus_pixels[_k]), results['VAE code (16)'][_k] - results['pixels (784)'][_k], atol=1e-09), "
                                               "f'vae_minus_pixels[{_k}] should be the VAE-code accuracy minus the pixel accuracy (a fraction).')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect(best_features_at_10 in results, f'best_features_at_10 should be a key of results ({list(results)}), but it is {best_features_at_10!r}.')\n"
                                               ">>> expect(results[best_features_at_10][10] == max((row[10] for row in results.values())), 'best_features_at_10 is not the feature set with the "
                                               "highest accuracy at 10 labels per class.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

OK_FORMAT = True

test = {   'name': 'q5',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               '>>> expect(cause_5 is not Ellipsis, \'cause_5 is still the placeholder `...`: set it to a letter from the list of causes, e.g. "A".\')\n'
                                               '>>> expect(isinstance(cause_5, str) and cause_5.strip().upper() in CAUSES, f"cause_5 should be one of the letters {\', \'.join(CAUSES)} (a string).")\n'
                                               '>>> _name, _symptom = CAUSES[cause_5.strip().upper()]\n'
                                               ">>> expect(cause_5.strip().upper() == 'C', f'cause_5: {_name} would show as {_symptom}. Is that what run 5 shows?')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array\n'
                                               '>>> _per_pixel = np.random.default_rng(0).uniform(0.0, 2.0, (3, 784)).astype(np.float32)\n'
                                               ">>> _terms = call(reduce_pixels, _per_pixel, name='reduce_pixels')\n"
                                               ">>> expect(np.ndim(_terms) == 1 and np.shape(_terms)[0] == 3, f'reduce_pixels should give one number per image: for 3 images it gave shape "
                                               "{np.shape(_terms)}. Reduce over the pixels, axis=1.')\n"
                                               ">>> expect_array(_terms, 'reduce_pixels(per_pixel)', shape=(3,))\n"
                                               '>>> _terms = np.asarray(_terms, dtype=np.float64)\n'
                                               '>>> expect(not np.allclose(_terms, _per_pixel.mean(axis=1), rtol=0.0001), "reduce_pixels averages over the pixels: the KL then weighs as much as 784 '
                                               'pixels\' worth of reconstruction, and the code is pushed to carry nothing (posterior collapse). The BCE of an image is the sum over its pixels.")\n'
                                               '>>> expect(np.allclose(_terms, _per_pixel.sum(axis=1), rtol=0.0001), "reduce_pixels should give each image\'s BCE summed over its 784 pixels.")\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect(repaired_5 is not None, 'the repaired run did not finish: see the message printed under your answer cell.')\n"
                                               '>>> _reconstruction, _kl = repaired_5[1]\n'
                                               '>>> expect(_kl > 2.0, f"the repaired VAE\'s KL is {_kl:.3f} nats on the test digits: its code still carries almost nothing about the digit.")\n'
                                               ">>> expect(_reconstruction + _kl < reconstruction_5 + kl_5 - 5.0, f'the repaired VAE scores {_reconstruction + _kl:.1f} nats per test digit, run 5 "
                                               "{reconstruction_5 + kl_5:.1f}: it should be at least 5 nats better.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

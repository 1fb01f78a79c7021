OK_FORMAT = True

test = {   'name': 'q3',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect, expect_array\n'
                                               ">>> expect_array(noisy, 'noisy', shape=(100, 784), low=0.0, high=1.0)\n"
                                               '>>> _level = float(np.std(np.asarray(noisy, dtype=float) - clean))\n'
                                               '>>> _reference = np.clip(clean + 0.5 * np.random.default_rng(12345).standard_normal(np.shape(clean)), 0.0, 1.0)\n'
                                               '>>> _expected = float(np.std(_reference - clean))\n'
                                               ">>> expect(abs(_level - _expected) < 0.015, f'noisy differs from clean by {_level:.3f} (standard deviation); with noise of sigma 0.5, clipped to [0, "
                                               "1], it should be about {_expected:.3f} (less than 0.5: clipping cuts the noise on the many black pixels).')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import expect_close, expect_number\n'
                                               '>>> from autoencoder_course.metrics import psnr\n'
                                               ">>> expect_number(psnr_noisy, 'psnr_noisy', low=5.0, high=15.0, hint='PSNR is in decibels, 10*log10(1/MSE): did you compute the MSE instead?')\n"
                                               ">>> expect_close(psnr_noisy, psnr(clean, noisy), 'psnr_noisy', atol=0.01)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

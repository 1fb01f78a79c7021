OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect, expect_array, expect_close, expect_number\n'
                                               '>>> from autoencoder_course.metrics import psnr\n'
                                               ">>> expect(result is not Ellipsis, 'result is still the placeholder `...`: set result = train_and_score(denoiser).')\n"
                                               ">>> expect(isinstance(result, dict) and {'psnr', 'denoised'} <= set(result), 'result should be the dict that train_and_score returns (keys psnr, "
                                               "denoised, seconds, parameters).')\n"
                                               '>>> expect_array(result[\'denoised\'], \'result["denoised"]\', shape=(500, 28, 28, 1), low=0.0, high=1.0)\n'
                                               '>>> expect_number(result[\'psnr\'], \'result["psnr"]\', low=0.0, high=60.0, hint=\'PSNR is in decibels\')\n'
                                               '>>> expect_close(result[\'psnr\'], psnr(test_clean, result[\'denoised\']), \'result["psnr"]\', atol=0.01)\n'
                                               '>>> _again = denoiser.predict(test_noisy[:16], verbose=0)\n'
                                               '>>> expect(np.allclose(_again, result[\'denoised\'][:16], atol=0.0001), \'result["denoised"] is not what denoiser makes of test_noisy: train and score '
                                               "the same model you built (result = train_and_score(denoiser)).')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               '>>> from autoencoder_course.metrics import psnr\n'
                                               ">>> _gain = result['psnr'] - psnr(test_clean, test_noisy)\n"
                                               '>>> expect(_gain >= 3.0, f"your denoiser scores {result[\'psnr\']:.2f} dB, only {_gain:+.2f} dB better than the noisy input; a working one gains more '
                                               'than 3 dB. Check that the model ends with a sigmoid and that train_and_score got the model you built.")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

OK_FORMAT = True

test = {   'name': 'q2',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               '>>> expect(cause_2 is not Ellipsis, \'cause_2 is still the placeholder `...`: set it to a letter from the list of causes, e.g. "A".\')\n'
                                               '>>> expect(isinstance(cause_2, str) and cause_2.strip().upper() in CAUSES, f"cause_2 should be one of the letters {\', \'.join(CAUSES)} (a string).")\n'
                                               '>>> _name, _symptom = CAUSES[cause_2.strip().upper()]\n'
                                               ">>> expect(cause_2.strip().upper() == 'I', f'cause_2: {_name} would show as {_symptom}. Is that what run 2 shows?')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array\n'
                                               '>>> _clean = x_val[:20]\n'
                                               ">>> _pairs = call(make_training_pairs, _clean, SIGMA, np.random.default_rng(0), name='make_training_pairs')\n"
                                               ">>> expect(isinstance(_pairs, tuple) and len(_pairs) == 2, 'make_training_pairs should return a pair (inputs, targets).')\n"
                                               '>>> _inputs, _targets = _pairs\n'
                                               ">>> expect_array(_inputs, 'inputs', shape=(None, 784), low=0.0, high=1.0)\n"
                                               ">>> expect_array(_targets, 'targets', shape=(len(np.asarray(_inputs)), 784), low=0.0, high=1.0)\n"
                                               '>>> expect(len(_inputs) == 2 * len(_clean), f"for {len(_clean)} clean images make_training_pairs gave {len(_inputs)} pairs; keep run 2\'s budget, two '
                                               'pairs per image.")\n'
                                               '>>> _inputs, _targets = (np.asarray(_inputs, np.float64), np.asarray(_targets, np.float64))\n'
                                               '>>> _distance = np.min(np.abs(_targets[:, None, :] - _clean[None, :, :]).max(axis=2), axis=1)\n'
                                               '>>> _input_distance = np.min(np.abs(_inputs[:, None, :] - _clean[None, :, :]).max(axis=2), axis=1)\n'
                                               ">>> expect(not (np.all(_input_distance < 1e-06) and np.any(_distance > 0.001)), 'inputs and targets are swapped: the noisy images are the inputs, the "
                                               "clean ones the targets.')\n"
                                               '>>> expect(np.all(_distance < 1e-06), "some targets are noisy: a denoiser\'s targets are the clean images, so that it learns to remove the noise '
                                               'rather than to copy it.")\n'
                                               ">>> expect(np.mean(np.abs(_inputs - _targets)) > 0.05, 'the inputs have no noise: the network never sees a noisy image, so it cannot learn to clean "
                                               "one.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect(repaired_2 is not None, 'the repaired run did not finish: see the message printed under your answer cell.')\n"
                                               '>>> _scores = repaired_2[1]\n'
                                               '>>> expect(_scores[\'psnr\'] > broken_2[\'psnr\'] + 0.5, f"the repaired denoiser scores {_scores[\'psnr\']:.2f} dB on the noisy test digits, run 2 '
                                               '{broken_2[\'psnr\']:.2f} dB: it should gain at least 0.5 dB.")\n'
                                               '>>> expect(_scores[\'background\'] < 0.5 * broken_2[\'background\'], f"the repaired denoiser\'s background is {_scores[\'background\']:.3f}, run 2\'s '
                                               '{broken_2[\'background\']:.3f}: it should be less than half.")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

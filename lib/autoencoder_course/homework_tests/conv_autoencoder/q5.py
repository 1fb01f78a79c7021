OK_FORMAT = True

test = {   'name': 'q5',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect, expect_number\n'
                                               ">>> _design_keys = {('pool', 'upsample'), ('pool', 'transpose'), ('stride', 'upsample'), ('stride', 'transpose')}\n"
                                               ">>> expect(isinstance(design_study, dict), 'design_study should be a dict mapping (downsample, upsample) pairs to train_and_score results.')\n"
                                               ">>> expect(set(design_study) == _design_keys, f'design_study has keys {sorted(map(str, design_study))}; it should have exactly {sorted(map(str, "
                                               "_design_keys))}.')\n"
                                               ">>> expect(isinstance(filter_study, dict) and set(filter_study) == {4, 8, 32}, 'filter_study should be a dict with keys 4, 8 and 32 (the first filter "
                                               "count).')\n"
                                               '>>> def _widths(f, c):\n'
                                               '...     return [1, *f, c, *reversed(f), 1]\n'
                                               '>>> def _params(f, c):\n'
                                               '...     return sum(((9 * a + 1) * b for a, b in zip(_widths(f, c)[:-1], _widths(f, c)[1:])))\n'
                                               '>>> for _key, _entry in list(design_study.items()) + list(filter_study.items()):\n'
                                               "...     expect(isinstance(_entry, dict) and {'psnr', 'denoised', 'parameters'} <= set(_entry), f'the entry for {_key!r} should be the dict returned by "
                                               "train_and_score.')\n"
                                               "...     expect_number(_entry['psnr'], f'the PSNR for {_key!r}', low=0.0, high=60.0)\n"
                                               '...     _filters = (16, 32) if isinstance(_key, tuple) else (_key, 2 * _key)\n'
                                               '...     expect(_entry[\'parameters\'] == _params(_filters, 4), f"the entry for {_key!r} comes from a model with {_entry[\'parameters\']:,} parameters; '
                                               'build_conv_autoencoder({_filters}, 4, ...) has {_params(_filters, 4):,}.")\n'
                                               '...     expect(np.shape(_entry[\'denoised\']) == (500, 28, 28, 1), f"the entry for {_key!r} has denoised images of shape '
                                               '{np.shape(_entry[\'denoised\'])}.")\n'
                                               '...     expect(_entry[\'psnr\'] > psnr_noisy + 0.25, f"the model for {_key!r} scores {_entry[\'psnr\']:.2f} dB, no better than the noisy input '
                                               '({psnr_noisy:.2f} dB): did its training run?")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

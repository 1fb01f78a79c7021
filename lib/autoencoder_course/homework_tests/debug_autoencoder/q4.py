OK_FORMAT = True

test = {   'name': 'q4',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               '>>> expect(cause_4 is not Ellipsis, \'cause_4 is still the placeholder `...`: set it to a letter from the list of causes, e.g. "A".\')\n'
                                               '>>> expect(isinstance(cause_4, str) and cause_4.strip().upper() in CAUSES, f"cause_4 should be one of the letters {\', \'.join(CAUSES)} (a string).")\n'
                                               '>>> _name, _symptom = CAUSES[cause_4.strip().upper()]\n'
                                               ">>> expect(cause_4.strip().upper() == 'F', f'cause_4: {_name} would show as {_symptom}. Is that what run 4 shows?')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array\n'
                                               '>>> _raw = np.arange(256, dtype=np.uint8).reshape(4, 64)\n'
                                               ">>> _scaled = call(scale_pixels, _raw, name='scale_pixels')\n"
                                               '>>> expect(np.ndim(_scaled) == 0 or np.min(_scaled) >= 0.0, f"scale_pixels gives values below 0 (down to {np.min(_scaled):.3g}): a sigmoid\'s outputs '
                                               'lie in (0, 1), so the data must too. Standardising centres the data on 0; divide by 255 instead.")\n'
                                               ">>> expect_array(_scaled, 'scale_pixels(raw)', shape=(4, 64), low=0.0, high=1.0)\n"
                                               '>>> _scaled = np.asarray(_scaled, dtype=np.float64)\n'
                                               ">>> expect(len(np.unique(np.round(_scaled, 6))) == 256, f'scale_pixels keeps {len(np.unique(np.round(_scaled, 6)))} of the 256 grey levels: map 0-255 "
                                               "onto [0, 1] without clipping or rounding, so every grey level stays.')\n"
                                               ">>> expect(np.allclose(_scaled.ravel(), np.arange(256) / 255.0, atol=1e-06), 'scale_pixels should map 0 to 0 and 255 to 1, in proportion: raw / "
                                               "255.')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect(repaired_4 is not None, 'the repaired run did not finish: see the message printed under your answer cell.')\n"
                                               '>>> _model, _history = repaired_4\n'
                                               '>>> expect(_history[\'val_loss\'][-1] < 0.05, f"the repaired validation loss ends at {_history[\'val_loss\'][-1]:.4f}; it should be below 0.05.")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

OK_FORMAT = True

test = {   'name': 'q3',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               '>>> expect(cause_3 is not Ellipsis, \'cause_3 is still the placeholder `...`: set it to a letter from the list of causes, e.g. "A".\')\n'
                                               '>>> expect(isinstance(cause_3, str) and cause_3.strip().upper() in CAUSES, f"cause_3 should be one of the letters {\', \'.join(CAUSES)} (a string).")\n'
                                               '>>> _name, _symptom = CAUSES[cause_3.strip().upper()]\n'
                                               ">>> expect(cause_3.strip().upper() == 'H', f'cause_3: {_name} would show as {_symptom}. Is that what run 3 shows?')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect(output_3 in OUTPUT_ACTIVATIONS, f'output_3 should be one of {OUTPUT_ACTIVATIONS}, as a string.')\n"
                                               ">>> expect(output_3 != 'softmax', 'output_3 is still softmax: its outputs sum to 1 for every image, one unit of ink where a digit has about a "
                                               "hundred.')\n"
                                               ">>> expect(repaired_3 is not None, 'the repaired run did not finish: see the message printed under your answer cell.')\n"
                                               '>>> _model, _history = repaired_3\n'
                                               '>>> _out = reconstruct(_model, x_test)\n'
                                               '>>> expect(_out.max() <= 1.0 + 1e-06, f"the repaired outputs reach {_out.max():.2f}, above 1, where no pixel is: the output\'s range should be the '
                                               'data\'s, [0, 1].")\n'
                                               '>>> expect(_out.min() >= -1e-06, f"the repaired outputs go down to {_out.min():.2f}, below 0, where no pixel is: the output\'s range should be the '
                                               'data\'s, [0, 1].")\n'
                                               '>>> expect(_history[\'val_loss\'][-1] < 0.5 * history_3[\'val_loss\'][-1], f"the repaired validation loss ends at {_history[\'val_loss\'][-1]:.4f}; it '
                                               'should be below half of run 3\'s ({history_3[\'val_loss\'][-1]:.4f}).")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

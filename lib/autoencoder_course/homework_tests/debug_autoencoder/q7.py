OK_FORMAT = True

test = {   'name': 'q7',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               '>>> expect(cause_7 is not Ellipsis, \'cause_7 is still the placeholder `...`: set it to a letter from the list of causes, e.g. "A".\')\n'
                                               '>>> expect(isinstance(cause_7, str) and cause_7.strip().upper() in CAUSES, f"cause_7 should be one of the letters {\', \'.join(CAUSES)} (a string).")\n'
                                               '>>> _name, _symptom = CAUSES[cause_7.strip().upper()]\n'
                                               ">>> expect(cause_7.strip().upper() == 'E', f'cause_7: {_name} would show as {_symptom}. Is that what run 7 shows?')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect(output_7 in OUTPUT_ACTIVATIONS, f'output_7 should be one of {OUTPUT_ACTIVATIONS}, as a string.')\n"
                                               ">>> expect(repaired_7 is not None, 'the repaired run did not finish: see the message printed under your answer cell.')\n"
                                               '>>> _model, _history = repaired_7\n'
                                               '>>> _out = reconstruct(_model, paper_test)\n'
                                               '>>> _dead = int(np.sum((_out.max(axis=0) <= 0.0) & (paper_test.mean(axis=0) > 0.5)))\n'
                                               '>>> expect(_dead == 0, f"{_dead} output pixels are 0 for every test page where the paper is white: a ReLU unit whose input is negative for every image '
                                               'gets no gradient and never comes back. Choose an output that cannot get stuck at 0 and whose range is the data\'s.")\n'
                                               '>>> expect(_out.min() >= -1e-06 and _out.max() <= 1.0 + 1e-06, f"the repaired outputs lie in [{_out.min():.2f}, {_out.max():.2f}], outside [0, 1] '
                                               'where the pixels are: choose an output whose range is the data\'s.")\n'
                                               '>>> expect(_history[\'val_loss\'][-1] < 0.5 * history_7[\'val_loss\'][-1], f"the repaired validation loss ends at {_history[\'val_loss\'][-1]:.4f}; it '
                                               'should be below half of run 7\'s ({history_7[\'val_loss\'][-1]:.4f}).")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

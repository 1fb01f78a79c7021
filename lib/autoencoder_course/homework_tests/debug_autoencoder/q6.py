OK_FORMAT = True

test = {   'name': 'q6',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               '>>> expect(cause_6 is not Ellipsis, \'cause_6 is still the placeholder `...`: set it to a letter from the list of causes, e.g. "A".\')\n'
                                               '>>> expect(isinstance(cause_6, str) and cause_6.strip().upper() in CAUSES, f"cause_6 should be one of the letters {\', \'.join(CAUSES)} (a string).")\n'
                                               '>>> _name, _symptom = CAUSES[cause_6.strip().upper()]\n'
                                               ">>> expect(cause_6.strip().upper() == 'A', f'cause_6: {_name} would show as {_symptom}. Is that what run 6 shows?')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect, expect_number\n'
                                               ">>> expect_number(learning_rate_6, 'learning_rate_6', low=0.0, hint='A learning rate is a positive number.')\n"
                                               ">>> expect(repaired_6 is not None, 'the repaired run did not finish: see the message printed under your answer cell.')\n"
                                               '>>> _model, _history = repaired_6\n'
                                               '>>> _spread = float(reconstruct(_model, x_test).std(axis=0).mean())\n'
                                               ">>> _ok = _history['val_loss'][-1] < 0.5 * history_6['val_loss'][-1] and _spread > 0.02\n"
                                               ">>> _direction = 'too small: the loss barely moved in 5 epochs' if learning_rate_6 < 0.1 and _history['loss'][0] - _history['loss'][-1] < 0.01 else "
                                               '"still too large: the loss stalls as run 6\'s did"\n'
                                               '>>> expect(_ok, f"with learning_rate_6 = {learning_rate_6:g} the validation loss ends at {_history[\'val_loss\'][-1]:.4f} (run 6: '
                                               '{history_6[\'val_loss\'][-1]:.4f}) and the reconstructions differ by {_spread:.4f} from digit to digit: the rate is {_direction}.")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

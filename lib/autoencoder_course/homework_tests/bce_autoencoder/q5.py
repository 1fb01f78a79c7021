OK_FORMAT = True

test = {   'name': 'q5',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect(isinstance(answer_bce, str), 'answer_bce should be a string with your answer, in quotes.')\n"
                                               ">>> expect(len(answer_bce.split()) >= 40, f'answer_bce has {len(answer_bce.split())} words; write at least 40 words.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

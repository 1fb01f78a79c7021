OK_FORMAT = True

test = {   'name': 'q7',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               ">>> for _name, _text in [('answer_code', answer_code), ('answer_lost', answer_lost)]:\n"
                                               "...     expect(isinstance(_text, str), f'{_name} should be a string with your answer, in quotes.')\n"
                                               "...     expect(len(_text.split()) >= 30, f'{_name} has {len(_text.split())} words; write at least 30 words.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> from autoencoder_course.grader import expect_array\n>>> expect_array(clean, 'clean', shape=(100, 784), low=0.0, high=1.0, dtype='float')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect(np.allclose(clean, x_test[:100].reshape(100, -1) / 255.0, atol=1e-06), 'clean does not hold the first 100 test images, in order, scaled by "
                                               "1/255 (compare clean[0] with x_test[0]).')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

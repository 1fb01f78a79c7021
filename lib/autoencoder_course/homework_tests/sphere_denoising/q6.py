OK_FORMAT = True

test = {   'name': 'q6',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect, expect_array\n'
                                               ">>> expect_array(plane_normal, 'plane_normal', shape=(3,))\n"
                                               ">>> expect(abs(np.linalg.norm(plane_normal) - 1.0) < 1e-06, f'plane_normal has length {np.linalg.norm(plane_normal):.4f}; divide it by its norm.')\n"
                                               '>>> _outputs = model_01.predict(noisy_test)\n'
                                               '>>> _heights = (_outputs - _outputs.mean(axis=0)) @ plane_normal\n'
                                               '>>> expect(np.abs(_heights).max() < 1e-08, "plane_normal is not perpendicular to the outputs\' plane: use np.cross of the two rows of '
                                               'model_01.weights[1].")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

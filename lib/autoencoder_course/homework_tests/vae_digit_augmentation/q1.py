OK_FORMAT = True

test = {   'name': 'q1',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect, expect_array\n'
                                               '>>> class _StandIn:\n'
                                               '...     """A fake VAE whose decoder writes the code into two pixels, so the test can read back the codes."""\n'
                                               '...     latent_dim = 2\n'
                                               '...     def encode(self, images):\n'
                                               '...         n = len(images)\n'
                                               '...         mean = np.stack([np.linspace(-1.0, 1.0, n), np.linspace(0.5, -0.5, n)], axis=1)\n'
                                               '...         log_var = np.tile(np.log([0.04, 0.25]), (n, 1))\n'
                                               '...         return (mean.astype(np.float32), log_var.astype(np.float32))\n'
                                               '...     def decode(self, codes):\n'
                                               '...         codes = np.asarray(codes, dtype=np.float64)\n'
                                               '...         out = np.zeros((len(codes), 28, 28, 1), np.float32)\n'
                                               '...         out[:, 0, :2, 0] = 1.0 / (1.0 + np.exp(-codes))\n'
                                               '...         return out\n'
                                               '>>> _images = np.random.default_rng(0).uniform(size=(3, 28, 28, 1)).astype(np.float32)\n'
                                               '>>> _labels = np.array([7, 1, 3])\n'
                                               ">>> _out = call(augment_with_vae, _StandIn(), _images, _labels, 4, np.random.default_rng(1), name='augment_with_vae')\n"
                                               ">>> expect(isinstance(_out, (tuple, list)) and len(_out) == 2, 'augment_with_vae must return two arrays: (new_images, new_labels).')\n"
                                               '>>> _new_images, _new_labels = _out\n'
                                               ">>> expect(np.shape(_new_images)[:1] != (12,), 'new_images holds only the generated images: put the original images first, then the variants (n * "
                                               "(copies + 1) images in all).')\n"
                                               ">>> expect_array(_new_images, 'new_images', shape=(15, 28, 28, 1), low=0.0, high=1.0)\n"
                                               ">>> expect_array(_new_labels, 'new_labels', shape=(15,))\n"
                                               ">>> expect(np.allclose(np.asarray(_new_images)[:3], _images), 'new_images must start with the original images first, unchanged.')\n"
                                               ">>> expect(list(np.asarray(_new_labels)[:3]) == [7, 1, 3], 'new_labels must start with the original labels, in order.')\n"
                                               ">>> expect(list(np.asarray(_new_labels)[3:]) == [7] * 4 + [1] * 4 + [3] * 4, 'the generated images must be grouped by source (all variants of image 0, "
                                               "then image 1, ...), labelled with np.repeat(labels, copies).')\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> class _StandIn:\n'
                                               '...     latent_dim = 2\n'
                                               '...     def encode(self, images):\n'
                                               '...         n = len(images)\n'
                                               '...         mean = np.stack([np.linspace(-1.0, 1.0, n), np.linspace(0.5, -0.5, n)], axis=1)\n'
                                               '...         log_var = np.tile(np.log([0.04, 0.25]), (n, 1))\n'
                                               '...         return (mean.astype(np.float32), log_var.astype(np.float32))\n'
                                               '...     def decode(self, codes):\n'
                                               '...         codes = np.asarray(codes, dtype=np.float64)\n'
                                               '...         out = np.zeros((len(codes), 28, 28, 1), np.float32)\n'
                                               '...         out[:, 0, :2, 0] = 1.0 / (1.0 + np.exp(-codes))\n'
                                               '...         return out\n'
                                               '>>> _copies = 3000\n'
                                               '>>> _images = np.zeros((3, 28, 28, 1), np.float32)\n'
                                               ">>> _new_images, _ = call(augment_with_vae, _StandIn(), _images, np.array([0, 1, 2]), _copies, np.random.default_rng(2), name='augment_with_vae')\n"
                                               '>>> _pixels = np.clip(np.asarray(_new_images, dtype=np.float64)[3:, 0, :2, 0], 1e-09, 1 - 1e-09)\n'
                                               '>>> _codes = np.log(_pixels / (1 - _pixels)).reshape(3, _copies, 2)\n'
                                               '>>> _mean, _log_var = _StandIn().encode(_images)\n'
                                               '>>> _std = np.exp(0.5 * _log_var.astype(np.float64))\n'
                                               ">>> expect(np.all(_codes.std(axis=1) > 0.5 * _std), 'all variants of an image are (nearly) the same: add noise, z = mean + exp(log_var / 2) * eps.')\n"
                                               '>>> expect(np.allclose(_codes.std(axis=1), _std, rtol=0.08), "the codes do not have the encoder\'s spread: the standard deviation is exp(log_var / 2), '
                                               'not exp(log_var) or log_var.")\n'
                                               '>>> expect(np.allclose(_codes.mean(axis=1), _mean, atol=0.05), "the codes of each image must be centred on that image\'s z_mean.")\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import call, expect\n'
                                               '>>> class _StandIn:\n'
                                               '...     latent_dim = 2\n'
                                               '...     def encode(self, images):\n'
                                               '...         n = len(images)\n'
                                               '...         return (np.zeros((n, 2), np.float32), np.zeros((n, 2), np.float32))\n'
                                               '...     def decode(self, codes):\n'
                                               '...         out = np.zeros((len(codes), 28, 28, 1), np.float32)\n'
                                               '...         out[:, 0, :2, 0] = 1.0 / (1.0 + np.exp(-np.asarray(codes, dtype=np.float64)))\n'
                                               '...         return out\n'
                                               '>>> _images = np.zeros((2, 28, 28, 1), np.float32)\n'
                                               ">>> _a = call(augment_with_vae, _StandIn(), _images, np.array([4, 5]), 5, np.random.default_rng(3), name='augment_with_vae')[0]\n"
                                               ">>> _b = call(augment_with_vae, _StandIn(), _images, np.array([4, 5]), 5, np.random.default_rng(3), name='augment_with_vae')[0]\n"
                                               ">>> _c = call(augment_with_vae, _StandIn(), _images, np.array([4, 5]), 5, np.random.default_rng(4), name='augment_with_vae')[0]\n"
                                               ">>> expect(np.allclose(_a, _b) and (not np.allclose(_a, _c)), 'draw the noise from the rng argument (rng.standard_normal), so that the same seed gives "
                                               "the same variants.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

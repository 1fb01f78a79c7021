OK_FORMAT = True

test = {   'name': 'q5',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import keras\n'
                                               '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect(vae is not Ellipsis, 'vae is still the placeholder `...`: build, compile and train it in the cell above.')\n"
                                               ">>> expect(isinstance(vae, keras.Model) and hasattr(vae, 'encoder') and hasattr(vae, 'decoder'), 'vae should be the VAE you built and trained: vae = "
                                               "VAE(build_encoder(LATENT_DIM), build_decoder(LATENT_DIM)).')\n"
                                               '>>> _mean, _log_var = (np.asarray(_a, dtype=np.float64) for _a in vae.encoder.predict(x_test, verbose=0))\n'
                                               '>>> _z = _mean + np.exp(0.5 * _log_var) * np.random.default_rng(0).standard_normal(_mean.shape)\n'
                                               ">>> _logits = np.asarray(vae.decoder.predict(_z.astype('float32'), verbose=0), dtype=np.float64).reshape(len(x_test), -1)\n"
                                               '>>> _x = np.reshape(x_test, (len(x_test), -1))\n'
                                               '>>> _rec = float(np.mean(np.sum(np.logaddexp(0.0, _logits) - _x * _logits, axis=1)))\n'
                                               '>>> _kl = float(np.mean(-0.5 * np.sum(1.0 + _log_var - _mean ** 2 - np.exp(_log_var), axis=1)))\n'
                                               '>>> _measured = _rec + _kl\n'
                                               ">>> expect(np.isfinite(_measured), 'your trained VAE gives NaN or infinite numbers: training diverged (a KL with a flipped sign does this; does "
                                               "question 2 pass?).')\n"
                                               ">>> expect(_measured < 215.0, f'your trained VAE scores {_measured:.1f} nats per test digit (reconstruction {_rec:.1f} + KL {_kl:.2f}, one code per "
                                               "digit); after 3 epochs a working VAE scores less than 215. Did training run (vae.fit, 3 epochs)? Do questions 1 to 4 pass?' + (' Its KL is almost 0: "
                                               'the code tells the decoder almost nothing about the digit (posterior collapse), as happens when the reconstruction term is averaged over the pixels '
                                               "instead of summed.' if _kl < 0.5 and _measured < 300 else ''))\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> import numpy as np\n'
                                               '>>> from autoencoder_course.grader import expect, expect_number\n'
                                               '>>> _mean, _log_var = (np.asarray(_a, dtype=np.float64) for _a in vae.encoder.predict(x_test, verbose=0))\n'
                                               '>>> _z = _mean + np.exp(0.5 * _log_var) * np.random.default_rng(0).standard_normal(_mean.shape)\n'
                                               ">>> _logits = np.asarray(vae.decoder.predict(_z.astype('float32'), verbose=0), dtype=np.float64).reshape(len(x_test), -1)\n"
                                               '>>> _x = np.reshape(x_test, (len(x_test), -1))\n'
                                               '>>> _measured = float(np.mean(np.sum(np.logaddexp(0.0, _logits) - _x * _logits, axis=1)) + np.mean(-0.5 * np.sum(1.0 + _log_var - _mean ** 2 - '
                                               'np.exp(_log_var), axis=1)))\n'
                                               ">>> expect_number(test_loss, 'test_loss', hint='It is the average loss on the test digits, in nats per image.')\n"
                                               ">>> expect(not 0 < float(test_loss) < _measured / 100, f'test_loss is {float(test_loss):.4g}, about {_measured / float(test_loss):.0f} times smaller "
                                               "than the loss of your VAE per test digit ({_measured:.1f} nats): a per-pixel average, where the loss sums over the 784 pixels.')\n"
                                               ">>> expect(abs(float(test_loss) - _measured) < 3.0 + 0.015 * _measured, f'test_loss is {float(test_loss):.1f}, but your trained VAE scores "
                                               '{_measured:.1f} nats per image on x_test: set test_loss = vae.evaluate(x_test, verbose=0), the loss on the test digits, not the training loss of '
                                               "history.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

OK_FORMAT = True

test = {   'name': 'q2',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               ">>> expect('results' in globals() and isinstance(results, dict) and (len(results) == 6), 'results is missing: pass question 1 and run the experiment "
                                               "cell first.')\n"
                                               ">>> expect(isinstance(kl_falls_as_beta_grows, bool), f'kl_falls_as_beta_grows should be True or False, but it is {kl_falls_as_beta_grows!r}.')\n"
                                               ">>> _truth = all((results[d, BETAS[0]]['kl'] > results[d, BETAS[1]]['kl'] > results[d, BETAS[2]]['kl'] for d in LATENT_SIZES))\n"
                                               '>>> expect(kl_falls_as_beta_grows == _truth, "kl_falls_as_beta_grows does not match your results: compare results[(d, beta)][\'kl\'] along beta for '
                                               'each latent size d.")\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from autoencoder_course.grader import expect\n'
                                               ">>> for _answer, _name in ((best_reconstruction, 'best_reconstruction'), (best_samples, 'best_samples')):\n"
                                               "...     expect(_answer in results, f'{_name} should be a key of results such as (8, 0.25), but it is {_answer!r}.')\n"
                                               ">>> expect(results[best_reconstruction]['reconstruction'] == min((row['reconstruction'] for row in results.values())), 'best_reconstruction is not the "
                                               "key with the smallest reconstruction term in your results.')\n"
                                               ">>> expect(results[best_samples]['samples_recognised'] == max((row['samples_recognised'] for row in results.values())), 'best_samples is not the key "
                                               "whose samples are recognised most often in your results.')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}

"""Benchmarks of the course: run times, peak memory and key metrics of every chapter notebook,
the original lecture's denoisers reproduced side by side with the course's, and time per epoch at
full-MNIST scale.  Run everything with ``python -m benchmarks.run``; see ``benchmarks/README.md``.
"""

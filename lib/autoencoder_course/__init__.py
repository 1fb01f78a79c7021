"""Shared plumbing for *Autoencoders, an interactive course*.

The lessons' own code (models, forward and backward passes, losses, training loops) is written in the
chapter notebooks, where students read and edit it.  Cells marked ``# @save`` are copied into the
generated subpackage :mod:`autoencoder_course.lessons` (``python scripts/generate_lessons.py``), which
later chapters, homework, benchmarks and tests import.  Everything else here serves the lessons:
loading and corrupting data (``data``), metrics, plots, diagrams (``diagrams``, ``vae_graph``), activation
figures (``activation_figures``), chapter 8's latent explorer page (``latent_explorer``), notebook set-up and
the student-side homework grader (``grader``).
"""

__version__ = "0.1.0"

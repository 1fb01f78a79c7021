"""Shared helpers for *Autoencoders, an interactive course*.

The lessons' own code (models, forward and backward passes, training loops) lives in the chapter
notebooks, where students read it.  This package holds only what serves the lessons: loading and
preparing data, plots, diagrams, metrics and homework checks.  Each module's docstring says which
chapters use it.
"""

__version__ = "0.1.0"

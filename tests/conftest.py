"""Shared test settings: quiet TensorFlow and a non-interactive Matplotlib.

MNIST comes from wherever the course's loader finds it (``AUTOENCODER_COURSE_MNIST``, as CI sets, or
Keras's download): the tests set no default of their own.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # 3: also the C++ "NodeDef mentions attribute" lines
os.environ.setdefault("MPLBACKEND", "Agg")

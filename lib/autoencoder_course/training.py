"""Readable training output: one line every few epochs instead of hundreds of progress bars.

Used with ``model.fit(..., verbose=0, callbacks=[EpochLog(every=5)])`` in the Keras chapters.
"""

from __future__ import annotations

import time

import keras

from ._validate import check_count


class EpochLog(keras.callbacks.Callback):
    """Print ``epoch k/N  loss ...  val_loss ...  (seconds)`` every ``every`` epochs and at the end."""

    def __init__(self, every: int = 5, digits: int = 4):
        super().__init__()
        self.every = check_count(every, "every")
        self.digits = check_count(digits, "digits")
        self._started = None

    def on_train_begin(self, logs=None):
        self._started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        total = self.params.get("epochs", epoch + 1)
        done = epoch + 1
        if done % self.every and done != total and done != 1:
            return
        metrics = "  ".join(f"{name} {value:.{self.digits}f}" for name, value in (logs or {}).items())
        seconds = time.perf_counter() - self._started
        print(f"epoch {done:>3}/{total}  {metrics}  ({seconds:.1f} s)", flush=True)

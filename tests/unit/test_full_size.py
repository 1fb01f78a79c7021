"""benchmarks.full_size: the stand-in file has full MNIST's layout, is built from the course's data only, and says so."""

import numpy as np

from autoencoder_course import data
from benchmarks import full_size


def test_the_stand_in_has_full_mnist_sizes_and_keeps_train_and_test_apart(tmp_path):
    path = full_size.make_stand_in(tmp_path / "stand-in.npz")
    (x_train, y_train), (x_test, y_test) = data.load_mnist(path, full=True)
    assert x_train.shape == (60_000, 28, 28) and x_test.shape == (10_000, 28, 28)
    (course_train, course_train_labels), (course_test, course_test_labels) = data.load_mnist(full=False)
    assert np.array_equal(x_train[:8000], course_train) and np.array_equal(y_train[:8000], course_train_labels)
    assert np.array_equal(x_test[:2000], course_test) and np.array_equal(y_test[:2000], course_test_labels)
    # the other copies are shifted, not repeated: a test digit never appears among the training images
    assert not np.array_equal(x_train[8000:16000], course_train)
    train_rows = {row.tobytes() for row in x_train[::7]}
    assert not any(row.tobytes() in train_rows for row in x_test[:2000])
    assert "stand-in" in full_size.stand_in_note(path)


def test_a_real_file_carries_no_stand_in_note(tmp_path):
    path = tmp_path / "mnist.npz"
    np.savez(
        path,
        x_train=np.zeros((1, 28, 28), np.uint8),
        y_train=np.zeros(1, np.uint8),
        x_test=np.zeros((1, 28, 28), np.uint8),
        y_test=np.zeros(1, np.uint8),
    )
    assert full_size.stand_in_note(path) is None

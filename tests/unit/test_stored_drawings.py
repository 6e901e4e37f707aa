"""The stored drawings the model tests read (tests/stored_drawings.py) are what the code draws today."""

import numpy as np
import pytest

from tests import stored_drawings

CHECKED = 12  # The first few of each set, drawn again.


@pytest.mark.parametrize("name", list(stored_drawings.SETS))
def test_the_stored_drawings_are_what_the_code_draws(stored, name):
    draw, count = stored_drawings.SETS[name]
    images, labels = stored[name]
    assert images.shape == (count, 28, 28) and images.dtype == np.uint8 and labels.shape == (count,)
    drawn_images, drawn_labels = draw(CHECKED)
    np.testing.assert_array_equal(labels[:CHECKED], drawn_labels)
    # Equal but for rounding: another CPU's float arithmetic may move a pixel's level by one.
    difference = np.abs(images[:CHECKED].astype(int) - drawn_images)
    assert difference.max() <= 1 or np.mean(difference > 1) < 0.001, (
        f"{name} no longer matches the code that draws it: rewrite it with python -m tests.stored_drawings")

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


@pytest.mark.parametrize("kind", stored_drawings.TYPED_KINDS)
def test_the_stored_typed_characters_cover_every_character_of_their_kind(stored, kind):
    from benchmarks.typed import TYPED

    images, characters = stored[stored_drawings.typed_name(kind)]
    assert images.shape == (len(characters), 28, 28) and images.dtype == np.uint8
    assert set(characters) == set(TYPED[kind])
    assert (images.reshape(len(images), -1).max(axis=1) > 200).all()  # Each went through to_mnist: ink, scaled up.

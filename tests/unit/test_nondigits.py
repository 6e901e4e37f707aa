"""Non-digits: letters and doodles drawn as strokes, split once into shapes training sees and shapes it never does."""

import numpy as np
import pytest

from cnn import config, nondigits


@pytest.mark.parametrize("kind", nondigits.KINDS)
def test_every_kind_has_shapes_to_train_on_and_shapes_held_out(kind):
    training, held_out = nondigits.TRAINING_SHAPES[kind], nondigits.HELD_OUT_SHAPES[kind]
    assert len(training) >= 10 and len(held_out) >= 9
    assert not set(training) & set(held_out)


@pytest.mark.parametrize("kind, look_alike", [
    *(("latin", letter) for letter in ["O", "o", "I", "l", "i", "S", "s", "Z", "z", "B", "b", "G", "g", "q", "D"]),
    *(("other scripts", letter) for letter in ["beta", "delta", "zeta", "sigma", "Ze", "Che", "Be", "O"]),
])
def test_letters_written_like_a_digit_are_never_shapes(kind, look_alike):
    assert look_alike not in nondigits.TRAINING_SHAPES[kind] and look_alike not in nondigits.HELD_OUT_SHAPES[kind]


@pytest.mark.parametrize("kind, name", [(kind, name) for kind in nondigits.KINDS
                                        for split in nondigits.SPLITS.values() for name in split[kind]])
def test_each_shape_is_drawn_as_finite_strokes_of_letter_size(kind, name):
    strokes = nondigits.written_shape(kind, name, np.random.default_rng(0))
    points = np.concatenate(strokes)
    assert all(stroke.ndim == 2 and stroke.shape[1] == 2 for stroke in strokes) and np.isfinite(points).all()
    width, height = points.max(axis=0) - points.min(axis=0)
    assert 0.3 < max(width, height) < 2.0


def test_a_set_takes_kinds_in_turn_and_is_the_same_for_the_same_seed():
    first = nondigits.nondigit_images("held-out", 6, seed=3)
    images, kinds, names = first
    assert images.shape == (6, config.IMAGE_SIZE, config.IMAGE_SIZE) and images.dtype == np.uint8
    assert list(kinds) == list(nondigits.KINDS) * 2
    assert all(name in nondigits.HELD_OUT_SHAPES[kind] for kind, name in zip(kinds, names))
    assert images.max() == 255  # Each drawing went through to_mnist.
    np.testing.assert_array_equal(nondigits.nondigit_images("held-out", 6, seed=3)[0], images)


def test_a_split_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="split must be one of"):
        next(nondigits.nondigit_set("test", 1, 0))

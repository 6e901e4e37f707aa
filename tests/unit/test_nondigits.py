"""Non-digits: letters and doodles drawn as strokes, split once into shapes training sees and shapes it never does."""

import numpy as np
import pytest

from cnn import config, nondigits


@pytest.mark.parametrize("kind", nondigits.KINDS)
def test_every_kind_has_shapes_to_train_on_and_shapes_held_out(kind):
    training, held_out = nondigits.TRAINING_SHAPES[kind], nondigits.HELD_OUT_SHAPES[kind]
    assert len(training) >= 30 and len(held_out) >= 3
    assert not set(training) & set(held_out)


@pytest.mark.parametrize("kind, look_alike", [
    *(("latin", letter) for letter in ["O", "o", "I", "l", "i", "S", "s", "Z", "z", "B", "b", "G", "g", "q", "D"]),
    *(("other scripts", letter) for letter in ["beta", "delta", "zeta", "sigma", "Ze", "Che", "Be", "O"]),
])
def test_letters_written_like_a_digit_are_never_shapes(kind, look_alike):
    assert look_alike not in nondigits.TRAINING_SHAPES[kind] and look_alike not in nondigits.HELD_OUT_SHAPES[kind]


@pytest.mark.parametrize("kind, name", list(dict.fromkeys((kind, name) for split in nondigits.SPLITS.values()
                                                         for kind in split for name in split[kind])))
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


def test_training_also_learns_symbols_and_turned_digits_which_hold_nothing_out():
    assert set(nondigits.TRAINING_SHAPES) == set(nondigits.TRAINING_KINDS) == {*nondigits.KINDS, "symbols",
                                                                                "turned digits"}
    assert set(nondigits.HELD_OUT_SHAPES) == set(nondigits.KINDS)
    kinds = [kind for kind, _, _ in nondigits.nondigit_set("training", 10, seed=0)]
    assert kinds == list(nondigits.TRAINING_KINDS) * 2


@pytest.mark.parametrize("kind", ["latin", "other scripts"])
def test_allographs_are_trained_only_when_asked_and_never_held_out(kind):
    allographs = set(nondigits.ALLOGRAPHS[kind])
    with_them = nondigits.SPLITS["training with allographs"][kind]
    assert allographs and not allographs & set(nondigits.TRAINING_SHAPES[kind])
    assert set(with_them) == set(nondigits.TRAINING_SHAPES[kind]) | allographs
    assert not allographs & set(nondigits.HELD_OUT_SHAPES[kind])
    # The shipped recipe's shapes in the same order, so its random choices are as before.
    assert [name for name in with_them if name not in allographs] == list(nondigits.TRAINING_SHAPES[kind])


@pytest.mark.parametrize("digit, turns", [
    (0, set()), (1, {"on its left side", "on its right side"}), (2, set()), (5, set()),
    (3, {"mirrored", "turned round", "on its left side", "on its right side"}),
    (6, {"mirrored", "upside down"}), (9, {"mirrored", "upside down"}),
    (7, {"mirrored", "upside down", "turned round", "on its right side"}),
])
def test_a_digit_is_turned_only_where_it_becomes_no_digit(digit, turns):
    assert {turn for turn, (_, digits) in nondigits.TURNS.items() if digit in digits} == turns
    assert {name.split(" ", 1)[1] for name in nondigits.TURNED_DIGITS if name.startswith(f"{digit} ")} == turns


def test_mnist_digits_are_turned_by_one_of_their_turns_and_those_without_one_are_left_out():
    image = np.zeros((28, 28), np.uint8)
    image[2:10, 3] = 255  # A stroke near the top left, to tell the turns apart.
    digits = np.stack([image] * 4)
    turned = nondigits.turned_images(digits, np.array([0, 2, 1, 6]), seed=0)
    assert turned.shape == (2, 28, 28) and turned.dtype == np.uint8
    one_turns = [np.rot90(image, 1), np.rot90(image, -1)]
    six_turns = [image[:, ::-1], image[::-1]]
    assert any(np.array_equal(turned[0], option) for option in one_turns)
    assert any(np.array_equal(turned[1], option) for option in six_turns)


@pytest.mark.parametrize("turn", nondigits.TURNS)
def test_a_turn_of_the_strokes_and_of_the_image_is_the_same_turn(turn):
    """Drawn turned digits and MNIST's turned images turn the same way (x right, y down in both)."""
    image = np.random.default_rng(0).integers(0, 256, (5, 5)).astype(np.uint8)
    matrix, _ = nondigits.TURNS[turn]
    expected = np.zeros_like(image)
    for row, column in np.ndindex(image.shape):
        x, y = matrix @ np.array([column - 2.0, row - 2.0]) + 2.0  # Turned about the middle pixel.
        expected[int(round(y)), int(round(x))] = image[row, column]
    np.testing.assert_array_equal(nondigits.IMAGE_TURNS[turn](image), expected)

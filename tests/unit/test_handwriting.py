"""cnn.handwriting: the world's school scripts as strokes, an honest split of hands, and the shipped model on them."""

import numpy as np
import pytest

from cnn import config, handwriting
from cnn.handwriting import HELD_OUT_HANDS, TRAINING_HANDS, VARIANTS
from cnn.redraw import Pen, render


def shapes_written(hands) -> set:
    """{(digit, shape)} that some hand among `hands` writes (a hand that names none writes all of a digit's)."""
    written = set()
    for hand in hands:
        for digit, shapes in VARIANTS.items():
            chosen = hand.shapes.get(digit) or tuple(shapes)
            written.update((digit, shape) for shape in ((chosen,) if isinstance(chosen, str) else chosen))
    return written


def test_the_split_holds_out_whole_hands():
    assert not {hand.name for hand in TRAINING_HANDS} & {hand.name for hand in HELD_OUT_HANDS}
    assert len(TRAINING_HANDS) >= 8 and len(HELD_OUT_HANDS) >= 4


def test_every_shape_is_taught_by_some_training_hand():
    # A held-out hand may combine shapes anew, but no shape exists only in the held-out hands.
    everything = {(digit, shape) for digit, shapes in VARIANTS.items() for shape in shapes}
    assert shapes_written(TRAINING_HANDS) == everything
    assert shapes_written(HELD_OUT_HANDS) <= everything


def test_hands_name_only_known_shapes_and_parameters():
    for hand in TRAINING_HANDS + HELD_OUT_HANDS:
        for digit, shapes in hand.shapes.items():
            assert set((shapes,) if isinstance(shapes, str) else shapes) <= set(VARIANTS[digit]), hand.name
        for name, (low, high) in hand.habits.items():
            assert handwriting.PARAMETERS[name][0] <= low < high <= handwriting.PARAMETERS[name][1], (hand.name, name)


@pytest.mark.parametrize("digit", range(10))
def test_strokes_fill_a_digit_shaped_box(digit):
    generator = np.random.default_rng(digit)
    for hand in TRAINING_HANDS + HELD_OUT_HANDS:
        points = np.concatenate(handwriting.handwritten_digit(digit, hand, generator))
        width, height = np.ptp(points, axis=0)
        assert 0.85 <= height <= 1.2, (hand.name, height)
        assert width <= 1.0, (hand.name, width)


@pytest.mark.parametrize("call, message", [
    (lambda: handwriting.handwritten_digit(10, TRAINING_HANDS[0], np.random.default_rng(0)), "digit must be 0-9"),
    (lambda: next(handwriting.handwritten_set("everyone", 1, 0)), "split must be one of"),
    (lambda: handwriting.handwritten_digit(1, TRAINING_HANDS[0], np.random.default_rng(0), stray=1.5), "stray"),
    (lambda: next(handwriting.handwritten_set("training", 1, 0, digits=(1, 10))), "digits must be digits 0-9"),
    (lambda: next(handwriting.handwritten_set("training", 1, 0, digits=())), "digits must be digits 0-9"),
])
def test_bad_arguments_raise_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_sets_are_balanced_and_reproducible():
    first = list(handwriting.handwritten_set("held-out", 80, seed=3))
    again = list(handwriting.handwritten_set("held-out", 80, seed=3))
    assert [digit for digit, _, _ in first] == [index % 10 for index in range(80)]
    assert {hand.name for _, hand, _ in first} == {hand.name for hand in HELD_OUT_HANDS}
    for (_, _, strokes), (_, _, same) in zip(first, again):
        assert all(np.array_equal(a, b) for a, b in zip(strokes, same))


def test_training_writes_the_1_three_times_as_often_in_every_hand():
    cycle = config.HANDWRITTEN_TRAINING_CYCLE
    drawn = [(digit, hand.name) for digit, hand, _ in handwriting.handwritten_set("training", 20 * len(cycle), 0, cycle)]
    ones = [hand for digit, hand in drawn if digit == 1]
    assert len(ones) == 3 * sum(digit == 0 for digit, _ in drawn) == 60
    assert sorted(set(ones)) == sorted(hand.name for hand in TRAINING_HANDS)
    assert all(ones.count(hand.name) == 6 for hand in TRAINING_HANDS)


def _ones_with_a_flag(split: str, hand_name: str, count: int = 400) -> list[bool]:
    """For each 1 the split's set writes in `hand_name`'s hand: whether it has a flag (a stem alone is one
    straight segment, 13 points; a flag adds a second)."""
    return [len(strokes[0]) > 13 for digit, hand, strokes in handwriting.handwritten_set(split, count, seed=8)
            if digit == 1 and hand.name == hand_name]


def test_training_hands_sometimes_stray_from_their_habits_and_held_out_hands_never_do():
    # The German and the Spanish hands always flag their 1s.
    assert handwriting.HANDS["German"].shapes[1] == handwriting.HANDS["Spanish"].shapes[1] == "flag"
    german = _ones_with_a_flag("training", "German", 4000)
    assert 0.5 < np.mean(german) < 1.0  # Forgetting the habit, it picks one of the 1's three shapes.
    assert all(_ones_with_a_flag("held-out", "Spanish", 2000))
    slants = {hand.slant for hand in TRAINING_HANDS}
    assert handwriting.TRAINING_SLANTS == (min(low for low, _ in slants), max(high for _, high in slants))


def test_handwritten_digits_are_mnist_style_inputs():
    images, labels, hands = handwriting.handwritten_digits("training", 20, seed=5)
    assert images.shape == (20, config.IMAGE_SIZE, config.IMAGE_SIZE) and images.dtype == np.uint8
    assert labels.tolist() == [index % 10 for index in range(20)]
    assert set(hands) <= {hand.name for hand in TRAINING_HANDS}
    assert (images.max(axis=(1, 2)) >= 200).all()


# Strokes people write that MNIST's writers rarely did, each with the digit it is.
WORLD_DIGITS = [
    ("European 1: long flag", handwriting.one_flag(flag=0.45, flag_angle=35.0), 1),
    ("1 with flag and base", handwriting.one_flag_base(flag=0.3, flag_angle=40.0, base=0.2), 1),
    ("crossed 7", handwriting.seven_crossed(), 7),
    ("7 with a serif", handwriting.seven_serif(), 7),
    ("open 4", handwriting.four_open(left_slant=0.15), 4),
    ("looped 2", handwriting.two_looped(), 2),
    ("flat-topped 3", handwriting.three_flat(), 3),
    ("slanted 8, small top loop", handwriting.eight_one_loop(top=0.4, top_width=0.3), 8),
    ("9 with a straight stem", handwriting.nine_straight(), 9),
    ("6 with a straight stem", handwriting.six_straight(), 6),
]


@pytest.mark.parametrize("name, strokes, digit", WORLD_DIGITS, ids=[row[0] for row in WORLD_DIGITS])
@pytest.mark.parametrize("background", ["transparent", "white"])
def test_shipped_model_reads_the_worlds_digits(reader, name, strokes, digit, background):
    pen = Pen(canvas=336, digit_height_fraction=0.7, brush_fraction=0.08, rotation_degrees=0.0, shear=-0.1,
              background=background, colour=(20, 20, 20), position=(0.5, 0.5))
    reading = reader.read(render(strokes, pen))
    assert reading.digit == digit and reading.probabilities[digit] > 0.8

"""Each tab's view of one drawing (cnn.views): the sentence, the pictures and the lessons, from one reading."""

import re

import numpy as np
import pytest

import cnn
from benchmarks.drawings import sketchpad_from_picture as sketchpad_from
from cnn import colors, config, views, visualize

EXAMPLES = sorted(config.EXAMPLES_DIRECTORY.glob("*.png"))


@pytest.fixture(scope="module")
def lessons(reader):
    return views.Lessons(reader)


def reads(sentence: str, digit: int) -> bool:
    """Whether the sentence is the one for a confident reading of `digit`."""
    return re.fullmatch(rf"It reads \*\*{digit}\*\* with \d+\.\d% probability\.", sentence) is not None


@pytest.mark.parametrize("sentence, digit, expected", [
    ("It reads **7** with 98.5% probability.", 7, True),
    ("It reads **9** with 84.0% probability.", 7, False),  # A "7" in the sentence is not enough.
    ("**Not sure**: 7 (55%) or 1 (40%)? Try drawing it larger or more clearly.", 7, False),
])
def test_the_sentence_check_itself(sentence, digit, expected):
    assert reads(sentence, digit) is expected


@pytest.mark.parametrize("probabilities, expected", [
    ({7: 0.985, 1: 0.015}, "It reads **7** with 98.5% probability."),
    ({7: 0.6, 1: 0.4}, "It reads **7** with 60.0% probability."),  # NOT_SURE_BELOW itself is sure.
    ({7: 0.55, 1: 0.45}, "**Not sure**: 7 (55%) or 1 (45%)? Try drawing it larger or more clearly."),
    ({3: 0.35, 5: 0.33, 8: 0.32}, "**Not sure**: 3 (35%) or 5 (33%)? Try drawing it larger or more clearly."),
])
def test_sentence_says_the_digit_or_that_it_is_not_sure(probabilities, expected):
    vector = np.zeros(10, np.float32)
    for digit, probability in probabilities.items():
        vector[digit] = probability
    assert views.sentence(vector) == expected


@pytest.mark.parametrize("error, expected", [
    (cnn.EmptyDrawingError(), views.EMPTY_HINT),
    (cnn.EmptyDrawingError("The photo is too dark."), "The photo is too dark."),
    (ValueError("not an image"), "Could not read that image: not an image"),
])
def test_nothing_to_read_becomes_its_sentence(error, expected):
    assert views.sentence_for(error) == expected


@pytest.mark.parametrize("kind", [views.DrawView, views.InsideView, views.LearnView])
def test_a_view_of_nothing_is_the_sentence_and_no_pictures(kind):
    values = kind.nothing("Draw a digit.").values()
    assert values[0] == "Draw a digit." and all(value is None for value in values[1:])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_draw_view_reads_each_example(lessons, path):
    view = lessons.draw(lessons.read(sketchpad_from(path)))
    assert reads(view.sentence, int(path.stem))
    assert max(view.confidences, key=view.confidences.get) == path.stem
    assert abs(sum(view.confidences.values()) - 1) < 1e-4
    assert view.grid.ndim == 3 and view.grid.shape[1] >= 28 * 20


@pytest.mark.parametrize("layer, picture_shape", [
    ("conv1", (4 * 29 - 1, 8 * 29 - 1, 3)),  # 32 maps of 28x28, 8 across, 1-pixel gaps.
    ("pool1", (4 * 15 - 1, 8 * 15 - 1, 3)),
    ("conv2", (4 * 15 - 1, 16 * 15 - 1, 3)),  # 64 maps of 14x14, 16 across.
    ("pool2", (4 * 8 - 1, 16 * 8 - 1, 3)),
    ("dense", (4, 32, 3)),  # 128 units, 32 across.
])
def test_inside_view_shows_each_layer_one_pixel_per_value(lessons, layer, picture_shape):
    reading = lessons.read(sketchpad_from(EXAMPLES[3]))
    view = lessons.inside(reading)
    output = reading.layer_outputs[layer]
    assert reads(view.sentence, 3) and max(view.confidences, key=view.confidences.get) == "3"
    assert f"{layer} {output.max():.2f}" in view.colour_scales
    assert list(view.layers) == list(visualize.LAYER_VIEWS)
    indices = np.asarray(view.layers[layer])
    assert view.layers[layer].mode == "P" and (*indices.shape, 3) == picture_shape
    first = output[..., 0] if output.ndim == 3 else output[:32][None]
    np.testing.assert_array_equal(indices[: first.shape[0], : first.shape[1]],
                                  colors.sequential_indices(first, float(output.max())))
    if output.ndim == 3:  # White lines between the maps.
        assert set(indices[:, first.shape[1]]) == {colors.PALETTE_WHITE}


def test_inside_view_spreads_its_layers_one_value_each(lessons):
    view = lessons.inside(lessons.read(sketchpad_from(EXAMPLES[3])))
    values = view.values()
    assert len(values) == 1 + len(visualize.LAYER_VIEWS) + 2
    assert values[1:-2] == list(view.layers.values())


@pytest.mark.parametrize("unit, arithmetic_start", [
    (views.Unit("conv1", 14, 12, 0), "**conv1, row 14, column 12, channel 0.**"),
    # Out-of-range choices (left over from conv1) are clipped to conv2's 14x14x64.
    (views.Unit("conv2", 27, 27, 99, evidence_for=1), "**conv2, row 13, column 13, channel 63.**"),
])
def test_learn_view_shows_every_lesson(lessons, unit, arithmetic_start):
    view = lessons.learn(lessons.read(sketchpad_from(EXAMPLES[4])), unit)
    assert reads(view.sentence, 4)
    assert view.designed_responses.size == view.learned_responses.size == (5 * 29 - 1, 28)  # A pixel a value.
    assert view.receptive_field.shape == (336, 336) and view.evidence.shape == (28, 2 * 28 + 1, 3)
    assert view.arithmetic.startswith(arithmetic_start) and "ReLU" in view.arithmetic
    assert "| 3 px |" in view.shifts and "softmax" in view.softmax


def test_learn_view_refuses_a_layer_without_units_to_pick(lessons):
    with pytest.raises(ValueError, match="conv1"):
        lessons.learn(lessons.read(sketchpad_from(EXAMPLES[4])), views.Unit("dense"))


def test_evidence_follows_the_chosen_digit(lessons):
    reading = lessons.read(sketchpad_from(EXAMPLES[4]))
    for_four, for_nine = (lessons.learn(reading, views.Unit(evidence_for=digit)).evidence for digit in (4, 9))
    assert not np.array_equal(for_four, for_nine)
    assert np.array_equal(lessons.learn(reading).evidence, for_four)  # None: the predicted digit, 4.

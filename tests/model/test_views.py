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
    confidences = view.confidences["confidences"]
    assert view.confidences["label"] == max(confidences, key=confidences.get) == path.stem
    assert abs(sum(confidences.values()) - 1) < 1e-4
    assert view.grid.ndim == 3 and view.grid.shape[1] >= 28 * 20


@pytest.mark.parametrize("layer, picture_shape", [
    ("conv1", (4 * 29 - 1, 8 * 29 - 1, 3)),  # 32 maps of 28x28, 8 across, 1-pixel gaps.
    ("pool1", (4 * 15 - 1, 8 * 15 - 1, 3)),
    ("conv2", (4 * 15 - 1, 16 * 15 - 1, 3)),  # 64 maps of 14x14, 16 across.
    ("pool2", (4 * 8 - 1, 16 * 8 - 1, 3)),
    ("dense", (4, 32, 3)),  # 128 units, 32 across.
])
def test_inside_view_shows_each_layer_one_pixel_per_value(lessons, layer, picture_shape):
    (reading,) = lessons.read(sketchpad_from(EXAMPLES[3]))
    view = lessons.inside(reading)
    output = reading.layer_outputs[layer]
    assert reads(view.sentence, 3) and view.confidences["label"] == "3"
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
    view = lessons.inside(lessons.read(sketchpad_from(EXAMPLES[3]))[0])
    values = view.values()
    assert len(values) == 1 + len(visualize.LAYER_VIEWS) + 2
    assert values[1:-2] == list(view.layers.values())


@pytest.mark.parametrize("unit, arithmetic_start", [
    (views.Unit("conv1", 14, 12, 0), "**conv1, row 14, column 12, channel 0.**"),
    # Out-of-range choices (left over from conv1) are clipped to conv2's 14x14x64.
    (views.Unit("conv2", 27, 27, 99, evidence_for=1), "**conv2, row 13, column 13, channel 63.**"),
])
def test_learn_view_shows_every_lesson(lessons, unit, arithmetic_start):
    view = lessons.learn(lessons.read(sketchpad_from(EXAMPLES[4]))[0], unit)
    assert reads(view.sentence, 4)
    assert view.designed_responses.size == view.learned_responses.size == (5 * 29 - 1, 28)  # A pixel a value.
    assert view.receptive_field.shape == (336, 336) and view.evidence.shape == (28, 2 * 28 + 1, 3)
    assert view.arithmetic.startswith(arithmetic_start) and "ReLU" in view.arithmetic
    assert "| 3 px |" in view.shifts and "softmax" in view.softmax


def test_learn_view_refuses_a_layer_without_units_to_pick(lessons):
    with pytest.raises(ValueError, match="conv1"):
        lessons.learn(lessons.read(sketchpad_from(EXAMPLES[4]))[0], views.Unit("dense"))


def test_evidence_follows_the_chosen_digit(lessons):
    (reading,) = lessons.read(sketchpad_from(EXAMPLES[4]))
    for_four, for_nine = (lessons.learn(reading, views.Unit(evidence_for=digit)).evidence for digit in (4, 9))
    assert not np.array_equal(for_four, for_nine)
    assert np.array_equal(lessons.learn(reading).evidence, for_four)  # None: the predicted digit, 4.


def test_a_drawing_that_is_no_digit_is_said_so_with_the_closest_digit_never_in_bold():
    vector = np.full(10, 0.05, np.float32)
    vector[4], vector[1] = 0.4, 0.2
    assert views.sentence(vector, is_digit=False) == "That doesn't look like a digit (closest: 4)."
    assert "**" not in views.sentence(vector, is_digit=False)


def _reading(digit: int, is_digit: bool = True) -> cnn.Reading:
    probabilities = np.full(10, 0.01, np.float32)
    probabilities[digit] = 0.91
    return cnn.Reading(image=np.zeros((28, 28), np.float32), layer_outputs={"output": probabilities},
                       threshold=0.5 if is_digit else 0.99)


@pytest.mark.parametrize("readings, label, sentence", [
    ([_reading(7)], "7", None),
    ([_reading(7, is_digit=False)], "not a digit", "That doesn't look like a digit (closest: 7)."),
    ([_reading(4), _reading(2)], "42", "It reads **42**."),
    ([_reading(4), _reading(2, is_digit=False), _reading(1)], "4?1",
     "It reads **4?1**. (?: mark 2 from the left doesn't look like a digit; write it again more clearly.)"),
])
def test_the_draw_tab_says_what_it_reads_digit_not_a_digit_or_number(lessons, readings, label, sentence):
    view = lessons.draw(readings)
    assert view.confidences["label"] == label
    if len(readings) == 1:  # One drawing keeps its ten probabilities, whatever it is.
        assert set(view.confidences["confidences"]) == set(config.CLASS_NAMES)
    else:
        assert view.confidences["confidences"] == {}
        assert view.grid.shape[1] >= len(readings) * 28 * visualize.NUMBER_CELL
    if sentence:
        assert view.sentence == sentence


def test_the_learn_lesson_on_digit_likeness_gives_the_models_own_numbers(lessons, reader):
    from tests.model.test_model import NOT_DIGITS

    reading = reader.read(NOT_DIGITS["capital A"])
    text = lessons.learn(reading).digit_likeness
    first, second = np.argsort(reading.probabilities)[::-1][:2]
    assert f"{first} ({reading.probabilities[first]:.1%}) + {second} ({reading.probabilities[second]:.1%})" in text
    assert f"**{reading.digit_likeness:.3f}**" in text and f"**{reading.threshold:.3f}**" in text
    below = int(np.sum(lessons.digit_likeness_yardstick < reading.digit_likeness))
    assert f"MNIST training digits, {below:,} score lower" in text
    assert ("reads as **not a digit**" in text) is (not reading.is_digit)


def test_a_network_that_cannot_load_is_an_error_for_each_view_not_a_wait(monkeypatch):
    def broken(*arguments):
        raise views.WeightsError("broken on purpose")

    monkeypatch.setattr(views, "load_model", broken)
    lessons = views.Lessons()  # The page's part, from the weights file, is there.
    assert set(lessons.kernel_pictures) == {"conv1", "conv2"}
    for _ in range(2):  # Every view that needs the network is told, at once.
        with pytest.raises(views.WeightsError, match="broken on purpose"):
            lessons.read(EXAMPLES[7])
    with pytest.raises(views.WeightsError, match="broken on purpose"):
        lessons.digit_likeness_yardstick

"""The app's handlers, called directly on Sketchpad-shaped values (no server)."""

import base64
import io
import re

import gradio as gr
import numpy as np
import pytest

import app
from benchmarks.drawings import sketchpad_from_picture as sketchpad_from
from PIL import Image

from cnn import colors, config, visualize

EXAMPLES = sorted(config.EXAMPLES_DIRECTORY.glob("*.png"))


EMPTY_PAD = {"background": None, "layers": [], "composite": None}


def reads(hint: str, digit: int) -> bool:
    """Whether the hint is the sentence for a confident reading of `digit`."""
    return re.fullmatch(rf"It reads \*\*{digit}\*\* with \d+\.\d% probability\.", hint) is not None


@pytest.mark.parametrize("hint, digit, expected", [
    ("It reads **7** with 98.5% probability.", 7, True),
    ("It reads **9** with 84.0% probability.", 7, False),  # A "7" in the hint is not enough.
    ("**Not sure**: 7 (55%) or 1 (40%)? Try drawing it larger or more clearly.", 7, False),
])
def test_the_hint_check_itself(hint, digit, expected):
    assert reads(hint, digit) is expected


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_predict_returns_confidences_for_every_digit(path):
    confidences = app.predict(sketchpad_from(path))
    assert set(confidences) == set(config.CLASS_NAMES)
    assert max(confidences, key=confidences.get) == path.stem
    assert abs(sum(confidences.values()) - 1) < 1e-4


@pytest.mark.parametrize("value, expected", [
    (None, "Draw a digit"),
    (EMPTY_PAD, "Draw a digit"),
    (app.UnreadableImage("Could not read that image (broken)."), "Could not read"),
    ({"background": None, "layers": [], "composite": np.zeros((5, 5, 7), np.uint8)}, "Could not read"),
])
def test_nothing_to_read_gives_a_sentence_not_a_guess(value, expected):
    answer = app.predict(value)
    assert isinstance(answer, str) and expected in answer
    hint, picture = app.draw_views(value)
    assert picture is None and "%" not in hint


def test_draw_views_show_the_28x28_input():
    hint, picture = app.draw_views(sketchpad_from(EXAMPLES[7]))
    assert reads(hint, 7)
    assert picture.ndim == 3 and picture.shape[1] >= 28 * 20


def test_inside_views_render_nothing_while_the_tab_is_closed():
    views = app.inside_views(sketchpad_from(EXAMPLES[3]), inside_is_open=False)
    assert all(isinstance(view, type(gr.skip())) for view in views)


@pytest.mark.parametrize("layer, picture_shape", [
    ("conv1", (4 * 29 - 1, 8 * 29 - 1, 3)),  # 32 maps of 28x28, 8 across, 1-pixel gaps.
    ("pool1", (4 * 15 - 1, 8 * 15 - 1, 3)),
    ("conv2", (4 * 15 - 1, 16 * 15 - 1, 3)),  # 64 maps of 14x14, 16 across.
    ("pool2", (4 * 8 - 1, 16 * 8 - 1, 3)),
    ("dense", (4, 32, 3)),  # 128 units, 32 across.
])
def test_inside_views_show_each_layer_one_pixel_per_value(layer, picture_shape):
    drawing = sketchpad_from(EXAMPLES[3])
    hint, *pictures, probabilities, scales = app.inside_views(drawing, inside_is_open=True)
    output = app.reader.read(drawing).layer_outputs[layer]
    picture = pictures[list(visualize.LAYER_VIEWS).index(layer)]
    assert reads(hint, 3) and max(probabilities, key=probabilities.get) == "3"
    assert f"{layer} {output.max():.2f}" in scales
    indices = np.asarray(picture)
    assert picture.mode == "P" and (*indices.shape, 3) == picture_shape
    first = output[..., 0] if output.ndim == 3 else output[:32][None]
    np.testing.assert_array_equal(indices[: first.shape[0], : first.shape[1]],
                                  colors.sequential_indices(first, float(output.max())))
    if output.ndim == 3:  # White lines between the maps.
        assert set(indices[:, first.shape[1]]) == {colors.PALETTE_WHITE}


def test_an_upload_takes_the_drawing_path():
    value = app.upload_to_sketchpad(str(EXAMPLES[5]))
    assert app.predict(value)["5"] > 0.5


def test_layer_table_adds_up_to_the_lecture_total():
    assert app.layer_table_rows[-1][:1] == ["total"]
    assert app.layer_table_rows[-1][4] == "421,642"


@pytest.mark.parametrize("layer, row, column, channel, choice", [
    ("conv1", 14, 12, 0, app.PREDICTED),
    ("conv2", 27, 27, 63, "1"),  # Out-of-range sliders (left over from conv1) are clipped to conv2's 14x14.
])
def test_learn_views_show_every_lesson(layer, row, column, channel, choice):
    hint, designed, learned, field, arithmetic, shifts, evidence, softmax = app.learn_views(
        sketchpad_from(EXAMPLES[4]), True, layer, row, column, channel, choice)
    assert reads(hint, 4)
    assert designed.size == learned.size == (5 * 29 - 1, 28)  # Five responses, one pixel per value.
    assert field.shape == (336, 336) and evidence.shape == (28, 2 * 28 + 1, 3)  # Evidence: a pixel a value.
    assert "ReLU" in arithmetic and "| 3 px |" in shifts and "softmax" in softmax


@pytest.mark.parametrize("inside_is_open, learn_is_open", [(False, False), (True, False), (False, True)])
def test_one_stroke_reads_the_drawing_once_and_fills_every_open_view(monkeypatch, inside_is_open, learn_is_open):
    drawing = sketchpad_from(EXAMPLES[4])
    controls = (learn_is_open, "conv1", 14, 12, 0, app.PREDICTED)
    separately = [app.predict(drawing), *app.draw_views(drawing), *app.inside_views(drawing, inside_is_open),
                  *app.learn_views(drawing, *controls)]
    forward_passes, preprocessings = [], []
    layer_outputs, to_mnist = app.reader.layer_outputs, app.cnn.to_mnist
    monkeypatch.setattr(app.reader, "layer_outputs", lambda image: forward_passes.append(1) or layer_outputs(image))
    monkeypatch.setattr(app.cnn, "to_mnist", lambda value: preprocessings.append(1) or to_mnist(value))
    together = app.stroke_views(drawing, inside_is_open, *controls)
    assert len(forward_passes) == 1 and len(preprocessings) == 1
    assert len(together) == len(separately)
    for one, other in zip(together, separately):
        if isinstance(one, np.ndarray):
            np.testing.assert_array_equal(one, other)
        elif isinstance(one, Image.Image):
            assert one.tobytes() == other.tobytes()
        else:
            assert type(one) is type(other) and (isinstance(one, type(gr.skip())) or one == other)


def test_learn_views_render_nothing_while_the_tab_is_closed():
    views = app.learn_views(sketchpad_from(EXAMPLES[4]), False, "conv1", 0, 0, 0, app.PREDICTED)
    assert all(isinstance(view, type(gr.skip())) for view in views)


@pytest.mark.parametrize("layer, maximums", [("conv1", (27, 27, 31)), ("conv2", (13, 13, 63))])
def test_unit_sliders_fit_the_layer(layer, maximums):
    assert tuple(slider.maximum for slider in app.unit_sliders(layer)) == maximums


def test_bad_input_is_logged_once_and_an_empty_pad_not_at_all(caplog):
    with caplog.at_level("WARNING", logger="draw_a_digit"):
        unreadable = app.UnreadableImage("Could not read that image (broken).")
        app.predict(unreadable)
        app.draw_views(unreadable)
        app.predict(EMPTY_PAD)
    assert [record.getMessage() for record in caplog.records] == [
        "rejected input: Could not read that image (broken)."]


@pytest.mark.parametrize("shape, palette", [((28, 28), False), ((364, 336, 3), False), ((115, 231), True)])
def test_pictures_travel_inline_and_lossless(shape, palette):
    array = np.random.default_rng(0).integers(0, 256, shape, dtype=np.uint8)
    value = colors.palette_picture(array) if palette else array
    sent = app.picture("test").postprocess(value)
    assert sent.path is None and sent.url.startswith("data:image/png;base64,")
    decoded = Image.open(io.BytesIO(base64.b64decode(sent.url.split(",", 1)[1])))
    np.testing.assert_array_equal(np.asarray(decoded), array)
    if palette:
        assert decoded.mode == "P" and decoded.getpalette() == colors.SEQUENTIAL_PALETTE.ravel().tolist()


def test_pictures_of_nothing_stay_empty():
    assert app.picture("test").postprocess(None) is None


def test_events_send_what_the_page_renders():
    """Outputs are postprocessed inside the handler (events use postprocess=False): wire values, skips untouched."""
    drawing = sketchpad_from(EXAMPLES[3])
    hint, *pictures, probabilities, scales = app.postprocessed_here(app.inside_views, app.inside_outputs)(drawing)
    assert reads(hint, 3) and "conv1" in scales
    assert all(picture["url"].startswith("data:image/png;base64,") for picture in pictures)
    assert probabilities["label"] == "3" and len(probabilities["confidences"]) == 10
    closed = app.postprocessed_here(app.inside_views, app.inside_outputs)(drawing, False)
    assert all(value == gr.skip() for value in closed)
    assert app.postprocessed_here(app.predict, [app.label])(drawing)["label"] == "3"  # One output: not a list.

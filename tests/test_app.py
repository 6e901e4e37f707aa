"""The app's handlers, called directly on Sketchpad-shaped values (no server)."""

import gradio as gr
import numpy as np
import pytest

import app
from benchmarks.drawings import sketchpad_from_picture as sketchpad_from
from cnn import config

EXAMPLES = sorted(config.EXAMPLES_DIRECTORY.glob("*.png"))


EMPTY_PAD = {"background": None, "layers": [], "composite": None}


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
    assert "7" in hint
    assert picture.ndim == 3 and picture.shape[1] >= 28 * 20


def test_inside_views_render_nothing_while_the_tab_is_closed():
    views = app.inside_views(sketchpad_from(EXAMPLES[3]), inside_is_open=False)
    assert all(isinstance(view, type(gr.skip())) for view in views)


def test_inside_views_show_every_layer_when_open():
    hint, picture = app.inside_views(sketchpad_from(EXAMPLES[3]), inside_is_open=True)
    assert "3" in hint
    assert picture.ndim == 3 and picture.dtype == np.uint8 and picture.shape[0] > 600


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
    hint, filters, field, arithmetic, shifts, evidence, softmax = app.learn_views(
        sketchpad_from(EXAMPLES[4]), True, layer, row, column, channel, choice)
    assert "4" in hint
    assert all(picture.ndim == 3 for picture in (filters, field, evidence))
    assert "ReLU" in arithmetic and "| 3 px |" in shifts and "softmax" in softmax


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

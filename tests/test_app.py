"""The app's handlers, called directly on Sketchpad-shaped values (no server)."""

import gradio as gr
import numpy as np
import pytest
from PIL import Image

import app
from cnn import config

EXAMPLES = sorted(config.EXAMPLES_DIRECTORY.glob("*.png"))


def sketchpad_from(path) -> dict:
    """A committed drawing as the Sketchpad sends it: strokes in a transparent layer over a white composite."""
    grey = np.asarray(Image.open(path).convert("L"), dtype=np.float32)
    background = np.median(np.concatenate([grey[0], grey[-1]]))
    ink = np.clip(np.abs(grey - background) / 255.0 * 1.5, 0, 1)
    layer = np.zeros((*grey.shape, 4), np.uint8)
    layer[..., 3] = np.rint(ink * 255).astype(np.uint8)
    composite = np.repeat(np.rint(255 * (1 - ink)).astype(np.uint8)[..., None], 3, axis=2)
    return {"background": None, "layers": [layer], "composite": composite}


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
    hint, *pictures = app.inside_views(sketchpad_from(EXAMPLES[3]), inside_is_open=True)
    assert "3" in hint
    assert len(pictures) == 6 and all(picture.ndim == 3 and picture.dtype == np.uint8 for picture in pictures)


def test_an_upload_takes_the_drawing_path():
    value = app.upload_to_sketchpad(str(EXAMPLES[5]))
    assert app.predict(value)["5"] > 0.5


def test_layer_table_adds_up_to_the_lecture_total():
    assert app.layer_table_rows[-1][:1] == ["total"]
    assert app.layer_table_rows[-1][4] == "421,642"

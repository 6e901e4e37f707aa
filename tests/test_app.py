"""The app's handlers, called directly (no server): what each event sends to the page, and the public API's."""

import base64
import io
import time
import types

import gradio as gr
import numpy as np
import pytest
from PIL import Image

import app
from benchmarks.drawings import sketchpad_from_picture as sketchpad_from
from cnn import colors, config, views
from tests.test_strokes import FOUR, ONE, SEVEN, pad
from tests.test_views import reads

EXAMPLES = sorted(config.EXAMPLES_DIRECTORY.glob("*.png"))
EMPTY_PAD = {"background": None, "layers": [], "composite": None}
SKIP = gr.skip()
DEFAULT_CONTROLS = (1, 1, "conv1", 14, 12, 0, app.PREDICTED)  # The first digit of a number, on Inside and Learn.


def page(session="page-1"):
    return types.SimpleNamespace(session_hash=session)


def shown(values: list, tab: str) -> list:
    """The part of page_views' answer that goes to `tab`'s components."""
    start = 0
    for name, components in app.output_lists.items():
        if name == tab:
            return values[start:start + len(components)]
        start += len(components)
    raise KeyError(tab)


@pytest.mark.parametrize("open_tab, rendered", [
    ("draw", {"draw", "inside"}), ("inside", {"draw", "inside"}), ("learn", {"draw", "inside", "learn"}),
])
def test_a_drawing_fills_the_draw_and_inside_tabs_and_learn_only_while_open(open_tab, rendered):
    values = app.page_views(SEVEN, None, open_tab, *DEFAULT_CONTROLS, page(f"tabs-{open_tab}"))
    assert len(values) == len(app.page_outputs)
    for tab in app.output_lists:
        part = shown(values, tab)
        if tab in rendered:
            assert reads(part[0], 7)
        else:
            assert all(value == SKIP for value in part)


def test_one_drawing_is_preprocessed_and_read_once_for_every_view(monkeypatch):
    preprocessings, forward_passes = [], []
    to_mnist, layer_outputs = app.reader.read.__globals__["to_mnist"], app.reader.layer_outputs_batch
    monkeypatch.setitem(app.reader.read.__globals__, "to_mnist",
                        lambda value: preprocessings.append(1) or to_mnist(value))
    monkeypatch.setattr(app.reader, "layer_outputs_batch",
                        lambda images: forward_passes.append(1) or layer_outputs(images))
    app.page_views(FOUR, None, "inside", *DEFAULT_CONTROLS, page("once"))
    assert len(preprocessings) == 1 and len(forward_passes) == 1


def test_the_page_shows_what_each_view_holds():
    values = app.page_views(FOUR, None, "learn", 1, 1, "conv2", 3, 4, 5, "9", page("same"))
    lessons, readings = app.lessons, app.lessons.read(FOUR)
    expected = [*lessons.draw(readings).values(), *lessons.inside(readings[0]).values(),
                *lessons.learn(readings[0], views.Unit("conv2", 3, 4, 5, 9)).values()]
    for one, other in zip(values, expected, strict=True):
        if isinstance(one, np.ndarray):
            np.testing.assert_array_equal(one, other)
        elif isinstance(one, Image.Image):
            assert one.tobytes() == other.tobytes()
        else:
            assert one == other


@pytest.mark.parametrize("pad_value, photo, expected", [
    (SEVEN, None, "7"),
    (pad(), str(EXAMPLES[3]), "3"),  # An empty pad: the chosen photo is read.
    (ONE, str(EXAMPLES[3]), "1"),  # Something drawn: the drawing wins.
    (pad(), None, None),
])
def test_the_page_reads_the_drawing_or_else_the_photo(pad_value, photo, expected):
    sentence, confidences, _ = shown(app.page_views(pad_value, photo, "draw", *DEFAULT_CONTROLS,
                                                    page(f"photo-{expected}")), "draw")
    if expected is None:
        assert sentence == views.EMPTY_HINT and confidences is None
    else:
        assert reads(sentence, int(expected))


def test_an_answer_for_an_older_drawing_than_the_page_has_sent_is_dropped():
    session = page("older")
    assert reads(app.page_views(dict(SEVEN, seq=5), None, "draw", *DEFAULT_CONTROLS, session)[0], 7)
    assert app.page_views(pad(seq=6), None, "draw", *DEFAULT_CONTROLS, session)[0] == views.EMPTY_HINT  # Clear.
    late = app.page_views(dict(SEVEN, seq=5), None, "draw", *DEFAULT_CONTROLS, session)
    assert all(value == SKIP for value in late)
    # Another page keeps its own numbering; a closed page's is forgotten.
    assert reads(app.page_views(ONE, None, "draw", *DEFAULT_CONTROLS, page("another"))[0], 1)
    app.forget_page(session)
    assert reads(app.page_views(ONE, None, "draw", *DEFAULT_CONTROLS, session)[0], 1)


def test_an_answer_finished_after_a_newer_drawing_arrived_is_dropped(monkeypatch):
    session = page("overtaken")
    read = app.lessons.read

    def read_while_the_page_clears(drawing):
        reading = read(drawing)
        assert app.page_views(pad(seq=9), None, "draw", *DEFAULT_CONTROLS, session)[0] == views.EMPTY_HINT
        return reading

    monkeypatch.setattr(app.lessons, "read", read_while_the_page_clears)
    late = app.page_views(dict(SEVEN, seq=8), None, "draw", *DEFAULT_CONTROLS, session)
    assert all(value == SKIP for value in late)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_predict_returns_the_digit_and_confidences_for_every_digit(path):
    answer = app.predict(sketchpad_from(path))
    confidences = answer["confidences"]
    assert set(confidences) == set(config.CLASS_NAMES)
    assert answer["label"] == max(confidences, key=confidences.get) == path.stem


@pytest.mark.parametrize("value, expected", [
    (None, views.EMPTY_HINT),
    (EMPTY_PAD, views.EMPTY_HINT),
    (pad(), views.EMPTY_HINT),
    (app.UnreadableImage("(broken). Try a PNG or JPEG of one digit."),
     "Could not read that image: (broken). Try a PNG or JPEG of one digit."),
    ({"background": None, "layers": [], "composite": np.zeros((5, 5, 7), np.uint8)},
     "Could not read that image: expected an image of shape (H, W) or (H, W, 1-4 channels), got (5, 5, 7)"),
])
def test_nothing_to_read_gives_a_sentence_on_every_tab_not_a_guess(value, expected):
    assert app.predict(value) == expected
    values = app.tab_views(value)
    assert len(values) == len(app.page_outputs)
    for tab in app.output_lists:
        sentence, *rest = shown(values, tab)
        assert sentence == expected and all(part is None for part in rest)


def test_bad_input_is_logged_once_and_an_empty_pad_not_at_all(caplog):
    with caplog.at_level("WARNING", logger="draw_a_digit"):
        app.predict(app.UnreadableImage("(broken)."))
        app.predict(EMPTY_PAD)
        app.page_views(pad(), None, "inside", *DEFAULT_CONTROLS, page("quiet"))
    assert [record.getMessage() for record in caplog.records] == [
        "rejected input: Could not read that image: (broken)."]


def test_every_view_field_has_its_component():
    for tab, components in app.output_lists.items():
        assert len(components) == len(app.VIEW_KINDS[tab].nothing("").values())
    assert app.output_lists["draw"] == [app.hint, app.label, app.pixels]


def test_layer_table_adds_up_to_the_lecture_total():
    assert app.layer_table_rows[-1][:1] == ["total"]
    assert app.layer_table_rows[-1][4] == "421,642"


@pytest.mark.parametrize("layer, maximums", [("conv1", (27, 27, 31)), ("conv2", (13, 13, 63))])
def test_unit_sliders_fit_the_layer(layer, maximums):
    assert tuple(slider.maximum for slider in app.unit_sliders(layer)) == maximums


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


def test_the_pad_starts_empty_with_the_pen_the_page_draws_with():
    assert app.pad.value == {"seq": 0, "side": app.PAD_SIDE, "pen": app.PEN_WIDTH, "strokes": []}
    assert app.pad.props["pen"] == app.PEN_WIDTH and app.pad.props["side"] == app.PAD_SIDE


def test_the_train_tab_trains_one_visitor_at_a_time_and_shows_the_run(monkeypatch):
    monkeypatch.setattr(app, "training_slot", app.live_training.TrainingSlot())
    first, second = page("trainer"), page("waiting")
    status, timer = app.start_training(-3, 32, False, first)
    assert status.startswith("Starting") and timer.active
    status, timer = app.start_training(-3, 32, False, second)
    assert "You are next" in status and not timer.active
    run = app.training_slot.run_of("trainer")
    while run.progress().step < 60:
        time.sleep(0.05)
    status, loss, accuracy, conv1, conv2, young, shipped, summary, compared, timer = app.training_tick(SEVEN, None,
                                                                                                     first)
    assert status.startswith("**running**: step") and timer.active and summary == ""
    assert set(loss["series"]) == {"training batches", "held-out digits"} and list(loss.columns) == [
        "step", "loss", "series"]
    assert set(young) == set(config.CLASS_NAMES) and reads(shipped.removeprefix("The shipped network: "), 7)
    assert conv1.shape[0] > 0 and conv2.shape[0] > 0
    app.stop_training(first)
    assert run.wait(10)
    *_, summary, _, timer = app.training_tick(SEVEN, None, first)
    assert summary.startswith("**Run over (stopped)**") and not timer.active
    assert all(value == SKIP for value in app.training_tick(SEVEN, None, second)[:-1])  # Nothing of theirs.
    status, *_, timer = app.reset_training(SEVEN, None, first)
    assert status.startswith("**ready**: step 0") and app.training_slot.run_of("trainer") is None
    app.forget_page(first)


def test_a_letter_is_not_a_digit_on_the_draw_and_inside_tabs_with_its_confidences():
    from tests.test_model import NOT_DIGITS

    values = app.page_views(NOT_DIGITS["capital A"], None, "inside", *DEFAULT_CONTROLS, page("letter"))
    for tab in ("draw", "inside"):
        sentence, label_value = shown(values, tab)[:2] if tab == "draw" else (shown(values, tab)[0],
                                                                             shown(values, tab)[-2])
        assert sentence.startswith("That doesn't look like a digit (closest: ")
        assert label_value["label"] == "not a digit" and set(label_value["confidences"]) == set(config.CLASS_NAMES)
    shown_label = app.label.postprocess(shown(values, "draw")[1])
    assert shown_label.label == "not a digit" and len(shown_label.confidences) == app.TOP_CLASSES


def test_a_number_is_read_on_the_draw_tab_and_inside_looks_at_the_chosen_digit():
    from tests.test_segment import FOUR_TWO_STROKES, TWO, shifted

    number = pad(*FOUR_TWO_STROKES, *shifted(TWO, 80))
    for which, digit in ((1, 4), (2, 2), (8, 2)):  # Past the last digit: the last.
        values = app.page_views(number, None, "learn", which, which, *DEFAULT_CONTROLS[2:], page(f"number-{which}"))
        draw_sentence, label_value, strip = shown(values, "draw")
        assert draw_sentence == "It reads **42**." and label_value == {"label": "42", "confidences": {}}
        assert reads(shown(values, "inside")[0], digit) and reads(shown(values, "learn")[0], digit)
    assert app.read_number(number)["number"] == "42"
    assert [record["digit"] for record in app.read_number(number)["digits"]] == [4, 2]
    assert app.read_number(pad()) == {"error": views.EMPTY_HINT}

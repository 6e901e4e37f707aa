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
from cnn import colors, config, site, views
from tests.unit.test_strokes import FOUR, ONE, SEVEN, pad
from tests.model.test_views import reads

EXAMPLES = sorted(config.EXAMPLES_DIRECTORY.glob("*.png"))
EMPTY_PAD = {"background": None, "layers": [], "composite": None}
SKIP = gr.skip()
DEFAULT_CONTROLS = (1, "conv1", 14, 12, 0, app.PREDICTED)  # Learn looks at the first digit of a number.
# A 1 and a 7 whose bar starts on the 1: one stroke joins the digits, which are cut in their ink.
JOINED = pad([(40, 100), (40, 200)], [(40, 100), (200, 100), (150, 200)])


def page(session="page-1"):
    return types.SimpleNamespace(session_hash=session)


def answer_and_learn(values: list) -> tuple:
    """page_views' answer -> (the value for the answer beside the pad, the Learn tab's values)."""
    assert len(values) == len(app.page_outputs)
    return values[0], values[1:]


def digits_of(answer: dict) -> list[int]:
    """The server's answer for the page ({seq, images, sentence}) -> the digit the network reads in each image."""
    return [int(np.argmax(app.lessons.reader.layer_outputs(np.array(image, np.float32))["output"]))
            for image in answer["images"]]


@pytest.mark.parametrize("pad_value, photo, open_tab, answered", [
    (SEVEN, None, "draw", False),  # The page reads its pad itself: nothing to send.
    (SEVEN, None, "inside", False),
    (SEVEN, None, "learn", False),  # Learn is the server's, while open.
    (pad(), str(EXAMPLES[3]), "draw", True),  # An empty pad: the chosen photo is read, by the server.
    (ONE, str(EXAMPLES[3]), "draw", False),  # Something drawn: the drawing wins, read in the page.
    (JOINED, None, "draw", False),  # Digits joined by a stroke: the page cuts them in their ink too.
    (JOINED, None, "learn", False),
    (pad(), None, "draw", False),
])
def test_the_server_answers_only_what_the_page_cannot_read_itself(pad_value, photo, open_tab, answered):
    answer, learn = answer_and_learn(app.page_views(pad_value, photo, open_tab, *DEFAULT_CONTROLS,
                                                    page(f"server-{open_tab}-{answered}-{photo}")))
    drawing = app.chosen_drawing(pad_value, photo)
    if answered:
        assert answer["seq"] == pad_value["seq"] and answer["sentence"] is None
        assert digits_of(answer) == [reading.digit for reading in app.lessons.reader.read_number(drawing)]
    else:
        assert answer == SKIP
    if open_tab == "learn":
        first = app.lessons.reader.read_number(drawing)[0]
        assert learn[0] == views.sentence(first.probabilities, first.is_digit)
    else:
        assert all(value == SKIP for value in learn)


def test_one_drawing_is_preprocessed_and_read_once_for_the_answer_and_learn(monkeypatch):
    preprocessings, forward_passes = [], []
    reader = app.lessons.reader
    ink_coverage, layer_outputs = reader.read_number.__globals__["ink_coverage"], reader.layer_outputs_batch
    monkeypatch.setitem(reader.read_number.__globals__, "ink_coverage",
                        lambda *arguments: preprocessings.append(1) or ink_coverage(*arguments))
    monkeypatch.setattr(reader, "layer_outputs_batch",
                        lambda images: forward_passes.append(1) or layer_outputs(images))
    answer, learn = answer_and_learn(app.page_views(pad(), str(EXAMPLES[4]), "learn", *DEFAULT_CONTROLS,
                                                    page("once")))
    assert len(preprocessings) == 1 and len(forward_passes) == 1
    assert digits_of(answer) == [4] and reads(learn[0], 4)


def test_the_learn_tab_shows_what_its_view_holds():
    _, values = answer_and_learn(app.page_views(FOUR, None, "learn", 1, "conv2", 3, 4, 5, "9", page("same")))
    expected = app.lessons.learn(app.lessons.read(FOUR)[0], views.Unit("conv2", 3, 4, 5, 9)).values()
    for one, other in zip(values, expected, strict=True):
        if isinstance(one, np.ndarray):
            np.testing.assert_array_equal(one, other)
        elif isinstance(one, Image.Image):
            assert one.tobytes() == other.tobytes()
        else:
            assert one == other


def test_an_answer_for_an_older_drawing_than_the_page_has_sent_is_dropped():
    session, photo = page("older"), str(EXAMPLES[7])
    assert digits_of(app.page_views(pad(seq=5), photo, "draw", *DEFAULT_CONTROLS, session)[0]) == [7]
    assert app.page_views(pad(seq=6), None, "draw", *DEFAULT_CONTROLS, session)[0] == SKIP  # Cleared: the page's.
    late = app.page_views(pad(seq=5), photo, "draw", *DEFAULT_CONTROLS, session)
    assert all(value == SKIP for value in late)
    # Another page keeps its own numbering; a closed page's is forgotten.
    assert digits_of(app.page_views(pad(seq=1), photo, "draw", *DEFAULT_CONTROLS, page("another"))[0]) == [7]
    app.forget_page(session)
    assert digits_of(app.page_views(pad(seq=1), photo, "draw", *DEFAULT_CONTROLS, session)[0]) == [7]


def test_an_answer_finished_after_a_newer_drawing_arrived_is_dropped(monkeypatch):
    session = page("overtaken")
    read = app.lessons.read

    def read_while_the_page_clears(drawing, number=True):
        reading = read(drawing, number)
        app.page_views(pad(seq=9), None, "draw", *DEFAULT_CONTROLS, session)
        return reading

    monkeypatch.setattr(app.lessons, "read", read_while_the_page_clears)
    late = app.page_views(dict(JOINED, seq=8), None, "learn", *DEFAULT_CONTROLS, session)
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
    values = iter(app.tab_views(value))
    for tab in app.VIEW_KINDS:
        sentence, *rest = [next(values) for _ in app.VIEW_KINDS[tab].nothing("").values()]
        assert sentence == expected and all(part is None for part in rest)
    if value is not None:  # Given as the photo: the server's answer for the page is the sentence.
        assert app.page_views(pad(), value, "draw", *DEFAULT_CONTROLS, page("nothing"))[0] == {
            "seq": 1, "images": [], "sentence": expected}


def test_bad_input_is_logged_once_and_an_empty_pad_not_at_all(caplog):
    with caplog.at_level("WARNING", logger="draw_a_digit"):
        app.predict(app.UnreadableImage("(broken)."))
        app.predict(EMPTY_PAD)
        app.page_views(pad(), None, "inside", *DEFAULT_CONTROLS, page("quiet"))
    assert [record.getMessage() for record in caplog.records] == [
        "rejected input: Could not read that image: (broken)."]


def test_the_page_is_built_from_the_weights_file_before_tensorflow_loads(fresh_python):
    # In a fresh process: building the app (what `python app.py` does before it serves) imports no TensorFlow, and
    # the reading files the page fetches are written already.
    code = ("import sys, app; print(sorted({'tensorflow', 'keras'} & set(sys.modules)), "
            "sorted(path.name for path in app.READING_DIRECTORY.iterdir()))")
    assert fresh_python(code) == "[] ['reading.json', 'weights.bin']"


def test_every_view_field_has_its_component():
    for tab, components in app.output_lists.items():  # Learn on the page; Inside for the API.
        assert len(components) == len(app.VIEW_KINDS[tab].nothing("").values())


def test_layer_table_adds_up_to_the_lecture_total():
    rows = views.layer_table_rows()
    assert rows[-1][0] == "total" and rows[-1][4] == "421,642"


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
    assert app.pad.value == {"seq": 0, "side": site.PAD_SIDE, "pen": site.PEN_WIDTH, "strokes": []}
    assert app.pad.props["pen"] == site.PEN_WIDTH and app.pad.props["side"] == site.PAD_SIDE


def test_the_page_loads_its_reading_from_files_outside_the_checkout():
    assert not app.READING_DIRECTORY.is_relative_to(config.REPOSITORY_ROOT)
    assert {path.name for path in app.READING_DIRECTORY.iterdir()} == {site.MANIFEST_NAME, site.WEIGHTS_NAME}
    assert "DrawADigit.configure(" in app.PAGE_HEAD and str(app.READING_DIRECTORY) in app.PAGE_HEAD


def test_the_train_tab_trains_one_visitor_at_a_time_and_shows_the_run(monkeypatch):
    monkeypatch.setattr(app, "training_slot", app.views.TrainingSlot())
    first, second = page("trainer"), page("waiting")
    status, timer = app.start_training(-3, 32, False, first)
    assert status.startswith("Starting") and timer.active
    status, timer = app.start_training(-3, 32, False, second)
    assert "You are next" in status and not timer.active
    run = app.training_slot.run_of("trainer")
    deadline = time.perf_counter() + 120
    while run.progress().step < 60 and time.perf_counter() < deadline:
        time.sleep(0.05)
    assert run.progress().step >= 60, "the run did not reach step 60 in two minutes"
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


def test_a_letter_is_labelled_not_a_digit_with_its_confidences():
    from tests.model.test_model import NOT_DIGITS

    value = views.label_value(app.lessons.read(NOT_DIGITS["capital A"]))
    shown_label = app.label.postprocess(value)
    assert shown_label.label == "not a digit" and len(shown_label.confidences) == views.TOP_CLASSES
    assert set(value["confidences"]) == set(config.CLASS_NAMES)


def test_a_number_is_read_and_learn_looks_at_the_chosen_digit():
    from tests.model.test_segment import FOUR_TWO_STROKES, TWO, shifted

    number = pad(*FOUR_TWO_STROKES, *shifted(TWO, 80))
    for which, digit in ((1, 4), (2, 2), (8, 2)):  # Past the last digit: the last.
        _, learn = answer_and_learn(app.page_views(number, None, "learn", which, *DEFAULT_CONTROLS[1:],
                                                   page(f"number-{which}")))
        assert reads(learn[0], digit)
    assert app.read_number(number)["number"] == "42"
    assert [record["digit"] for record in app.read_number(number)["digits"]] == [4, 2]
    assert app.read_number(pad()) == {"error": views.EMPTY_HINT}


def test_the_app_writes_nothing_into_the_checkout():
    # Gradio writes a type stub beside a module that subclasses its components; the app's are stock components.
    assert not any(config.REPOSITORY_ROOT.glob("*.pyi"))
    assert not app.READING_DIRECTORY.is_relative_to(config.REPOSITORY_ROOT)


def test_app_py_uses_only_gradio_the_views_and_the_page_files():
    """app.py is the page's layout and wiring: what it needs of cnn comes through cnn.views and cnn.site."""
    import ast

    tree = ast.parse(open(app.__file__).read())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {f"{node.module}.{alias.name}" if node.module == "cnn" else node.module
                 for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    ours = {name for name in imported if name.split(".")[0] == "cnn"}
    assert ours == {"cnn.site", "cnn.views"}
    assert {name.split(".")[0] for name in imported} <= {"cnn", "gradio", "pandas", "json", "logging", "threading"}

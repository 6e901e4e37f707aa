"""End to end over HTTP: the running app answers /predict the way the browser's Sketchpad calls it."""

import base64
import io

import numpy as np
import pytest
import gradio_client
from PIL import Image

from benchmarks import servers
from benchmarks.drawings import sketchpad_from_picture
from benchmarks.load import run_load
from cnn import config




@pytest.fixture(scope="module")
def client(served_app):
    return servers.gradio_client(served_app)


def _file(tmp_path, name, array=None, raw=None, mode=None):
    path = tmp_path / name
    if raw is not None:
        path.write_bytes(raw)
    else:
        (Image.fromarray(array, mode) if mode else Image.fromarray(array)).save(path)
    return gradio_client.handle_file(str(path))


def inline_picture(answer) -> Image.Image:
    """A picture output as the browser gets it: a PNG inside the answer, not a file to fetch."""
    assert answer["path"] is None and answer["url"].startswith("data:image/png;base64,")
    return Image.open(io.BytesIO(base64.b64decode(answer["url"].split(",", 1)[1])))


def sketchpad_payload(tmp_path, digit_path):
    """The browser's upload of a drawing: the strokes as a transparent PNG layer and the opaque composite PNG."""
    return servers.sketchpad_payload(sketchpad_from_picture(digit_path), tmp_path)


@pytest.mark.parametrize("digit", [0, 4, 7])
def test_predict_reads_a_drawn_digit(client, tmp_path, digit):
    result = client.predict(sketchpad_payload(tmp_path, config.EXAMPLES_DIRECTORY / f"{digit}.png"),
                            api_name="/predict")
    assert result["label"] == str(digit)
    assert len(result["confidences"]) == 3


def _png_bytes(array, mode=None):
    buffer = io.BytesIO()
    (Image.fromarray(array, mode) if mode else Image.fromarray(array)).save(buffer, format="PNG")
    return buffer.getvalue()


def _garbled_png():
    """A PNG whose header is intact but whose compressed pixels are noise."""
    data = bytearray(_png_bytes(np.random.default_rng(0).integers(0, 255, (64, 64), dtype=np.uint8)))
    data[60:-20] = bytes(np.random.default_rng(1).integers(0, 255, len(data) - 80, dtype=np.uint8))
    return bytes(data)


# Bad input the public will send -> words that must appear in the answer (and no error).
BAD_INPUT = [
    ("empty", lambda tmp: {"background": None, "layers": [], "composite": None, "id": None}, "Draw a digit"),
    ("cleared", lambda tmp: {"background": None, "layers": [_file(tmp, "l.png", np.zeros((336, 336, 4), np.uint8))],
                             "composite": _file(tmp, "c.png", np.full((336, 336, 3), 255, np.uint8)), "id": None},
     "Draw a digit"),
    ("blank", lambda tmp: {"background": None, "layers": [],
                           "composite": _file(tmp, "c.png", np.full((336, 336, 3), 255, np.uint8)), "id": None},
     "Draw a digit"),
    ("fully transparent", lambda tmp: {"background": None, "layers": [],
                                       "composite": _file(tmp, "c.png", np.zeros((50, 50, 4), np.uint8)), "id": None},
     "Draw a digit"),
    ("1x1", lambda tmp: {"background": None, "layers": [],
                         "composite": _file(tmp, "c.png", np.zeros((1, 1, 3), np.uint8)), "id": None}, "Draw a digit"),
    ("non-image", lambda tmp: {"background": None, "layers": [],
                               "composite": _file(tmp, "c.png", raw=b"this is not a picture"), "id": None},
     "Could not read"),
    # Pillow decodes a cut-off PNG as far as it goes, here nothing but black: the file is broken, not the pad empty.
    ("truncated PNG", lambda tmp: {"background": None, "layers": [],
                                   "composite": _file(tmp, "c.png", raw=_png_bytes(np.zeros((40, 40), np.uint8))[:60]),
                                   "id": None}, "Could not read"),
    ("corrupt PNG data", lambda tmp: {"background": None, "layers": [],
                                      "composite": _file(tmp, "c.png", raw=_garbled_png()), "id": None},
     "Could not read"),
]


@pytest.mark.parametrize("kind, make, expected", BAD_INPUT, ids=[row[0] for row in BAD_INPUT])
def test_bad_input_gets_a_handled_answer_and_the_app_keeps_serving(client, tmp_path, kind, make, expected):
    result = client.predict(make(tmp_path), api_name="/predict")
    assert expected in result["label"]
    assert not result.get("confidences")
    again = client.predict(sketchpad_payload(tmp_path, config.EXAMPLES_DIRECTORY / "3.png"), api_name="/predict")
    assert again["label"] == "3"


def _example(digit):
    return Image.open(config.EXAMPLES_DIRECTORY / f"{digit}.png")


@pytest.mark.parametrize("kind, picture", [
    ("palette", lambda: _example(2).convert("P")),
    ("16-bit grey", lambda: Image.fromarray((255 - np.asarray(_example(2).convert("L"))).astype(np.uint16) * 257)),
    ("3000x3000", lambda: _example(2).convert("L").resize((3000, 3000))),  # Ten times a large pad's side.
])
def test_unusual_but_valid_images_are_read(client, tmp_path, kind, picture):
    path = tmp_path / "upload.png"
    picture().save(path)
    upload = gradio_client.handle_file(str(path))
    result = client.predict({"background": upload, "layers": [], "composite": upload, "id": None},
                            api_name="/predict")
    assert result["label"] == "2"


@pytest.fixture(scope="module")
def photos():
    from benchmarks.photos import bad_photos, photo_set

    return list(photo_set(1, seed=5, sides=(4000, 4000))), bad_photos(seed=0)


def test_a_12_megapixel_photo_is_read_from_its_file(client, tmp_path, photos):
    # One: the HTTP path is what is tested here; how well photos are read is tests/model/test_photo.py's.
    for index, (label, jpeg, _) in enumerate(photos[0]):
        path = tmp_path / f"photo-{index}.jpg"
        path.write_bytes(jpeg)
        assert max(Image.open(path).size) == 4000
        result = client.predict(gradio_client.handle_file(str(path)), api_name="/predict_photo")
        assert result["label"] == str(label)


@pytest.mark.parametrize("name", ["blank page", "a face"])
def test_a_photo_with_no_digit_gets_its_sentence(client, tmp_path, photos, name):
    from cnn import photo

    path = tmp_path / "bad.jpg"
    path.write_bytes(photos[1][name])
    result = client.predict(gradio_client.handle_file(str(path)), api_name="/predict_photo")
    assert result["label"] == {"blank page": photo.BLANK, "a face": photo.NOT_A_DIGIT}[name]
    assert not result.get("confidences")


def test_concurrent_users_all_get_answers(served_app, tmp_path):
    """A small version of benchmarks/load.py: 4 users x 5 requests, no errors, every answer right."""
    latencies, errors = run_load(served_app, sketchpad_payload(tmp_path, config.EXAMPLES_DIRECTORY / "8.png"),
                                 users=4, requests=5, expected="8")
    assert errors == [] and len(latencies) == 20


def test_inside_endpoint_renders_every_layer(client, tmp_path):
    hint, *pictures, probabilities, scales = client.predict(
        sketchpad_payload(tmp_path, config.EXAMPLES_DIRECTORY / "6.png"), api_name="/inside")
    assert hint.startswith("It reads **6** with ") and probabilities["label"] == "6" and "conv1" in scales
    sizes = [inline_picture(answer).size for answer in pictures]
    assert sizes == [(231, 115), (119, 59), (239, 59), (127, 31), (32, 4)]  # conv1 ... dense, a pixel a value.


def test_learn_endpoint_explains_the_drawing(client, tmp_path):
    hint, designed, learned, field, arithmetic, shifts, evidence, softmax, likeness = client.predict(
        sketchpad_payload(tmp_path, config.EXAMPLES_DIRECTORY / "2.png"), api_name="/learn")
    assert hint.startswith("It reads **2** with ")
    assert "ReLU" in arithmetic and "| 3 px |" in shifts and "softmax" in softmax and "Digit-likeness" in likeness
    sizes = [inline_picture(picture).size for picture in (designed, learned, field, evidence)]
    assert sizes == [(144, 28), (144, 28), (336, 336), (57, 28)]


def _written(strokes, background="white") -> np.ndarray:
    """Strokes -> a picture of them on a 400 px canvas with a medium pen."""
    from cnn.redraw import Pen, render

    pen = Pen(canvas=400, digit_height_fraction=0.5, brush_fraction=0.08, rotation_degrees=0.0, shear=0.0,
              background=background, colour=(20, 20, 30), position=(0.5, 0.5))
    return render([np.asarray(stroke, float) for stroke in strokes], pen)


LETTER_A = [[(0, 1), (0.3, 0), (0.6, 1)], [(0.13, 0.62), (0.47, 0.62)]]


def test_predict_labels_a_letter_not_a_digit_and_keeps_its_confidences(client, tmp_path):
    drawing = _written(LETTER_A, background="transparent")
    result = client.predict(servers.sketchpad_payload(drawing, tmp_path), api_name="/predict")
    assert result["label"] == "not a digit"
    assert len(result["confidences"]) == 3 and all(item["label"].isdigit() for item in result["confidences"])


def test_a_photographed_letter_gets_the_same_answer(client, tmp_path):
    from benchmarks.photos import Conditions, photograph

    generator = np.random.default_rng(4)
    path = tmp_path / "letter.jpg"
    path.write_bytes(photograph([np.asarray(stroke, float) for stroke in LETTER_A], generator,
                                Conditions.random(generator, sides=(1200, 1600))))
    result = client.predict(gradio_client.handle_file(str(path)), api_name="/predict_photo")
    assert result["label"] == "not a digit"


def test_read_number_returns_each_digit_in_order(client, tmp_path):
    from benchmarks.written_numbers import number_strokes

    strokes = number_strokes("1970", np.random.default_rng(2), source="traced")
    result = client.predict(_file(tmp_path, "1970.png", _written(strokes)), api_name="/read_number")
    assert result["number"] == "1970"
    assert [digit["digit"] for digit in result["digits"]] == [1, 9, 7, 0]
    assert all(digit["is_digit"] and set(digit["confidences"]) == set(config.CLASS_NAMES) for digit in result["digits"])

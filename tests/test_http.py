"""End to end over HTTP: the running app answers /predict the way the browser's Sketchpad calls it."""

import io

import numpy as np
import pytest
from PIL import Image

from cnn import config

gradio_client = pytest.importorskip("gradio_client")


@pytest.fixture(scope="module")
def client(served_app):
    return gradio_client.Client(served_app, verbose=False)


def _file(tmp_path, name, array=None, raw=None, mode=None):
    path = tmp_path / name
    if raw is not None:
        path.write_bytes(raw)
    else:
        (Image.fromarray(array, mode) if mode else Image.fromarray(array)).save(path)
    return gradio_client.handle_file(str(path))


def sketchpad_payload(tmp_path, digit_path):
    """The browser's upload: the strokes as a transparent PNG layer and the opaque composite PNG."""
    grey = np.asarray(Image.open(digit_path).convert("L"), dtype=np.int16)
    ink = np.clip(np.abs(grey - int(np.median(grey[0]))) * 2, 0, 255).astype(np.uint8)
    layer = np.zeros((*grey.shape, 4), np.uint8)
    layer[..., 3] = ink
    composite = np.repeat((255 - ink)[..., None], 3, axis=2)
    return {"background": None, "layers": [_file(tmp_path, "layer.png", layer)],
            "composite": _file(tmp_path, "composite.png", composite), "id": None}


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
    ("corrupt PNG", lambda tmp: {"background": None, "layers": [],
                                 "composite": _file(tmp, "c.png", raw=_png_bytes(np.zeros((40, 40), np.uint8))[:60]),
                                 "id": None}, "Could not read"),
]


@pytest.mark.parametrize("kind, make, expected", BAD_INPUT, ids=[row[0] for row in BAD_INPUT])
def test_bad_input_gets_a_handled_answer_and_the_app_keeps_serving(client, tmp_path, kind, make, expected):
    result = client.predict(make(tmp_path), api_name="/predict")
    assert expected in result["label"]
    assert not result.get("confidences")
    again = client.predict(sketchpad_payload(tmp_path, config.EXAMPLES_DIRECTORY / "3.png"), api_name="/predict")
    assert again["label"] == "3"


@pytest.mark.parametrize("kind, picture, mode", [
    ("palette", np.asarray(Image.open(config.EXAMPLES_DIRECTORY / "2.png").convert("P")), "P"),
    ("16-bit", (255 - np.asarray(Image.open(config.EXAMPLES_DIRECTORY / "2.png").convert("L"))).astype(np.uint16)
     * 257, None),
    ("6000x6000", np.asarray(Image.open(config.EXAMPLES_DIRECTORY / "2.png").convert("L").resize((6000, 6000))), None),
])
def test_unusual_but_valid_images_are_read(client, tmp_path, kind, picture, mode):
    path = tmp_path / "upload.png"
    (Image.fromarray(picture, mode) if mode else Image.fromarray(picture)).save(path)
    result = client.predict({"background": gradio_client.handle_file(str(path)), "layers": [],
                             "composite": gradio_client.handle_file(str(path)), "id": None}, api_name="/predict")
    assert result["label"] == "2"


def test_concurrent_users_all_get_answers(served_app, tmp_path):
    """A small version of benchmarks/load.py: 4 users x 5 requests, no errors."""
    from concurrent.futures import ThreadPoolExecutor

    payload = sketchpad_payload(tmp_path, config.EXAMPLES_DIRECTORY / "8.png")

    def user(_):
        own = gradio_client.Client(served_app, verbose=False)
        return [own.predict(payload, api_name="/predict")["label"] for _ in range(5)]

    with ThreadPoolExecutor(4) as pool:
        answers = [label for labels in pool.map(user, range(4)) for label in labels]
    assert answers == ["8"] * 20

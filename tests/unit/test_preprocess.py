"""cnn.to_mnist: every input kind it takes, what it refuses, and the properties an MNIST-style input must have."""

import numpy as np
import pytest
from PIL import Image

import cnn
from cnn import config
from cnn import preprocess as steps


def drawn(digit: np.ndarray, canvas: int = 300, size: int = 200, top: int = 50, left: int = 50,
          ink=(0, 0, 0), paper=(255, 255, 255)) -> np.ndarray:
    """An MNIST digit (28, 28) uint8 drawn at `size` px on an RGB canvas -> uint8 (canvas, canvas, 3)."""
    coverage = np.asarray(Image.fromarray(digit).resize((size, size), Image.Resampling.BILINEAR)) / 255.0
    picture = np.empty((canvas, canvas, 3), np.float64)
    picture[:] = paper
    window = picture[top: top + size, left: left + size]
    window[:] = window * (1 - coverage[..., None]) + np.asarray(ink) * coverage[..., None]
    return np.rint(picture).astype(np.uint8)


def sketchpad_value(digit: np.ndarray) -> dict:
    """What a Gradio 6 Sketchpad hands the server: a transparent stroke layer and an opaque white composite."""
    composite = drawn(digit)
    layer = np.zeros((*composite.shape[:2], 4), np.uint8)
    layer[..., 3] = 255 - composite[..., 0]
    return {"background": None, "layers": [layer], "composite": composite}


@pytest.fixture(scope="module")
def three(mnist_sample):
    images, labels = mnist_sample
    return images[np.flatnonzero(labels == 3)[0]]


def _png(tmp_path, array, mode=None):
    path = tmp_path / "drawing.png"
    Image.fromarray(array, mode).save(path) if mode else Image.fromarray(array).save(path)
    return path


# Each input kind -> what to_mnist must give: "image", or the exception it raises.
INPUT_KINDS = [
    ("None", lambda digit, tmp: None, cnn.EmptyDrawingError),
    ("untouched Sketchpad", lambda digit, tmp: {"background": None, "layers": [], "composite": None},
     cnn.EmptyDrawingError),
    ("cleared Sketchpad", lambda digit, tmp: {"background": None, "layers": [np.zeros((300, 300, 4), np.uint8)],
                                              "composite": np.full((300, 300, 3), 255, np.uint8)},
     cnn.EmptyDrawingError),
    ("blank white canvas", lambda digit, tmp: np.full((200, 200, 3), 255, np.uint8), cnn.EmptyDrawingError),
    ("fully transparent RGBA", lambda digit, tmp: np.zeros((200, 200, 4), np.uint8), cnn.EmptyDrawingError),
    ("black float canvas", lambda digit, tmp: np.zeros((64, 64), np.float32), cnn.EmptyDrawingError),
    ("1x1 image", lambda digit, tmp: np.zeros((1, 1, 3), np.uint8), cnn.EmptyDrawingError),
    ("0x0 image", lambda digit, tmp: np.zeros((0, 0), np.uint8), cnn.EmptyDrawingError),
    ("text", lambda digit, tmp: "not an image", ValueError),
    ("number", lambda digit, tmp: 42, ValueError),
    ("4-D array", lambda digit, tmp: np.zeros((2, 28, 28, 1), np.uint8), ValueError),
    ("5 channels", lambda digit, tmp: np.zeros((28, 28, 5), np.uint8), ValueError),
    ("NaN pixels", lambda digit, tmp: np.full((28, 28), np.nan, np.float32), ValueError),
    ("object array", lambda digit, tmp: np.array([["a"]], dtype=object), ValueError),
    ("dict with other keys", lambda digit, tmp: {"pixels": digit}, ValueError),
    ("corrupt PNG file", lambda digit, tmp: (tmp / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
     or tmp / "bad.png", ValueError),
    ("too large", lambda digit, tmp: np.zeros((9000, 10, 3), np.uint8), ValueError),
    ("Sketchpad value", lambda digit, tmp: sketchpad_value(digit), "image"),
    ("grey uint8, MNIST polarity", lambda digit, tmp: digit, "image"),
    ("grey uint8, dark on white", lambda digit, tmp: 255 - digit, "image"),
    ("RGB dark ink on white", lambda digit, tmp: drawn(digit), "image"),
    ("RGB chalk on a dark board", lambda digit, tmp: drawn(digit, ink=(230, 230, 210), paper=(30, 40, 35)), "image"),
    ("RGB coloured brush", lambda digit, tmp: drawn(digit, ink=(230, 200, 0)), "image"),
    ("RGBA transparent layer", lambda digit, tmp: np.dstack([np.zeros((28, 28, 3), np.uint8), digit]), "image"),
    ("float in [0, 1]", lambda digit, tmp: digit / 255.0, "image"),
    ("float in [0, 255]", lambda digit, tmp: digit.astype(np.float64), "image"),
    ("uint16", lambda digit, tmp: digit.astype(np.uint16) * 257, "image"),
    ("bool", lambda digit, tmp: digit > 128, "image"),
    ("(H, W, 1)", lambda digit, tmp: digit[..., None], "image"),
    ("PIL L", lambda digit, tmp: Image.fromarray(255 - digit), "image"),
    ("PIL P (palette)", lambda digit, tmp: Image.fromarray(drawn(digit)).convert("P"), "image"),
    ("PIL RGBA", lambda digit, tmp: Image.fromarray(np.dstack([drawn(digit), np.full((300, 300), 255, np.uint8)])),
     "image"),
    ("PIL I;16", lambda digit, tmp: Image.fromarray(digit.astype(np.uint16) * 257), "image"),
    ("PIL F", lambda digit, tmp: Image.fromarray(digit.astype(np.float32)), "image"),
    ("path to a PNG", lambda digit, tmp: _png(tmp, drawn(digit)), "image"),
]


@pytest.mark.parametrize("kind, make, expected", INPUT_KINDS, ids=[row[0] for row in INPUT_KINDS])
def test_input_kinds(kind, make, expected, three, tmp_path):
    value = make(three, tmp_path)
    if expected == "image":
        image = cnn.to_mnist(value)
        assert image.shape == (28, 28) and image.dtype == np.float32
        assert 0.0 <= image.min() and image.max() <= 1.0 and image.max() > 0.5
        # The same 3 whatever carried it: not inverted, garbled or shifted.
        reference = cnn.to_mnist(three)
        assert np.corrcoef(image.ravel(), reference.ravel())[0, 1] > 0.9
    else:
        with pytest.raises(expected) as raised:
            cnn.to_mnist(value)
        assert str(raised.value)


def test_a_cut_off_file_is_unreadable_not_empty(tmp_path, three):
    whole = _png(tmp_path, drawn(three))
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(ValueError, match="could not read cut.png") as raised:
        cnn.to_mnist(cut)
    assert not isinstance(raised.value, cnn.EmptyDrawingError)
    assert cnn.to_mnist(whole).shape == (28, 28)  # The whole file reads.


def test_empty_drawing_error_is_a_value_error_with_a_friendly_message():
    assert issubclass(cnn.EmptyDrawingError, ValueError)
    assert "Draw a digit" in str(cnn.EmptyDrawingError())


def test_only_value_errors_escape_for_junk(three):
    generator = np.random.default_rng(0)
    for _ in range(60):
        shape = tuple(int(size) for size in generator.integers(0, 40, generator.integers(1, 5)))
        dtype = generator.choice([np.uint8, np.int32, np.float32, np.float64, np.bool_, np.int8])
        junk = (generator.normal(0, 100, shape)).astype(dtype)
        try:
            image = cnn.to_mnist(junk)
        except ValueError:
            continue
        assert image.shape == (28, 28) and np.isfinite(image).all()


def test_small_in_a_corner_equals_large_in_the_centre(three):
    small = cnn.to_mnist(drawn(three, canvas=800, size=150, top=20, left=610))
    large = cnn.to_mnist(drawn(three, canvas=800, size=700, top=50, left=50))
    assert np.abs(small - large).mean() < 0.03
    assert np.corrcoef(small.ravel(), large.ravel())[0, 1] > 0.95


@pytest.mark.parametrize("index", range(12))
def test_inverted_polarity_gives_the_same_prediction(reader, mnist_sample, index):
    digit = mnist_sample[0][index]
    dark_on_light = reader.read(drawn(digit)).digit
    light_on_dark = reader.read(drawn(digit, ink=(255, 255, 255), paper=(0, 0, 0))).digit
    assert dark_on_light == light_on_dark == mnist_sample[1][index]


@pytest.mark.parametrize("canvas, size, top, left", [(300, 200, 50, 50), (800, 120, 600, 30), (280, 270, 5, 5),
                                                     (1000, 400, 100, 550), (400, 60, 0, 0)])
def test_centre_of_mass_is_at_the_mnist_centre(three, canvas, size, top, left):
    image = cnn.to_mnist(drawn(three, canvas=canvas, size=size, top=top, left=left))
    rows, columns = np.indices(image.shape)
    centre = (float((rows * image).sum() / image.sum()), float((columns * image).sum() / image.sum()))
    assert abs(centre[0] - steps.MNIST_CENTRE[0]) <= 0.5 and abs(centre[1] - steps.MNIST_CENTRE[1]) <= 0.5


def test_digit_fits_the_mnist_box(three):
    image = cnn.to_mnist(drawn(three, canvas=900, size=800, top=50, left=50))
    rows, columns = np.nonzero(image > 0.05)
    assert max(np.ptp(rows), np.ptp(columns)) + 1 <= config.DIGIT_BOX_SIZE + 2


def test_the_uint8_reading_is_to_mnist_in_grey_levels(three):
    picture = drawn(three, canvas=400, size=250, top=70, left=90)
    levels = steps.to_mnist_uint8(picture)
    assert levels.dtype == np.uint8 and levels.shape == (config.IMAGE_SIZE, config.IMAGE_SIZE)
    # Within half a grey level of the float image, and reaching full ink (255) where the stroke is solid.
    assert np.abs(levels / 255.0 - steps.to_mnist(picture)).max() <= 0.5 / 255 + 1e-6
    assert levels.max() == 255


# Intensity in [0, 1] -> grey level: the nearest of 0-255, and nothing outside [0, 1] wraps round a uint8.
GREY_LEVELS = [(0.0, 0), (1.0, 255), (0.5, 128), (0.002, 1), (0.0019, 0), (100 / 255, 100), (-0.2, 0), (1.3, 255)]


@pytest.mark.parametrize("intensity, level", GREY_LEVELS)
def test_grey_levels(intensity, level):
    levels = steps.grey_levels(np.full((2, 3), intensity, np.float32))
    assert levels.dtype == np.uint8 and levels.shape == (2, 3)
    assert (levels == level).all()


def drawn_zero(brush_radius: int) -> np.ndarray:
    """A 0 drawn as an ellipse with a round brush of `brush_radius` px on a 400x400 white canvas."""
    from PIL import ImageDraw

    picture = Image.new("L", (400, 400), 255)
    ImageDraw.Draw(picture).ellipse([100, 60, 300, 340], outline=0, width=2 * brush_radius)
    return np.asarray(picture)


@pytest.mark.parametrize("brush_radius", [1, 3, 14])
def test_hairline_and_fat_marker_strokes_come_out_alike(mnist_sample, brush_radius):
    # Measured without the module's own stroke_width: the ink an MNIST 0 carries, and the 8 px brush's result.
    images, labels = mnist_sample
    zeros = images[labels == 0].astype(np.float32) / 255
    low, high = np.percentile(zeros.sum(axis=(1, 2)), [10, 90])
    image = cnn.to_mnist(drawn_zero(brush_radius))
    assert low <= image.sum() <= high  # A hairline 0 carried a fifteenth of that before the stroke-width step.
    assert np.corrcoef(image.ravel(), cnn.to_mnist(drawn_zero(8)).ravel())[0, 1] > 0.95


def test_the_stroke_width_constant_matches_mnist(mnist_sample):
    widths = [steps.stroke_width(steps.resize(steps.crop_to_ink(steps.ink_coverage(digit)), steps.WORKING_SIZE)
                                 > steps.INK_THRESHOLD) for digit in mnist_sample[0]]
    # The constant was measured on training digits; these are test digits.
    assert abs(np.median(widths) - steps.MNIST_STROKE_WIDTH) < 0.5


@pytest.mark.parametrize("path", sorted(config.EXAMPLES_DIRECTORY.glob("*.png")), ids=lambda path: path.name)
def test_shipped_model_reads_the_committed_drawings(reader, path):
    assert reader.read(path).digit == int(path.stem)

"""cnn.redraw: digits rendered as a browser canvas would hand them over, and the shipped model reading them."""

import numpy as np
import pytest

from cnn import preprocess as steps
from cnn.redraw import Pen, centre_line, redrawn_digits, render

SQUARE = [np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])]


@pytest.mark.parametrize("background, kind, paper", [
    ("transparent", dict, None),
    ("white", np.ndarray, 255),
    ("dark", np.ndarray, 24),
])
def test_each_background_arrives_as_the_app_would_receive_it(background, kind, paper):
    pen = Pen.random(np.random.default_rng(0), canvas=300, background=background)
    drawing = render(SQUARE, pen)
    assert isinstance(drawing, kind)
    if kind is dict:
        layer = drawing["layers"][0]
        assert layer.shape == (300, 300, 4) and layer[..., 3].max() == 255 and layer[0, 0, 3] == 0
        assert drawing["composite"].shape == (300, 300, 3) and drawing["background"] is None
    else:
        assert drawing.shape == (300, 300, 3) and drawing.dtype == np.uint8
        assert drawing[0, 0, 0] == paper


def test_a_digit_sized_to_the_pen_fills_its_share_of_the_canvas():
    pen = Pen.random(np.random.default_rng(1), canvas=500, digit_height_fraction=0.5, rotation_degrees=0.0,
                     shear=0.0, background="white")
    ink = np.any(render(SQUARE, pen) < 200, axis=2)
    rows = np.flatnonzero(ink.any(axis=1))
    brush = pen.brush_fraction * 250
    assert abs((rows[-1] - rows[0] + 1) - (250 + brush)) <= 3


def test_centre_line_is_thinner_than_the_digit(mnist_sample):
    digit = mnist_sample[0][0]
    points = np.concatenate(centre_line(digit))
    assert len(points) > 20
    # Upsampled 4x, the centre line stays inside the digit's 28x28 frame.
    assert points.min() >= 0 and points.max() < 28 * 4


def test_redrawn_digits_are_mnist_style_and_repeatable(mnist_sample):
    digits = mnist_sample[0][:20]
    redrawn = redrawn_digits(digits, seed=5)
    assert redrawn.shape == digits.shape and redrawn.dtype == np.uint8
    np.testing.assert_array_equal(redrawn, redrawn_digits(digits, seed=5))
    assert not np.array_equal(redrawn, redrawn_digits(digits, seed=6))
    rows, columns = np.indices((28, 28))
    for image in redrawn.astype(np.float64):
        centre = ((rows * image).sum() / image.sum(), (columns * image).sum() / image.sum())
        assert np.allclose(centre, steps.MNIST_CENTRE, atol=0.5)


def test_shipped_model_reads_mnist_digits_redrawn_as_pen_drawings(model, mnist_sample):
    images, labels = mnist_sample[0][:300], mnist_sample[1][:300]
    # A seed training never used: training redraws with seeds from 1234 up.
    redrawn = redrawn_digits(images, seed=99)
    predictions = model(redrawn[..., None].astype(np.float32) / 255.0, training=False).numpy().argmax(axis=1)
    accuracy = float(np.mean(predictions == labels))
    assert accuracy >= 0.97, f"shipped model read {accuracy:.3f} of 300 redrawn MNIST test digits"

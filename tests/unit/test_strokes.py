"""The drawing pad's strokes: drawn as the page draws them, read by to_mnist like any drawing, bad values refused."""

import numpy as np
import pytest

import cnn
from cnn import strokes

SIDE, PEN = 280, 20


def pad(*lines, side=SIDE, pen=PEN, pressure=strokes.NORMAL_PRESSURE, seq=1) -> dict:
    """A pad value from strokes given as lists of (x, y) in pad units."""
    return {"seq": seq, "side": side, "pen": pen,
            "strokes": [[[float(x), float(y), pressure] for x, y in line] for line in lines]}


SEVEN = pad([(70, 56), (200, 56), (118, 238)])
ONE = pad([(140, 42), (140, 238)])
FOUR = pad([(154, 42), (70, 168), (202, 168)], [(162, 98), (162, 246)])


@pytest.mark.parametrize("value, digit", [(SEVEN, 7), (ONE, 1), (FOUR, 4)])
def test_strokes_are_read_as_the_digit_drawn(reader, value, digit):
    assert reader.read(value).digit == digit


@pytest.mark.parametrize("value", [pad(), {"seq": 3, "side": SIDE, "pen": PEN, "strokes": [[]]}])
def test_an_empty_pad_is_nothing_drawn(value):
    with pytest.raises(cnn.EmptyDrawingError) as raised:
        cnn.to_mnist(value)
    assert raised.value.nothing_drawn


@pytest.mark.parametrize("value, message", [
    ({"seq": 1, "pen": PEN, "strokes": []}, "side is a positive number"),
    ({"seq": 1, "side": SIDE, "pen": -3, "strokes": []}, "pen is a positive number"),
    ({"seq": 1, "side": SIDE, "pen": True, "strokes": []}, "pen is a positive number"),
    ({"seq": 1, "side": 10, "pen": 20, "strokes": []}, "wider than the pad"),
    ({"seq": 1, "side": SIDE, "pen": PEN, "strokes": "7"}, "a list of strokes"),
    ({"seq": 1, "side": SIDE, "pen": PEN, "strokes": [[[1, 2]]]}, "shape (1, 2)"),
    ({"seq": 1, "side": SIDE, "pen": PEN, "strokes": [[["a", 2, 3]]]}, "points of numbers"),
    ({"seq": 1, "side": SIDE, "pen": PEN, "strokes": [[[float("nan"), 2, 0.5]]]}, "NaN or infinite"),
    ({"seq": 1, "side": SIDE, "pen": PEN, "strokes": [[[1, 2, 0.5]] * (strokes.MAXIMUM_POINTS + 1)]},
     "more than 20,000 points"),
    ({"seq": 1, "side": SIDE, "pen": PEN, "strokes": [], "colour": "red"}, "got also ['colour']"),
])
def test_malformed_values_are_refused_with_what_is_wrong(value, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        cnn.to_mnist(value)


def test_a_dot_is_a_disc_of_the_pen_width():
    # At RENDER_SIDE px for 280 units, one unit is one pixel: a 20-unit pen leaves a disc of radius 10 px.
    ink = strokes.ink(pad([(140, 140)]))
    assert abs(ink.sum() - np.pi * 10 ** 2) < 0.03 * np.pi * 10 ** 2
    rows, columns = np.nonzero(ink > 0.5)
    assert abs(rows.mean() + 0.5 - 140) < 0.1 and abs(columns.mean() + 0.5 - 140) < 0.1  # Pixel i spans i to i + 1.


@pytest.mark.parametrize("pressure, width", [(0.0, 10), (0.5, 20), (1.0, 30)])
def test_pen_pressure_sets_the_width(pressure, width):
    ink = strokes.ink(pad([(40, 140), (240, 140)], pressure=pressure))
    assert abs(ink[:, 140].sum() - width) < 1.0  # The ink's thickness across the middle of the line.


def test_a_line_is_the_same_ink_however_many_points_the_browser_reported():
    two = strokes.ink(pad([(60, 60), (220, 200)]))
    many = strokes.ink(pad([(60 + 160 * t, 60 + 140 * t) for t in np.linspace(0, 1, 40)]))
    # Only the edge pixels around the extra joins differ (anti-aliasing), about 1 pixel in 2,000.
    assert (np.abs(two - many) > 0.3).mean() < 0.001 and np.abs(two - many).mean() < 0.002
    np.testing.assert_allclose(cnn.to_mnist(pad([(60, 60), (220, 200)], [(60, 200), (100, 240)])),
                               cnn.to_mnist(pad([(60 + 160 * t, 60 + 140 * t) for t in np.linspace(0, 1, 40)],
                                                [(60, 200), (100, 240)])), atol=0.06)


def test_the_pad_size_does_not_matter_only_the_drawing():
    small = cnn.to_mnist(SEVEN)
    large = cnn.to_mnist(pad(*[[(2 * x, 2 * y) for x, y, _ in line] for line in SEVEN["strokes"]],
                             side=2 * SIDE, pen=2 * PEN))
    np.testing.assert_allclose(small, large, atol=1e-6)


@pytest.mark.parametrize("value", [SEVEN, FOUR, pad([(140, 140)], pressure=0.0), pad([(0, 0), (280, 280)]),
                                   pad([(5, 200), (60, 275)], [(230, 10), (275, 60)])])
def test_the_window_around_the_ink_holds_exactly_the_ink_of_the_whole_pad(value):
    whole, window = strokes.ink(value), strokes.ink(value, crop=True)
    assert window.size <= whole.size and window.sum() == pytest.approx(whole.sum(), abs=1e-3)
    rows, columns = np.nonzero(whole)
    window_rows, window_columns = np.nonzero(window)
    np.testing.assert_array_equal(whole[rows.min(): rows.max() + 1, columns.min(): columns.max() + 1],
                                  window[window_rows.min(): window_rows.max() + 1,
                                         window_columns.min(): window_columns.max() + 1])

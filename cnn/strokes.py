"""Strokes: the page's drawing pad sends pen strokes as points; draw them as ink, as the pad drew them.

The pad's value is a small dict of plain numbers instead of exported pictures:

    {"seq": 12,            # how many times the drawing changed; the page's order of drawings
     "side": 280,          # the pad's square coordinate system, whatever its size on screen
     "pen": 20,            # the round brush's width, in those units
     "strokes": [[[x, y, pressure], ...], ...]}   # one list of points per pen-down; pressure 0-1, 0.5 normal

`ink` draws each segment as the page's canvas does (round caps and joins, the
width of a segment following the pressure at its ends), at RENDER_SIDE pixels with
anti-aliased edges, so `cnn.to_mnist` reads it like any other drawing.
"""

import numpy as np
from PIL import Image, ImageDraw

from cnn import config

# Ink is drawn on a canvas this many pixels on a side: 10 per MNIST pixel, the detail the old 336 px pad had.
RENDER_SIDE = 10 * config.IMAGE_SIZE
# Drawn at this multiple, then averaged down: edges get the canvas's anti-aliasing instead of PIL's hard steps.
SUPERSAMPLING = 2
# A pen's pressure scales the brush from half (feather-light) to one and a half times (pressed hard);
# a mouse or finger reports no pressure and the page sends 0.5, the brush as it is.
PRESSURE_SCALE = (0.5, 1.5)
NORMAL_PRESSURE = 0.5
# A person draws a few hundred points per digit; far more is not a drawing.
MAXIMUM_POINTS = 20_000
KEYS = {"seq", "side", "pen", "strokes"}


def is_pad_value(value) -> bool:
    """Whether `value` is the drawing pad's value (a dict with strokes) rather than a picture or Sketchpad dict."""
    return isinstance(value, dict) and "strokes" in value


def empty_value(side: float, pen: float, seq: int = 0) -> dict:
    """The value of a pad with nothing drawn on it."""
    return {"seq": seq, "side": side, "pen": pen, "strokes": []}


def brush_widths(pen: float, pressures: np.ndarray) -> np.ndarray:
    """(N,) pressures in [0, 1] -> (N,) brush widths in pad units."""
    low, high = PRESSURE_SCALE
    return pen * (low + (high - low) * np.clip(pressures, 0.0, 1.0))


def ink(value: dict, crop: bool = False) -> np.ndarray:
    """The pad's value -> float32 (RENDER_SIDE, RENDER_SIDE) coverage in [0, 1]: 1 where the pen went; with
    `crop`, only the window of whole pixels around the ink, (h, w), the same values at a fraction of the cost.

    Raises ValueError when the value is not a pad's value (the message says what is wrong).
    """
    side, pen, strokes = checked(value)
    scale = SUPERSAMPLING * RENDER_SIDE / side
    low, high = np.zeros(2, int), np.full(2, RENDER_SIDE)  # The window, in output pixels (x, y).
    if crop and strokes:
        points = np.concatenate(strokes)
        reach = brush_widths(pen, points[:, 2]).max() * RENDER_SIDE / side / 2 + 2
        low = np.clip(np.floor(points[:, :2].min(axis=0) * RENDER_SIDE / side - reach), 0, RENDER_SIDE).astype(int)
        high = np.clip(np.ceil(points[:, :2].max(axis=0) * RENDER_SIDE / side + reach), 0, RENDER_SIDE).astype(int)
        high = np.maximum(high, low + 1)
    canvas = Image.new("L", tuple(SUPERSAMPLING * (high - low)), 0)
    draw = ImageDraw.Draw(canvas)
    for points in strokes:
        # Pad coordinates are continuous (pixel i spans i to i + 1); PIL addresses pixels by their centres. The
        # window moves the drawing by whole output pixels, so each pixel is drawn as on the whole pad.
        centres = points[:, :2] * scale - 0.5 - SUPERSAMPLING * low
        radii = brush_widths(pen, points[:, 2]) * scale / 2
        for (x, y), radius in zip(centres, radii):  # Round caps and joins.
            draw.ellipse([x - radius + 0.5, y - radius + 0.5, x + radius - 0.5, y + radius - 0.5], fill=255)
        for index in range(len(centres) - 1):
            draw.line([tuple(centres[index]), tuple(centres[index + 1])], fill=255,
                      width=max(1, round(radii[index] + radii[index + 1])))
    return np.asarray(canvas.reduce(SUPERSAMPLING), dtype=np.float32) * np.float32(1 / 255)


def checked(value: dict) -> tuple[float, float, list[np.ndarray]]:
    """The pad's value -> (side, pen width, strokes as float (N, 3) arrays of x, y, pressure); ValueError if malformed."""
    if not is_pad_value(value):
        raise ValueError(f"a drawing pad's value is a dict with keys {sorted(KEYS)}")
    unknown = set(value) - KEYS
    if unknown:
        raise ValueError(f"a drawing pad's value has keys {sorted(KEYS)}; got also {sorted(unknown)}")
    side, pen = _positive_number(value.get("side"), "side"), _positive_number(value.get("pen"), "pen")
    if pen > side:
        raise ValueError(f"the pen ({pen}) is wider than the pad ({side})")
    if not isinstance(value["strokes"], list):
        raise ValueError("the pad's strokes are a list of strokes, each a list of [x, y, pressure] points")
    strokes = []
    for stroke in value["strokes"]:
        try:
            points = np.asarray(stroke, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError("each stroke is a list of [x, y, pressure] points of numbers") from None
        if points.ndim == 1 and points.size == 0:
            continue
        if points.ndim != 2 or points.shape[1] != 3:
            raise ValueError(f"each stroke is a list of [x, y, pressure] points; got an array of shape {points.shape}")
        if not np.all(np.isfinite(points)):
            raise ValueError("a stroke holds NaN or infinite coordinates")
        strokes.append(points)
    if sum(len(points) for points in strokes) > MAXIMUM_POINTS:
        raise ValueError(f"the drawing has more than {MAXIMUM_POINTS:,} points")
    return side, pen, strokes


def _positive_number(number, name: str) -> float:
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not np.isfinite(number) or number <= 0:
        raise ValueError(f"the pad's {name} is a positive number, got {number!r}")
    return float(number)

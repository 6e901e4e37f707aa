"""Strokes: the page's drawing pad sends pen strokes as points; draw them as ink, as the pad drew them.

The pad's value is a small dict of plain numbers instead of exported pictures:

    {"seq": 12,            # how many times the drawing changed; the page's order of drawings
     "side": 280,          # the pad's square coordinate system, whatever its size on screen
     "pen": 20,            # the round brush's width, in those units
     "strokes": [[[x, y, pressure], ...], ...]}   # one list of points per pen-down; pressure 0-1, 0.5 normal

The pen (`capsules`, `render`) is a disc at every point and a band between points, round caps and joins as the
page's canvas paints them, the width following the pressure; a pixel is inked by how far its centre lies inside,
edges one pixel soft. `cnn.to_mnist` draws a pad's strokes with it straight at its working size; `ink` draws them
at RENDER_SIDE pixels, where a number's touching digits are cut like a picture's. cnn/static/reading.js draws the
same numbers in the browser.
"""

import numpy as np

from cnn import config

# Ink is drawn on a canvas this many pixels on a side: 10 per MNIST pixel, the detail the old 336 px pad had.
RENDER_SIDE = 10 * config.IMAGE_SIZE
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
    scale = RENDER_SIDE / side
    low, high = np.zeros(2, int), np.full(2, RENDER_SIDE)  # The window, in output pixels (x, y).
    marks = capsules(strokes, pen)
    if crop and len(marks):
        # A pixel's centre up to one pixel past a capsule's edge may be inked.
        ink_low, ink_high = ink_bounds(marks, 1 / scale)
        low = np.clip(np.floor(ink_low * scale), 0, RENDER_SIDE).astype(int)
        high = np.clip(np.ceil(ink_high * scale), 0, RENDER_SIDE).astype(int)
        high = np.maximum(high, low + 1)
    return render(marks, scale, low / scale, (high - low)[::-1]).astype(np.float32)


def capsules(strokes: list[np.ndarray], pen: float) -> np.ndarray:
    """Strokes (each (N, 3) x, y, pressure) -> float64 (K, 5) rows (ax, ay, bx, by, radius), in pad units: the pen.

    A round brush leaves a disc at every point (its radius following that point's pressure) and, between two
    points, a band as wide as their mean width: round caps and joins, as the page's canvas paints."""
    strokes = [points for points in strokes if len(points)]
    if not strokes:
        return np.zeros((0, 5))
    # All strokes at once (a redrawn digit is hundreds of two-point strokes): point i and i + 1 make a band unless
    # i ends its stroke.
    points = np.concatenate(strokes)
    radii = brush_widths(pen, points[:, 2]) / 2
    ends = np.cumsum([len(stroke) for stroke in strokes]) - 1
    joined = np.ones(len(points) - 1, bool)
    joined[ends[:-1]] = False
    bands = np.where(joined, (radii[:-1] + radii[1:]) / 2, -np.inf)
    # A disc no wider than a band through its point adds no ink: only a lone point's, or one pressed harder than both
    # its neighbours, is drawn (half the work for a mouse or a finger, whose pressure never changes).
    beside = np.maximum(np.concatenate([[-np.inf], bands]), np.concatenate([bands, [-np.inf]]))
    wider = radii > beside
    return np.concatenate([
        np.column_stack([points[wider, 0], points[wider, 1], points[wider, 0], points[wider, 1], radii[wider]]),
        np.column_stack([points[:-1, 0][joined], points[:-1, 1][joined], points[1:, 0][joined],
                         points[1:, 1][joined], bands[joined]])])


def ink_bounds(marks: np.ndarray, margin: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Capsules (K, 5) -> ((x, y) low, (x, y) high): the box around their ink, `margin` wider, in pad units."""
    reach = marks[:, 4:5] + margin
    return ((np.minimum(marks[:, 0:2], marks[:, 2:4]) - reach).min(axis=0),
            (np.maximum(marks[:, 0:2], marks[:, 2:4]) + reach).max(axis=0))


def render(marks: np.ndarray, scale: float, origin, shape) -> np.ndarray:
    """Capsules (K, 5) in pad units -> float64 `shape` (rows, columns) coverage of pixels `scale` to a pad unit, the
    top-left pixel's corner at pad point `origin` (x, y).

    A pixel is covered by how far its centre lies inside the nearest capsule, plus half a pixel, clipped to [0, 1]:
    edges one pixel soft (anti-aliased), the same numbers as cnn/static/reading.js computes."""
    rows, columns = int(shape[0]), int(shape[1])
    coverage = np.zeros(rows * columns)
    if not len(marks) or rows <= 0 or columns <= 0:
        return coverage.reshape(rows, max(columns, 0))
    ax, ay = (marks[:, 0] - origin[0]) * scale, (marks[:, 1] - origin[1]) * scale
    bx, by = (marks[:, 2] - origin[0]) * scale, (marks[:, 3] - origin[1]) * scale
    radius = marks[:, 4] * scale
    # Each capsule's pixels: those whose centres (column + 0.5, row + 0.5) may lie within radius + 0.5 of it.
    left = np.clip(np.floor(np.minimum(ax, bx) - radius - 1), 0, columns - 1).astype(np.int64)
    right = np.clip(np.ceil(np.maximum(ax, bx) + radius), 0, columns - 1).astype(np.int64)
    top = np.clip(np.floor(np.minimum(ay, by) - radius - 1), 0, rows - 1).astype(np.int64)
    bottom = np.clip(np.ceil(np.maximum(ay, by) + radius), 0, rows - 1).astype(np.int64)
    widths, counts = right - left + 1, (right - left + 1) * (bottom - top + 1)
    which = np.repeat(np.arange(len(marks)), counts)
    place = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    row, column = top[which] + place // widths[which], left[which] + place % widths[which]
    x, y = column + 0.5, row + 0.5
    ax, ay, radius = ax[which], ay[which], radius[which]
    dx, dy = bx[which] - ax, by[which] - ay
    length = dx * dx + dy * dy
    along = np.clip(((x - ax) * dx + (y - ay) * dy) / np.where(length > 0, length, 1.0), 0.0, 1.0)
    along[length == 0] = 0.0
    nearest_x, nearest_y = ax + along * dx - x, ay + along * dy - y
    inked = np.clip(radius - np.sqrt(nearest_x * nearest_x + nearest_y * nearest_y) + 0.5, 0.0, 1.0)
    np.maximum.at(coverage, row * columns + column, inked)
    return coverage.reshape(rows, columns)


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

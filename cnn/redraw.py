"""Redraw: digits as pen strokes on a browser-sized canvas, for training on and measuring with drawings.

A digit's strokes (MNIST digits traced along their centre line, see `pen_path`, or
any other strokes) are rendered with a random pen, the way a person's drawing reaches the
app: canvas size (280-1000 px), position, digit size (25-85% of the canvas),
brush width (3-16% of the digit's height), rotation (+-12 degrees), shear, ink
colour and background (transparent Sketchpad layer, white paper, dark screen).
Training redraws its own digits this way (`redrawn_digits`); the preprocessing
benchmark redraws MNIST's test digits.

MNIST's American writers seldom flag a 1 or cross a 7, as much of the world does;
given the digits' labels, a redrawn training 1 or 7 gets that mark now and then
(`SCHOOL_MARKS`): the same writer's stem, with the mark another school teaches.
"""

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from cnn.preprocess import grey_levels, to_mnist_uint8
from cnn.strokes import NORMAL_PRESSURE, capsules
from cnn.strokes import render as draw_capsules

BACKGROUNDS = ("transparent", "white", "dark")
# Training redraws on small canvases: to_mnist scales every drawing to the same 20 px box anyway.
TRAINING_CANVAS = (112, 224)


@dataclass
class Pen:
    """Everything random about one drawing."""
    canvas: int
    digit_height_fraction: float
    brush_fraction: float
    rotation_degrees: float
    shear: float
    background: str
    colour: tuple
    position: tuple  # Where the digit's box sits in the free space, each in [0, 1].

    @classmethod
    def random(cls, generator: np.random.Generator, **fixed) -> "Pen":
        background = fixed.get("background") or BACKGROUNDS[generator.integers(len(BACKGROUNDS))]
        if background == "dark":
            colour = tuple(int(c) for c in generator.integers(180, 256, 3))
        else:
            colour = tuple(int(c) for c in generator.integers(0, 140, 3))
        values = dict(
            canvas=int(generator.integers(280, 1001)),
            digit_height_fraction=float(generator.uniform(0.25, 0.85)),
            brush_fraction=float(generator.uniform(0.03, 0.16)),
            rotation_degrees=float(generator.uniform(-12, 12)),
            shear=float(generator.uniform(-0.25, 0.25)),
            background=background, colour=colour,
            position=(float(generator.uniform()), float(generator.uniform())),
        )
        values.update({key: value for key, value in fixed.items() if key in values})
        return cls(**values)


def render(strokes: list[np.ndarray], pen: Pen) -> object:
    """Strokes (each (n, 2) points, x right and y down, any units) -> what a user's canvas would hand over.

    "transparent" gives a Gradio Sketchpad dict; "white" and "dark" give RGB uint8 (H, W, 3) arrays.
    """
    shear = np.array([[1.0, pen.shear], [0.0, 1.0]])
    angle = math.radians(pen.rotation_degrees)
    rotation = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    transform = rotation @ shear
    # All strokes' points at once (a redrawn digit is hundreds of two-point strokes).
    transformed = np.concatenate(strokes) @ transform.T
    low, high = transformed.min(axis=0), transformed.max(axis=0)
    height = pen.digit_height_fraction * pen.canvas
    scale = height / max(high[1] - low[1], 1e-6)
    width = (high[0] - low[0]) * scale
    if width > 0.9 * pen.canvas:  # A very wide shape is scaled to fit the canvas.
        scale *= 0.9 * pen.canvas / width
        width, height = 0.9 * pen.canvas, (high[1] - low[1]) * scale
    brush = max(1.0, pen.brush_fraction * height)
    margin = brush / 2 + 1
    origin = np.array([margin + pen.position[0] * max(pen.canvas - width - 2 * margin, 0),
                       margin + pen.position[1] * max(pen.canvas - height - 2 * margin, 0)])
    # The pad's pen (cnn.strokes): a round brush of constant pressure, edges one pixel soft.
    canvas_points = np.column_stack([(transformed - low) * scale + origin, np.full(len(transformed), NORMAL_PRESSURE)])
    canvas_strokes = np.split(canvas_points, np.cumsum([len(stroke) for stroke in strokes])[:-1])
    coverage = draw_capsules(capsules(canvas_strokes, brush), 1.0, (0.0, 0.0),
                             (pen.canvas, pen.canvas)).astype(np.float32)
    colour = np.array(pen.colour, dtype=np.float32)
    if pen.background == "transparent":
        layer = np.zeros((pen.canvas, pen.canvas, 4), dtype=np.uint8)
        layer[:, :, :3] = colour.astype(np.uint8)
        layer[:, :, 3] = grey_levels(coverage)
        composite = np.rint(255 + coverage[..., None] * (colour - 255)).astype(np.uint8)
        return {"background": None, "layers": [layer], "composite": composite}
    paper = np.array([255, 255, 255] if pen.background == "white" else [24, 26, 32], dtype=np.float32)
    return np.rint(paper + coverage[..., None] * (colour - paper)).astype(np.uint8)


# --- Redrawn MNIST digits -------------------------------------------------------------------------

# How an MNIST digit becomes pen strokes:
# - "outlined": its centre line, except that an area much thicker than the writer's usual stroke (a loop
#   their fat pen filled in, a blob) is drawn as its outline, so a filled loop is redrawn as a loop;
# - "thinned": its centre line alone, so a filled loop collapses to a line (an 8 can become a 9).
STYLES = ("outlined", "thinned")
# An area counts as filled in where it is this many times deeper than the median half-width of the strokes.
FILLED_DEPTH = 1.3


def pen_path(digit: np.ndarray, style: str = "outlined", upsample: int = 4) -> list[np.ndarray]:
    """uint8 (28, 28) MNIST digit -> the strokes a pen would follow to redraw it, as 2-point strokes (x, y)
    on the digit upsampled `upsample` times (see STYLES)."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, got {style!r}")
    height, width = digit.shape
    big = np.asarray(Image.fromarray(digit).resize((width * upsample, height * upsample),
                                                   Image.Resampling.BILINEAR))
    ink = big > 100
    path = _zhang_suen(ink)  # The centre line.
    if style == "outlined" and path.any():
        depth = _depth_inside(ink)
        filled = depth >= FILLED_DEPTH * np.median(depth[path])
        # The centre line and each filled area, hollowed out to its outline.
        path = (path | filled) & ~_eroded(filled)
    return _segments(path)


def _segments(path: np.ndarray) -> list[np.ndarray]:
    """Boolean (H, W) one-pixel-wide path -> 2-point strokes (x, y) joining its neighbouring pixels."""
    rows, columns = np.nonzero(path)
    strokes = []
    occupied = set(zip(rows.tolist(), columns.tolist()))
    for row, column in occupied:
        for d_row, d_column in ((0, 1), (1, 0), (1, 1), (1, -1)):
            if (row + d_row, column + d_column) in occupied:
                strokes.append(np.array([[column, row], [column + d_column, row + d_row]], dtype=np.float64))
    if not strokes:
        strokes = [np.array([[column, row]], dtype=np.float64) for row, column in occupied]
    return strokes


def _eroded(mask: np.ndarray, diagonals: bool = False) -> np.ndarray:
    """Boolean (H, W) -> the pixels whose 4 (or 8) neighbours are all in the mask too."""
    p = np.pad(mask, 1)
    eroded = mask & p[:-2, 1:-1] & p[2:, 1:-1] & p[1:-1, :-2] & p[1:-1, 2:]
    if diagonals:
        eroded &= p[:-2, :-2] & p[:-2, 2:] & p[2:, :-2] & p[2:, 2:]
    return eroded


def _depth_inside(mask: np.ndarray) -> np.ndarray:
    """Boolean (H, W) -> int (H, W): each pixel's distance in pixels to the outside of the mask, 0 outside.

    Eroding alternately by the 4- and the 8-neighbourhood peels octagons, close to round distances.
    """
    depth = np.zeros(mask.shape, dtype=np.int32)
    remaining, step = mask, 0
    while remaining.any():
        depth += remaining
        remaining = _eroded(remaining, diagonals=step % 2 == 1)
        step += 1
    return depth


def _zhang_suen(mask: np.ndarray) -> np.ndarray:
    """Thin a boolean shape to one-pixel-wide lines (Zhang & Suen, 1984), vectorised."""
    image = np.pad(mask.astype(np.uint8), 1)
    while True:
        changed = False
        for step in range(2):
            p = image
            n = [p[:-2, 1:-1], p[:-2, 2:], p[1:-1, 2:], p[2:, 2:], p[2:, 1:-1], p[2:, :-2], p[1:-1, :-2], p[:-2, :-2]]
            neighbours = sum(n)
            transitions = sum(((n[i] == 0) & (n[(i + 1) % 8] == 1)).astype(np.uint8) for i in range(8))
            if step == 0:
                condition = (n[0] * n[2] * n[4] == 0) & (n[2] * n[4] * n[6] == 0)
            else:
                condition = (n[0] * n[2] * n[6] == 0) & (n[0] * n[4] * n[6] == 0)
            remove = (p[1:-1, 1:-1] == 1) & (neighbours >= 2) & (neighbours <= 6) & (transitions == 1) & condition
            if remove.any():
                image = image.copy()
                image[1:-1, 1:-1][remove] = 0
                changed = True
        if not changed:
            return image[1:-1, 1:-1].astype(bool)


# The chance that a redrawn training digit gets its school mark: a flag on a 1, a bar across a 7's stem.
SCHOOL_MARKS = {1: 0.5, 7: 0.35}


def with_school_mark(strokes: list[np.ndarray], digit: int, generator: np.random.Generator) -> list[np.ndarray]:
    """pen_path strokes of a 1 or a 7 -> the same strokes and a flag from the 1's top down to the left, or a bar
    across the 7's stem a little below its middle; any other digit's strokes come back as they are."""
    if digit not in SCHOOL_MARKS:
        return strokes
    points = np.concatenate(strokes)
    top, bottom = points[:, 1].min(), points[:, 1].max()
    height = max(bottom - top, 1.0)
    if digit == 1:
        start = points[points[:, 1] <= top + 0.03 * height].mean(axis=0)
        length = generator.uniform(0.15, 0.45) * height
        angle = math.radians(generator.uniform(25, 60))
        return [*strokes, np.array([start, start + length * np.array([-math.cos(angle), math.sin(angle)])])]
    row = top + generator.uniform(0.45, 0.6) * height
    # The stem's points at that row; where a broken stem has none there, its points nearest the row.
    distance = np.abs(points[:, 1] - row)
    centre = points[distance <= max(0.05 * height + 1, distance.min()), 0].mean()
    half, tilt = generator.uniform(0.12, 0.25) * height, generator.uniform(-0.03, 0.03) * height
    return [*strokes, np.array([[centre - half, row + tilt], [centre + half, row - tilt]])]


def redrawn_digits(digits: np.ndarray, seed: int, style: str = "outlined", labels: np.ndarray | None = None) -> np.ndarray:
    """uint8 (N, 28, 28) MNIST digits -> uint8 (N, 28, 28): each redrawn in `style` with a random pen, then
    through to_mnist. With their (N,) labels, 1s and 7s get their SCHOOL_MARKS now and then."""
    if labels is not None and len(labels) != len(digits):
        raise ValueError(f"need one label per digit, got {len(labels)} labels for {len(digits)} digits")
    generator = np.random.default_rng(seed)
    redrawn = np.empty_like(digits)
    for index, digit in enumerate(digits):
        pen = Pen.random(generator, canvas=int(generator.integers(TRAINING_CANVAS[0], TRAINING_CANVAS[1] + 1)))
        strokes = pen_path(digit, style)
        label = None if labels is None else int(labels[index])
        if label in SCHOOL_MARKS and generator.uniform() < SCHOOL_MARKS[label]:
            strokes = with_school_mark(strokes, label, generator)
        redrawn[index] = to_mnist_uint8(render(strokes, pen))
    return redrawn

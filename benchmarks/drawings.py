"""Drawings: synthetic browser-style digit drawings made in code, for the preprocessing benchmark.

Two families, rendered with the same random pen and canvas:
- "redrawn": MNIST test digits thinned to their centre line and redrawn with a round brush;
- "traced": digits traced as pen strokes from templates (several styles per digit), jittered.
Each drawing varies canvas size (280-1000 px), position, digit size (25-85% of the canvas),
brush width (3-16% of the digit's height), rotation (+-12 degrees), shear, ink colour and
background (transparent Sketchpad layer, white paper, dark screen).
"""

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

BACKGROUNDS = ("transparent", "white", "dark")
SUPERSAMPLING = 2  # Strokes are drawn at twice the size and reduced, so edges are anti-aliased like a canvas's.


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
    points = np.concatenate(strokes)
    shear = np.array([[1.0, pen.shear], [0.0, 1.0]])
    angle = math.radians(pen.rotation_degrees)
    rotation = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    transform = rotation @ shear
    transformed = [stroke @ transform.T for stroke in strokes]
    low = np.min([stroke.min(axis=0) for stroke in transformed], axis=0)
    high = np.max([stroke.max(axis=0) for stroke in transformed], axis=0)
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
    big = pen.canvas * SUPERSAMPLING
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    radius = brush * SUPERSAMPLING / 2
    for stroke in transformed:
        canvas_points = ((stroke - low) * scale + origin) * SUPERSAMPLING
        path = [tuple(point) for point in canvas_points]
        if len(path) > 1:
            draw.line(path, fill=255, width=max(1, round(2 * radius)))
        for x, y in path:  # Round caps and joints, as a round brush leaves.
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=255)
    del points
    coverage = np.asarray(mask.reduce(SUPERSAMPLING), dtype=np.float32) / 255.0
    colour = np.array(pen.colour, dtype=np.float32)
    if pen.background == "transparent":
        layer = np.zeros((pen.canvas, pen.canvas, 4), dtype=np.uint8)
        layer[:, :, :3] = colour.astype(np.uint8)
        layer[:, :, 3] = np.rint(coverage * 255).astype(np.uint8)
        composite = np.rint(255 + coverage[..., None] * (colour - 255)).astype(np.uint8)
        return {"background": None, "layers": [layer], "composite": composite}
    paper = np.array([255, 255, 255] if pen.background == "white" else [24, 26, 32], dtype=np.float32)
    return np.rint(paper + coverage[..., None] * (colour - paper)).astype(np.uint8)


# --- Redrawn MNIST digits -------------------------------------------------------------------------


def centre_line(digit: np.ndarray, upsample: int = 4) -> list[np.ndarray]:
    """uint8 (28, 28) MNIST digit -> its centre line as short 2-point strokes (x, y) (Zhang-Suen thinning)."""
    big = np.asarray(Image.fromarray(digit).resize((28 * upsample,) * 2, Image.Resampling.BILINEAR))
    skeleton = _zhang_suen(big > 100)
    rows, columns = np.nonzero(skeleton)
    strokes = []
    occupied = set(zip(rows.tolist(), columns.tolist()))
    for row, column in occupied:
        for d_row, d_column in ((0, 1), (1, 0), (1, 1), (1, -1)):
            if (row + d_row, column + d_column) in occupied:
                strokes.append(np.array([[column, row], [column + d_column, row + d_row]], dtype=np.float64))
    if not strokes:
        strokes = [np.array([[column, row]], dtype=np.float64) for row, column in occupied]
    return strokes


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


# --- Traced templates ------------------------------------------------------------------------------


def _arc(cx, cy, rx, ry, start, end, n=24):
    """Points on an ellipse arc from `start` to `end` degrees (0 = right, 90 = down)."""
    angles = np.radians(np.linspace(start, end, n))
    return np.stack([cx + rx * np.cos(angles), cy + ry * np.sin(angles)], axis=1)


def _line(*points):
    return np.array(points, dtype=np.float64)


# Each digit: styles, each a list of strokes in a box about 0.6 wide and 1.0 tall.
TEMPLATES = {
    0: [[_arc(0.3, 0.5, 0.3, 0.5, -90, 275, 48)],
        [_arc(0.3, 0.5, 0.26, 0.5, -100, 265, 48)]],
    1: [[_line((0.3, 0.0), (0.3, 1.0))],
        [_line((0.18, 0.14), (0.32, 0.0), (0.32, 1.0))],
        [_line((0.18, 0.14), (0.32, 0.0), (0.32, 1.0)), _line((0.12, 1.0), (0.52, 1.0))]],
    2: [[np.concatenate([_arc(0.3, 0.28, 0.28, 0.28, 190, 380), _line((0.56, 0.4), (0.0, 1.0), (0.62, 1.0))])],
        [np.concatenate([_arc(0.3, 0.25, 0.27, 0.25, 180, 400), _arc(0.3, 0.62, 0.2, 0.38, -40, 90, 10)[:1],
                         _line((0.02, 0.98), (0.6, 0.98))])]],
    3: [[np.concatenate([_arc(0.28, 0.25, 0.28, 0.25, 200, 450), _arc(0.28, 0.74, 0.3, 0.26, -90, 160)])],
        [_line((0.02, 0.0), (0.58, 0.0), (0.25, 0.42)), _arc(0.28, 0.7, 0.3, 0.3, -80, 160)]],
    4: [[_line((0.45, 0.0), (0.0, 0.68), (0.62, 0.68)), _line((0.45, 0.3), (0.45, 1.0))],
        [_line((0.08, 0.0), (0.05, 0.55), (0.62, 0.55)), _line((0.5, 0.0), (0.5, 1.0))]],
    5: [[_line((0.58, 0.0), (0.08, 0.0), (0.04, 0.42)), _arc(0.3, 0.7, 0.3, 0.3, -130, 150)],
        [np.concatenate([_line((0.06, 0.0), (0.04, 0.44)), _arc(0.3, 0.7, 0.3, 0.3, -130, 150)]),
         _line((0.06, 0.0), (0.6, 0.0))]],
    6: [[np.concatenate([_arc(0.55, 0.55, 0.5, 0.55, -100, -170, 12), _arc(0.32, 0.72, 0.28, 0.28, 180, 540)])],
        [np.concatenate([_line((0.5, 0.0), (0.1, 0.55)), _arc(0.32, 0.72, 0.28, 0.28, 200, 560)])]],
    7: [[_line((0.0, 0.0), (0.6, 0.0), (0.2, 1.0))],
        [_line((0.0, 0.0), (0.6, 0.0), (0.2, 1.0)), _line((0.12, 0.5), (0.52, 0.5))],
        [_line((0.0, 0.12), (0.02, 0.0), (0.6, 0.0), (0.28, 1.0))]],
    8: [[np.concatenate([_arc(0.3, 0.24, 0.24, 0.24, 0, 360), _arc(0.3, 0.74, 0.3, 0.26, -90, 270)])],
        [_arc(0.3, 0.24, 0.22, 0.24, 0, 360), _arc(0.3, 0.74, 0.3, 0.26, 0, 360)]],
    9: [[_arc(0.3, 0.28, 0.28, 0.28, 0, 360), _line((0.58, 0.28), (0.55, 1.0))],
        [_arc(0.3, 0.28, 0.28, 0.28, -30, 350), _line((0.58, 0.25), (0.35, 1.0))]],
}


def traced_digit(digit: int, generator: np.random.Generator) -> list[np.ndarray]:
    """A random style of `digit` with each point jittered a little, as a hand would."""
    styles = TEMPLATES[digit]
    strokes = styles[generator.integers(len(styles))]
    stretch = np.array([generator.uniform(0.8, 1.25), 1.0])
    return [stroke * stretch + generator.normal(0, 0.012, stroke.shape) for stroke in strokes]


def drawing_set(family: str, count: int, seed: int, mnist_digits=None, mnist_labels=None, **fixed):
    """Yield (label, drawing, pen) for `count` drawings of a family ("redrawn" needs MNIST digits and labels)."""
    generator = np.random.default_rng(seed)
    for index in range(count):
        pen = Pen.random(generator, **fixed)
        if family == "redrawn":
            label = int(mnist_labels[index % len(mnist_labels)])
            strokes = centre_line(mnist_digits[index % len(mnist_digits)])
        elif family == "traced":
            label = int(generator.integers(10))
            strokes = traced_digit(label, generator)
        else:
            raise ValueError(f"family must be 'redrawn' or 'traced', got {family!r}")
        yield label, render(strokes, pen), pen


def write_examples(folder, seed: int = 7) -> list:
    """Write one traced drawing per digit as `<digit>.png` (opaque, as a photo or scan would be); return the paths."""
    from pathlib import Path

    generator = np.random.default_rng(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for digit in range(10):
        pen = Pen.random(generator, canvas=336, background=("white", "dark")[digit % 2])
        drawing = render(traced_digit(digit, generator), pen)
        path = folder / f"{digit}.png"
        Image.fromarray(drawing).save(path, optimize=True)
        paths.append(path)
    return paths


if __name__ == "__main__":
    from cnn import config

    for written in write_examples(config.EXAMPLES_DIRECTORY):
        print(written)


def sketchpad_from_picture(path) -> dict:
    """An opaque picture of a digit -> the value a Sketchpad would send had it been drawn there:
    the ink as a transparent stroke layer, over an opaque white composite."""
    grey = np.asarray(Image.open(path).convert("L"), dtype=np.float32)
    background = np.median(np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]]))
    ink = np.clip(np.abs(grey - background) / np.abs(grey - background).max(), 0, 1)
    layer = np.zeros((*grey.shape, 4), np.uint8)
    layer[..., 3] = np.rint(ink * 255).astype(np.uint8)
    composite = np.repeat(np.rint(255 * (1 - ink)).astype(np.uint8)[..., None], 3, axis=2)
    return {"background": None, "layers": [layer], "composite": composite}

"""Drawings: synthetic browser-style digit drawings made in code, for the preprocessing benchmark.

Five families, rendered with the same random pen and canvas (cnn.redraw):
- "traced": digits traced as pen strokes from templates (several styles per digit), jittered;
- "redrawn": MNIST test digits redrawn with a round brush along their centre line, with loops
  their writer's pen filled in drawn as loops (cnn.redraw's "outlined" style);
- "redrawn-thinned": the same along the centre line alone, so filled loops collapse to lines
  (the "thinned" style); training redraws its own digits in one style or the other;
- "redrawn-coarse": thinned at MNIST's 28 px instead of 4x that, so the strokes are a
  staircase with other artefacts: a way of redrawing that training never saw;
- "handwritten": digits in the hands training never saw (cnn.handwriting's held-out hands:
  Spanish, Brazilian, Dutch and Korean school scripts).
"""

import numpy as np
from PIL import Image

from cnn.handwriting import handwritten_set
from cnn.preprocess import grey_levels
from cnn.redraw import Pen, pen_path, render

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


# Each redrawn family's cnn.redraw style, and how finely it finds the pen's path: at 28 px x this.
REDRAWN = {"redrawn": ("outlined", 4), "redrawn-thinned": ("thinned", 4), "redrawn-coarse": ("thinned", 1)}
FAMILIES = ("traced", *REDRAWN, "handwritten")


def drawing_set(family: str, count: int, seed: int, mnist_digits=None, mnist_labels=None, **fixed):
    """Yield (label, drawing, pen) for `count` drawings of a family (the redrawn ones need MNIST digits and labels)."""
    generator = np.random.default_rng(seed)
    handwritten = handwritten_set("held-out", count, seed) if family == "handwritten" else None
    for index in range(count):
        pen = Pen.random(generator, **fixed)
        if handwritten is not None:
            label, _, strokes = next(handwritten)
        elif family in REDRAWN:
            label = int(mnist_labels[index % len(mnist_labels)])
            strokes = pen_path(mnist_digits[index % len(mnist_digits)], *REDRAWN[family])
        elif family == "traced":
            label = int(generator.integers(10))
            strokes = traced_digit(label, generator)
        else:
            raise ValueError(f"family must be one of {FAMILIES}, got {family!r}")
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


def sketchpad_from_picture(path) -> dict:
    """An opaque picture of a digit -> the value a Sketchpad would send had it been drawn there:
    the ink as a transparent stroke layer, over an opaque white composite."""
    grey = np.asarray(Image.open(path).convert("L"), dtype=np.float32)
    background = np.median(np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]]))
    ink = np.clip(np.abs(grey - background) / np.abs(grey - background).max(), 0, 1)
    layer = np.zeros((*grey.shape, 4), np.uint8)
    layer[..., 3] = grey_levels(ink)
    composite = np.repeat(grey_levels(1 - ink)[..., None], 3, axis=2)
    return {"background": None, "layers": [layer], "composite": composite}


if __name__ == "__main__":
    from cnn import config

    for written in write_examples(config.EXAMPLES_DIRECTORY):
        print(written)

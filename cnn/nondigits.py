"""Non-digits: letters of three scripts, doodles and scribbles, drawn as pen strokes, for the network to stay unsure on.

Softmax hands all its probability to the ten digits, whatever it is shown: trained
on digits alone, the network reads a capital A as a confident 4. Training also
shows it drawings that are not digits with the target "no digit more than another"
(every probability 0.1; outlier exposure), so that its answer on a letter or a
doodle spreads out, and `cnn.inference` can say "not a digit" from the answer alone.

The shapes are ours, drawn as strokes in a box about 0.6 wide and 1.0 tall (x right,
y down), like cnn.handwriting's digits, and written by a random hand (slant, width,
wobble) with a random pen. Letters that people write like a digit (O, I, l, S, Z, B,
b, G, g, q; Greek beta and delta; Cyrillic Ze, Che, Be) are left out: a 0 and an O
are the same drawing.

Each kind is split once and for all: training learns from `TRAINING_SHAPES`, and
`HELD_OUT_SHAPES` (other letters, other doodles) are never trained on, so their
figures measure how well "not a digit" carries to shapes the network never met.
"""

import math

import numpy as np

from cnn import config
from cnn.handwriting import TRAINING_SLANTS, TRAINING_WIDTHS, arc, as_written, line
from cnn.preprocess import to_mnist
from cnn.redraw import TRAINING_CANVAS, Pen, render

KINDS = ("latin", "other scripts", "doodles")


def _dot(x, y):
    """A dot: the pen put down and lifted."""
    return np.array([[x, y], [x + 0.01, y + 0.01]])


# --- Latin letters --------------------------------------------------------------------------------

def _bowl(top, bottom, left=0.0, reach=0.32):
    """A D-shaped bowl on the right of a stem at x = left, from y = top to y = bottom."""
    middle, radius = (top + bottom) / 2, (bottom - top) / 2
    return np.concatenate([line((left, top), (left + reach - radius * 0.6, top)),
                           arc(left + reach - radius * 0.6, middle, radius, radius, -90, 90),
                           line((left + reach - radius * 0.6, bottom), (left, bottom))])


LATIN = {
    "A": lambda: [line((0.0, 1.0), (0.3, 0.0), (0.6, 1.0)), line((0.13, 0.6), (0.47, 0.6))],
    "E": lambda: [line((0.55, 0.0), (0.0, 0.0), (0.0, 1.0), (0.55, 1.0)), line((0.0, 0.5), (0.42, 0.5))],
    "F": lambda: [line((0.55, 0.0), (0.0, 0.0), (0.0, 1.0)), line((0.0, 0.48), (0.42, 0.48))],
    "H": lambda: [line((0.0, 0.0), (0.0, 1.0)), line((0.55, 0.0), (0.55, 1.0)), line((0.0, 0.5), (0.55, 0.5))],
    "K": lambda: [line((0.0, 0.0), (0.0, 1.0)), line((0.55, 0.0), (0.0, 0.58)), line((0.16, 0.44), (0.6, 1.0))],
    "M": lambda: [line((0.0, 1.0), (0.06, 0.0), (0.4, 0.65), (0.74, 0.0), (0.8, 1.0))],
    "N": lambda: [line((0.0, 1.0), (0.0, 0.0), (0.6, 1.0), (0.6, 0.0))],
    "R": lambda: [line((0.0, 1.0), (0.0, 0.0)), _bowl(0.0, 0.5), line((0.12, 0.5), (0.55, 1.0))],
    "T": lambda: [line((0.0, 0.0), (0.7, 0.0)), line((0.35, 0.0), (0.35, 1.0))],
    "W": lambda: [line((0.0, 0.0), (0.2, 1.0), (0.4, 0.3), (0.6, 1.0), (0.8, 0.0))],
    "X": lambda: [line((0.0, 0.0), (0.6, 1.0)), line((0.6, 0.0), (0.0, 1.0))],
    "Y": lambda: [line((0.0, 0.0), (0.3, 0.5), (0.6, 0.0)), line((0.3, 0.5), (0.3, 1.0))],
    "a": lambda: [arc(0.25, 0.7, 0.25, 0.3, -20, -340), line((0.5, 0.4), (0.5, 1.0))],
    "e": lambda: [np.concatenate([line((0.02, 0.7), (0.5, 0.7)), arc(0.26, 0.7, 0.25, 0.3, 0, -310)])],
    "h": lambda: [line((0.0, 0.0), (0.0, 1.0)),
                  np.concatenate([arc(0.25, 0.68, 0.25, 0.22, 180, 360), line((0.5, 0.68), (0.5, 1.0))])],
    "n": lambda: [line((0.0, 0.4), (0.0, 1.0)),
                  np.concatenate([arc(0.25, 0.65, 0.25, 0.22, 180, 360), line((0.5, 0.65), (0.5, 1.0))])],
    "r": lambda: [line((0.0, 0.4), (0.0, 1.0)), arc(0.25, 0.68, 0.25, 0.25, 180, 290)],
    "t": lambda: [line((0.2, 0.0), (0.2, 0.88), (0.4, 1.0)), line((0.0, 0.35), (0.45, 0.35))],
    "w": lambda: [line((0.0, 0.4), (0.18, 1.0), (0.35, 0.55), (0.52, 1.0), (0.7, 0.4))],
    # Held out: never trained on.
    "C": lambda: [arc(0.32, 0.5, 0.32, 0.5, -40, -320)],
    "L": lambda: [line((0.0, 0.0), (0.0, 1.0), (0.5, 1.0))],
    "P": lambda: [line((0.0, 1.0), (0.0, 0.0)), _bowl(0.0, 0.52)],
    "U": lambda: [np.concatenate([line((0.0, 0.0), (0.0, 0.7)), arc(0.28, 0.7, 0.28, 0.3, 180, 0),
                                  line((0.56, 0.7), (0.56, 0.0))])],
    "V": lambda: [line((0.0, 0.0), (0.3, 1.0), (0.6, 0.0))],
    "k": lambda: [line((0.0, 0.0), (0.0, 1.0)), line((0.42, 0.42), (0.0, 0.75), (0.45, 1.0))],
    "m": lambda: [line((0.0, 0.4), (0.0, 1.0)),
                  np.concatenate([arc(0.2, 0.62, 0.2, 0.2, 180, 360), line((0.4, 0.62), (0.4, 1.0))]),
                  np.concatenate([arc(0.6, 0.62, 0.2, 0.2, 180, 360), line((0.8, 0.62), (0.8, 1.0))])],
    "u": lambda: [np.concatenate([line((0.0, 0.4), (0.0, 0.75)), arc(0.25, 0.75, 0.25, 0.25, 180, 0)]),
                  line((0.5, 0.4), (0.5, 1.0))],
    "y": lambda: [line((0.0, 0.3), (0.3, 0.75)), line((0.6, 0.3), (0.15, 1.0))],
    "f": lambda: [np.concatenate([arc(0.35, 0.15, 0.15, 0.15, -10, -180), line((0.2, 0.15), (0.2, 1.0))]),
                  line((0.0, 0.42), (0.45, 0.42))],
    "d": lambda: [arc(0.25, 0.72, 0.25, 0.28, -60, -400), line((0.52, 0.0), (0.52, 1.0))],
}

# --- Greek and Cyrillic letters -------------------------------------------------------------------

OTHER_SCRIPTS = {
    "Gamma": lambda: [line((0.5, 0.0), (0.0, 0.0), (0.0, 1.0))],
    "Lambda": lambda: [line((0.0, 1.0), (0.3, 0.0), (0.6, 1.0))],
    "Pi": lambda: [line((0.0, 1.0), (0.0, 0.0), (0.6, 0.0), (0.6, 1.0))],
    "Sigma": lambda: [line((0.55, 0.0), (0.0, 0.0), (0.3, 0.5), (0.0, 1.0), (0.55, 1.0))],
    "Psi": lambda: [np.concatenate([line((0.0, 0.05), (0.02, 0.35)), arc(0.3, 0.35, 0.28, 0.25, 180, 0)[1:],
                                    line((0.58, 0.35), (0.6, 0.05))[1:]]), line((0.3, 0.0), (0.3, 1.0))],
    "Omega": lambda: [np.concatenate([line((0.0, 1.0), (0.22, 1.0), (0.2, 0.85)),
                                      arc(0.35, 0.45, 0.33, 0.45, 110, -290), line((0.5, 0.85), (0.48, 1.0), (0.7, 1.0))])],
    "alpha": lambda: [np.concatenate([line((0.7, 0.35), (0.5, 0.75)), arc(0.28, 0.68, 0.25, 0.28, 10, 350),
                                      line((0.52, 0.62), (0.7, 1.0))])],
    "lambda": lambda: [line((0.05, 0.0), (0.6, 1.0)), line((0.32, 0.45), (0.0, 1.0))],
    "mu": lambda: [line((0.0, 0.3), (0.0, 1.2)),
                   np.concatenate([arc(0.25, 0.75, 0.25, 0.25, 180, 0), line((0.5, 0.75), (0.5, 0.3))]),
                   line((0.5, 0.75), (0.6, 1.0))],
    "pi": lambda: [line((0.0, 0.3), (0.7, 0.3)), line((0.2, 0.3), (0.15, 1.0)), line((0.5, 0.3), (0.55, 1.0))],
    "De": lambda: [line((0.08, 0.8), (0.2, 0.0), (0.52, 0.0), (0.55, 0.8)), line((0.0, 1.0), (0.0, 0.8), (0.65, 0.8),
                                                                           (0.65, 1.0))],
    "Zhe": lambda: [line((0.4, 0.0), (0.4, 1.0)), line((0.0, 0.0), (0.4, 0.5), (0.0, 1.0)),
                    line((0.8, 0.0), (0.4, 0.5), (0.8, 1.0))],
    "I": lambda: [line((0.0, 0.0), (0.0, 1.0), (0.6, 0.0), (0.6, 1.0))],
    "El": lambda: [line((0.0, 1.0), (0.15, 0.0), (0.55, 0.0), (0.55, 1.0))],
    "Sha": lambda: [line((0.0, 0.0), (0.0, 1.0), (0.8, 1.0), (0.8, 0.0)), line((0.4, 0.0), (0.4, 1.0))],
    "Ya": lambda: [line((0.55, 1.0), (0.55, 0.0)),
                   np.concatenate([line((0.55, 0.0), (0.3, 0.0)), arc(0.3, 0.25, 0.25, 0.25, 270, 90),
                                   line((0.3, 0.5), (0.55, 0.5))]), line((0.4, 0.5), (0.0, 1.0))],
    "Tse": lambda: [line((0.0, 0.0), (0.0, 0.88), (0.55, 0.88), (0.55, 0.0)),
                    line((0.55, 0.88), (0.65, 0.88), (0.65, 1.1))],
    # Held out: never trained on.
    "Phi": lambda: [arc(0.35, 0.5, 0.35, 0.28, 0, 360), line((0.35, 0.0), (0.35, 1.0))],
    "Xi": lambda: [line((0.0, 0.0), (0.6, 0.0)), line((0.1, 0.5), (0.5, 0.5)), line((0.0, 1.0), (0.6, 1.0))],
    "theta": lambda: [arc(0.28, 0.5, 0.28, 0.5, -90, 270), line((0.02, 0.5), (0.54, 0.5))],
    "epsilon": lambda: [np.concatenate([arc(0.3, 0.27, 0.25, 0.23, -30, -270), arc(0.3, 0.73, 0.3, 0.27, -90, -330)])],
    "omega": lambda: [np.concatenate([arc(0.2, 0.65, 0.2, 0.35, 190, 0), arc(0.6, 0.65, 0.2, 0.35, 180, -10)])],
    "eta": lambda: [line((0.0, 0.35), (0.0, 1.0)),
                    np.concatenate([arc(0.25, 0.6, 0.25, 0.22, 180, 360), line((0.5, 0.6), (0.5, 1.3))])],
    "E reversed": lambda: [arc(0.28, 0.5, 0.3, 0.5, -140, 140), line((0.15, 0.5), (0.58, 0.5))],
    "Yeru": lambda: [line((0.0, 0.0), (0.0, 1.0)), _bowl(0.45, 1.0, reach=0.35), line((0.65, 0.0), (0.65, 1.0))],
    "Short I": lambda: [line((0.0, 0.2), (0.0, 1.0), (0.6, 0.2), (0.6, 1.0)), arc(0.3, -0.05, 0.15, 0.1, 180, 0)],
    "Yu": lambda: [line((0.0, 0.0), (0.0, 1.0)), line((0.0, 0.5), (0.25, 0.5)), arc(0.52, 0.5, 0.25, 0.5, 0, 360)],
}

# --- Doodles --------------------------------------------------------------------------------------


def _star(generator):
    points = 5 + 2 * int(generator.integers(0, 2))  # Five or seven points, drawn in one go.
    step = (points - 1) // 2
    angles = np.radians(-90 + 360 / points * step * np.arange(points + 1))
    return [line(*zip(0.5 + 0.5 * np.cos(angles), 0.5 + 0.5 * np.sin(angles)), per_segment=8)]


def _heart(generator):
    return [np.concatenate([line((0.5, 1.0), (0.06, 0.45)), arc(0.27, 0.3, 0.24, 0.24, 150, 360),
                            arc(0.73, 0.3, 0.24, 0.24, 180, 390), line((0.94, 0.45), (0.5, 1.0))])]


def _house(generator):
    return [line((0.0, 0.4), (0.0, 1.0), (0.8, 1.0), (0.8, 0.4), (0.0, 0.4), (0.4, 0.0), (0.8, 0.4)),
            line((0.3, 1.0), (0.3, 0.7), (0.5, 0.7), (0.5, 1.0))]


def _tree(generator):
    """A fir: two tiers of branches and a trunk."""
    return [line((0.5, 0.0), (0.15, 0.35), (0.35, 0.35), (0.05, 0.72), (0.95, 0.72), (0.65, 0.35), (0.85, 0.35),
                 (0.5, 0.0), per_segment=8), line((0.42, 0.72), (0.42, 1.0), (0.58, 1.0), (0.58, 0.72))]


def _spiral(generator):
    turns = generator.uniform(2.0, 3.5)
    angles = np.linspace(0, 2 * math.pi * turns, 120)
    radius = 0.5 * angles / angles[-1]
    return [np.stack([0.5 + radius * np.cos(angles), 0.5 + radius * np.sin(angles)], axis=1)]


def _plus(generator):
    return [line((0.5, 0.0), (0.5, 1.0)), line((0.0, 0.5), (1.0, 0.5))]


def _arrow(generator):
    return [line((0.0, 0.5), (1.0, 0.5)), line((0.7, 0.25), (1.0, 0.5), (0.7, 0.75))]


def _triangle(generator):
    return [line((0.5, 0.0), (1.0, 0.9), (0.0, 0.9), (0.5, 0.0))]


def _sun(generator):
    rays = [line((0.5 + 0.3 * math.cos(a), 0.5 + 0.3 * math.sin(a)), (0.5 + 0.5 * math.cos(a), 0.5 + 0.5 * math.sin(a)))
            for a in np.radians(np.arange(0, 360, 45) + generator.uniform(0, 45))]
    return [arc(0.5, 0.5, 0.22, 0.22, 0, 360), *rays]


def _scribble(generator):
    """A smooth curve through a handful of random points."""
    corners = generator.uniform(0, 1, (int(generator.integers(4, 9)), 2))
    along = np.linspace(0, 1, 120)
    knots = np.linspace(0, 1, len(corners))
    return [np.stack([np.interp(along, knots, corners[:, axis]) for axis in range(2)], axis=1)]


def _cloud(generator):
    bumps = [arc(x, 0.45 - 0.1 * (x in (0.35, 0.6)), 0.17, 0.17, 180, 360, 16) for x in (0.15, 0.35, 0.6, 0.82)]
    return [np.concatenate([*bumps, line((0.99, 0.45), (0.99, 0.62), (0.0, 0.62), (-0.02, 0.45))])]


# Held out: never trained on.
def _smiley(generator):
    return [arc(0.5, 0.5, 0.5, 0.5, 0, 360, 48), _dot(0.33, 0.35), _dot(0.67, 0.35), arc(0.5, 0.55, 0.25, 0.2, 20, 160)]


def _flower(generator):
    petals = [arc(0.5 + 0.3 * math.cos(a), 0.5 + 0.3 * math.sin(a), 0.17, 0.17, 0, 360, 20)
              for a in np.radians(np.arange(0, 360, 60))]
    return [arc(0.5, 0.5, 0.12, 0.12, 0, 360, 16), *petals]


def _moon(generator):
    """A crescent: the outer edge round the left, and the inner edge back."""
    return [np.concatenate([arc(0.5, 0.5, 0.5, 0.5, 300, 60, 40), arc(0.72, 0.5, 0.32, 0.43, 120, 240, 40)])]


def _planet(generator):
    return [arc(0.5, 0.5, 0.3, 0.3, 0, 360), arc(0.5, 0.5, 0.55, 0.14, 0, 360)]


def _fish(generator):
    return [np.concatenate([arc(0.4, 0.5, 0.4, 0.25, 0, 360), line((0.8, 0.5), (1.0, 0.3), (1.0, 0.7), (0.8, 0.5))]),
            _dot(0.2, 0.45)]


def _lightning(generator):
    return [line((0.55, 0.0), (0.2, 0.55), (0.5, 0.5), (0.25, 1.0))]


def _hash(generator):
    return [line((0.35, 0.0), (0.3, 1.0)), line((0.7, 0.0), (0.65, 1.0)), line((0.0, 0.33), (1.0, 0.33)),
            line((0.0, 0.67), (1.0, 0.67))]


def _zigzag(generator):
    teeth = int(generator.integers(4, 9))
    xs = np.linspace(0, 1, teeth + 1)
    ys = np.where(np.arange(teeth + 1) % 2 == 0, generator.uniform(0.0, 0.2), generator.uniform(0.6, 1.0))
    return [line(*zip(xs, ys), per_segment=8)]


def _wave(generator):
    x = np.linspace(0, 1, 80)
    return [np.stack([x, 0.5 + 0.25 * np.sin(2 * math.pi * generator.uniform(1.5, 3.0) * x)], axis=1)]


DOODLES = {
    "star": _star, "heart": _heart, "house": _house, "tree": _tree, "spiral": _spiral, "plus": _plus,
    "arrow": _arrow, "triangle": _triangle, "sun": _sun, "scribble": _scribble, "cloud": _cloud,
    # Held out: never trained on.
    "smiley": _smiley, "flower": _flower, "moon": _moon, "planet": _planet, "fish": _fish,
    "lightning": _lightning, "hash": _hash, "zigzag": _zigzag, "wave": _wave,
}

HELD_OUT_NAMES = {
    "latin": ("C", "L", "P", "U", "V", "k", "m", "u", "y", "f", "d"),
    "other scripts": ("Phi", "Xi", "theta", "epsilon", "omega", "eta", "E reversed", "Yeru", "Short I", "Yu"),
    "doodles": ("smiley", "flower", "moon", "planet", "fish", "lightning", "hash", "zigzag", "wave"),
}
_BUILDERS = {"latin": LATIN, "other scripts": OTHER_SCRIPTS, "doodles": DOODLES}
HELD_OUT_SHAPES = {kind: {name: _BUILDERS[kind][name] for name in names} for kind, names in HELD_OUT_NAMES.items()}
TRAINING_SHAPES = {kind: {name: builder for name, builder in _BUILDERS[kind].items()
                          if name not in HELD_OUT_NAMES[kind]} for kind in KINDS}
SPLITS = {"training": TRAINING_SHAPES, "held-out": HELD_OUT_SHAPES}
# How far a writer's hand varies a shape: the training hands' whole range of slants and widths, and a random turn.
TURN_DEGREES = 20


def shape_strokes(kind: str, name: str, generator: np.random.Generator) -> list[np.ndarray]:
    """The ideal strokes of one shape ("latin", "A"), each (n, 2) points, x right and y down."""
    builder = _BUILDERS[kind][name]
    return builder(generator) if kind == "doodles" else builder()


def written_shape(kind: str, name: str, generator: np.random.Generator) -> list[np.ndarray]:
    """One drawing of a shape by a random hand: slanted, stretched, turned a little, drawn with a wobbling pen."""
    strokes = shape_strokes(kind, name, generator)
    angle = math.radians(generator.uniform(-TURN_DEGREES, TURN_DEGREES))
    turn = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    strokes = [(stroke - 0.5) @ turn.T + 0.5 for stroke in strokes]
    return as_written(strokes, generator.uniform(*TRAINING_SLANTS), generator.uniform(*TRAINING_WIDTHS), generator)


def nondigit_set(split: str, count: int, seed: int):
    """Yield (kind, name, strokes) for `count` drawings of the split's shapes ("training" or "held-out"),
    kinds in turn and shapes of a kind at random."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {tuple(SPLITS)}, got {split!r}")
    generator = np.random.default_rng(seed)
    shapes = SPLITS[split]
    for index in range(count):
        kind = KINDS[index % len(KINDS)]
        names = tuple(shapes[kind])
        name = names[generator.integers(len(names))]
        yield kind, name, written_shape(kind, name, generator)


def nondigit_images(split: str, count: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`count` drawings of the split's shapes, each drawn with a random pen on a training-sized canvas and read
    through to_mnist -> uint8 (count, 28, 28) images, (count,) kinds and (count,) shape names."""
    generator = np.random.default_rng(seed + 1)  # The pens: apart from the shapes' generator.
    images = np.empty((count, config.IMAGE_SIZE, config.IMAGE_SIZE), np.uint8)
    kinds, names = np.empty(count, object), np.empty(count, object)
    for index, (kind, name, strokes) in enumerate(nondigit_set(split, count, seed)):
        pen = Pen.random(generator, canvas=int(generator.integers(TRAINING_CANVAS[0], TRAINING_CANVAS[1] + 1)))
        images[index] = np.rint(to_mnist(render(strokes, pen)) * 255)
        kinds[index], names[index] = kind, name
    return images, kinds, names

"""Handwriting: digits as people in many countries are taught to write them, as pen strokes, in named hands.

MNIST's writers were American census staff and students, so a network trained on
MNIST alone reads a flagged European 1 as a 7 and an open 4 as a 9. Here each digit
has the shapes school scripts teach (`VARIANTS`: flagged and based 1s, crossed 7s,
open and closed 4s, looped 2s, flat-topped 3s, straight- and curved-stem 9s, 6s
and 9s with open loops, two-circle and one-loop 8s), and each *hand* is one
writer's habits: which shape of each digit they write and how (slant, width,
flag length, loop size). A drawing adds the wobble of a moving pen to the hand's
strokes; cnn.redraw.render then draws them with a random pen.

Writers are not perfectly consistent, and a network should not learn a hand's
habits as a rule: when training draws a digit, each of the hand's habits (its
shape for that digit, each parameter, its slant, its width) is forgotten now and
then (`TRAINING_STRAY`) and taken instead from the range all training hands share.
Held-out hands are drawn exactly to their habits, so their figures compare across
training runs.

Hands are split once and for all: training learns from `TRAINING_HANDS`, and
`HELD_OUT_HANDS` are never trained on, so their accuracy measures how well the
network reads writers it has not met. Every shape appears in some training hand;
the held-out hands combine the shapes differently and write them in their own
proportions. Strokes are (n, 2) arrays of points, x right and y down, in a box
about 0.6 wide and 1.0 tall.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from cnn import config
from cnn.preprocess import to_mnist_uint8
from cnn.redraw import TRAINING_CANVAS, Pen, render


def arc(cx, cy, rx, ry, start, end, points=32):
    """Points on an ellipse arc from `start` to `end` degrees (0 = right, 90 = down)."""
    angles = np.radians(np.linspace(start, end, points))
    return np.stack([cx + rx * np.cos(angles), cy + ry * np.sin(angles)], axis=1)


def line(*points, per_segment=12):
    """A polyline through `points`, each segment sampled at `per_segment` points so it can wobble."""
    corners = np.array(points, dtype=np.float64)
    pieces = [np.linspace(a, b, per_segment, endpoint=False) for a, b in zip(corners[:-1], corners[1:])]
    return np.concatenate([*pieces, corners[-1:]])


# --- The shapes each digit is taught in ------------------------------------------------------------
# Each builder takes the shape's parameters (numbers, mostly fractions of the digit's height) and
# returns its strokes. Parameters a hand does not set take the middle of their range in PARAMETERS.


def zero_oval(width=0.55, overlap=10.0):
    """An oval started at the top; `overlap` degrees past the start (negative leaves a gap)."""
    return [arc(width / 2, 0.5, width / 2, 0.5, -90, 270 + overlap, 48)]


def one_stem(lean=0.0):
    return [line((0.3, 0.0), (0.3 - lean, 1.0))]


def one_flag(flag=0.3, flag_angle=40.0, lean=0.0):
    """A stem with a flag from its top down to the left, `flag` long at `flag_angle` degrees below horizontal."""
    angle = math.radians(flag_angle)
    start = (0.3 - flag * math.cos(angle), flag * math.sin(angle))
    return [line(start, (0.3, 0.0), (0.3 - lean, 1.0))]


def one_flag_base(flag=0.3, flag_angle=40.0, lean=0.0, base=0.18):
    """A flagged stem standing on a short base."""
    return [*one_flag(flag, flag_angle, lean), line((0.3 - lean - base, 1.0), (0.3 - lean + base, 1.0))]


def two_plain(arch=0.26, tail=0.6, neck=0.0):
    """A round top, a straight or bent diagonal down to the left, a flat base."""
    bowl = arc(0.3, arch, 0.28, arch, 190, 380)
    return [np.concatenate([bowl, line(tuple(bowl[-1]), (0.25 + neck, 0.7), (0.0, 1.0), (tail, 1.0))[1:]])]


def two_looped(arch=0.26, tail=0.6, curl=0.16):
    """The diagonal makes a small loop at the bottom left before the base, as French and Italian hands do."""
    bowl = arc(0.3, arch, 0.28, arch, 190, 380)
    radius = curl / 2
    diagonal = line(tuple(bowl[-1]), (0.04, 1.0 - radius))
    loop = arc(0.04 + radius, 1.0 - radius, radius, radius, 180, -150, 16)  # Down, right, up, and back over.
    return [np.concatenate([bowl, diagonal[1:], loop[1:], line(tuple(loop[-1]), (0.06, 1.0), (tail, 1.0))[1:]])]


def three_round(top=0.48, overlap=0.0):
    """Two bowls meeting in the middle; `top` is the upper bowl's share of the height."""
    upper = arc(0.28, top / 2, 0.27, top / 2, 200, 450)
    lower = arc(0.28, top + (1 - top) / 2, 0.3, (1 - top) / 2, -90 - overlap, 160)
    return [np.concatenate([upper, lower])]


def three_flat(top=0.42):
    """A flat top and a diagonal down to the middle, then one bowl (the German and Scandinavian 3)."""
    lower = arc(0.28, top + (1 - top) / 2, 0.3, (1 - top) / 2, -80, 160)
    return [line((0.02, 0.0), (0.58, 0.0), (0.22, top)), lower]


def four_closed(cross=0.66, stem=0.45, beyond=0.12):
    """A closed triangle: from the stem's top down to the left, across, and the stem down through it."""
    return [line((stem, 0.0), (0.0, cross), (stem + beyond, cross)), line((stem, 0.0), (stem, 1.0))]


def four_open(cross=0.58, stem=0.48, beyond=0.12, left_slant=0.05, stem_top=0.0):
    """An open top: a down stroke on the left turning right, and the stem apart from it."""
    return [line((0.04 + left_slant, 0.0), (0.02, cross), (stem + beyond, cross)),
            line((stem, stem_top), (stem, 1.0))]


def five_hat(belly=0.58, hat=0.55, waist=0.42):
    """A short down stroke, a round belly, and the flat hat drawn last."""
    body = np.concatenate([line((0.06, 0.0), (0.04, waist))[:-1],
                           arc(0.04 + belly / 2, waist + (1 - waist) / 2, belly / 2, (1 - waist) / 2, -150, 150)])
    return [body, line((0.06, 0.0), (0.06 + hat, -0.01))]


def six_curved(bowl=0.56, closed=360.0):
    """A stem curving down from the top right into a loop at the bottom."""
    radius = bowl / 2
    stem = arc(0.6, 1.0 - radius, 0.58, 1.0 - radius, -100, -180, 16)
    ring = arc(0.3, 1.0 - radius, 0.28, radius, 180, 180 - closed, 36)
    return [np.concatenate([stem, ring[1:]])]


def six_straight(bowl=0.56, closed=360.0):
    """A straight stem slanting down to a loop at the bottom."""
    radius = bowl / 2
    ring = arc(0.3, 1.0 - radius, 0.28, radius, 180, 180 - closed, 36)
    return [np.concatenate([line((0.5, 0.0), tuple(ring[0]))[:-1], ring])]


def seven_plain(bend=0.0, foot=0.2):
    """A top bar and a straight (or bent) stem down to `foot` from the left."""
    return [line((0.0, 0.0), (0.6, 0.0), (0.42 - bend, 0.5), (foot, 1.0))]


def seven_crossed(bend=0.0, foot=0.2, bar=0.2):
    """A 7 with a bar across its stem, as most of Europe writes it."""
    middle = (0.42 - bend + foot) / 2 + 0.08
    return [*seven_plain(bend, foot), line((middle - bar, 0.52), (middle + bar, 0.5))]


def seven_serif(bend=0.0, foot=0.2, serif=0.14):
    """A 7 whose bar starts with a small downward tick on the left."""
    return [line((0.0, serif), (0.02, 0.0), (0.6, 0.0), (0.42 - bend, 0.5), (foot, 1.0))]


def eight_circles(top=0.45, top_width=0.46):
    """Two stacked closed circles; `top` is the upper one's share of the height."""
    return [arc(0.3, top / 2, top_width / 2, top / 2, 0, 360),
            arc(0.3, top + (1 - top) / 2, 0.3, (1 - top) / 2, 0, 360)]


def eight_one_loop(top=0.45, top_width=0.4):
    """One stroke: an S down from the top right, then back up through the crossing (a figure of eight)."""
    turn = np.linspace(0.0, 2.0 * math.pi, 96)
    height = (1.0 - np.cos(turn)) / 2.0  # 0 at the top, 1 at the bottom, back to 0.
    y = np.where(height < 0.5, height * 2.0 * top, top + (height - 0.5) * 2.0 * (1.0 - top))
    half_width = np.where(y < top, top_width / 2, 0.3)
    x = 0.3 + half_width * np.sin(2.0 * turn)
    return [np.stack([x, y], axis=1)]


def nine_straight(head=0.46, closed=360.0, lean=0.0):
    """A round head and a straight stem down its right side."""
    ring = arc(0.3, head / 2, 0.28, head / 2, 0, -closed, 36)
    return [ring, line((0.58, head / 2), (0.58 - lean, 1.0))]


def nine_curved(head=0.46, closed=360.0, hook=0.2):
    """A round head and a stem that curves back to the left at the bottom."""
    ring = arc(0.3, head / 2, 0.28, head / 2, 0, -closed, 36)
    stem = np.concatenate([line((0.58, head / 2), (0.56, 0.8))[:-1],
                           arc(0.56 - hook, 0.8, hook, 0.2, 0, 120, 12)])
    return [ring, stem]


VARIANTS = {
    0: {"oval": zero_oval},
    1: {"stem": one_stem, "flag": one_flag, "flag_base": one_flag_base},
    2: {"plain": two_plain, "looped": two_looped},
    3: {"round": three_round, "flat": three_flat},
    4: {"closed": four_closed, "open": four_open},
    5: {"hat": five_hat},
    6: {"curved": six_curved, "straight": six_straight},
    7: {"plain": seven_plain, "crossed": seven_crossed, "serif": seven_serif},
    8: {"circles": eight_circles, "one_loop": eight_one_loop},
    9: {"straight": nine_straight, "curved": nine_curved},
}

# Each parameter's range over all hands; a hand narrows it to its own habit.
PARAMETERS = {
    "width": (0.4, 0.75), "overlap": (-15.0, 25.0), "lean": (-0.08, 0.12), "flag": (0.12, 0.5),
    "flag_angle": (25.0, 65.0), "base": (0.1, 0.28), "top": (0.36, 0.52), "neck": (-0.1, 0.1), "tail": (0.45, 0.65),
    "arch": (0.2, 0.32), "curl": (0.12, 0.22), "waist": (0.36, 0.5), "bowl": (0.45, 0.65),
    "cross": (0.5, 0.72), "stem": (0.36, 0.52), "beyond": (0.0, 0.18), "left_slant": (0.0, 0.22),
    "stem_top": (0.0, 0.3), "belly": (0.5, 0.65), "hat": (0.4, 0.6), "closed": (300.0, 370.0),
    "bend": (-0.06, 0.1), "foot": (0.05, 0.3), "bar": (0.14, 0.26), "serif": (0.08, 0.2),
    "top_width": (0.28, 0.5), "head": (0.38, 0.56), "hook": (0.1, 0.25),
}


@dataclass(frozen=True)
class Hand:
    """One writer's habits: the shape of each digit (name in VARIANTS, or several to pick from), parameter
    values they keep to, and how they slant and how wide they write."""
    name: str
    shapes: dict
    habits: dict = field(default_factory=dict)  # parameter -> (low, high), inside PARAMETERS' range
    slant: tuple = (-0.05, 0.15)  # shear: positive leans the top to the right
    width: tuple = (0.85, 1.15)


# School scripts, as their teachers draw them; several hands per script differ in their habits.
TRAINING_HANDS = (
    Hand("US print", {1: "stem", 4: "open", 7: "plain", 9: "straight", 8: "one_loop", 2: "plain", 3: "round"}),
    Hand("US cursive-influenced", {1: ("stem", "flag"), 4: "closed", 7: "plain", 9: "curved", 8: "circles",
                                   2: "looped", 3: "round"},
         habits={"flag": (0.12, 0.22)}, slant=(0.1, 0.3)),
    Hand("UK", {1: ("stem", "flag"), 4: "closed", 7: ("plain", "crossed"), 9: "straight", 8: "circles",
                2: "plain", 3: "round"}, habits={"flag": (0.15, 0.3)}),
    Hand("German", {1: "flag", 4: "open", 7: "crossed", 9: "curved", 8: "one_loop", 2: "plain", 3: "flat"},
         habits={"flag": (0.3, 0.5), "flag_angle": (25.0, 45.0)}, slant=(0.05, 0.2)),
    Hand("French", {1: "flag", 4: "open", 7: "crossed", 9: "curved", 8: "circles", 2: "looped", 3: "round"},
         habits={"flag": (0.35, 0.5), "flag_angle": (35.0, 60.0), "curl": (0.16, 0.22)}, slant=(0.1, 0.25)),
    Hand("Italian", {1: ("flag", "flag_base"), 4: "closed", 7: ("crossed", "serif"), 9: "straight", 8: "one_loop",
                     2: "looped", 3: "round"}, habits={"flag": (0.2, 0.4)}),
    Hand("Scandinavian", {1: "flag", 4: "open", 7: "crossed", 9: "straight", 8: "circles", 2: "plain",
                          3: "flat"}, habits={"flag": (0.25, 0.45), "lean": (-0.02, 0.04)}, slant=(-0.05, 0.05)),
    Hand("Japanese", {1: ("stem", "flag_base"), 4: "open", 7: "serif", 9: "straight", 8: "one_loop", 2: "plain",
                      3: "round"}, habits={"flag": (0.12, 0.25), "width": (0.5, 0.7)}, slant=(-0.05, 0.05)),
    Hand("Chinese", {1: "stem", 4: ("open", "closed"), 7: "serif", 9: "straight", 8: "circles", 2: "plain",
                     3: "round", 6: "straight"}, width=(0.8, 1.0)),
    Hand("Indian", {1: ("flag", "flag_base"), 4: "closed", 7: "plain", 9: "curved", 8: "one_loop", 2: "looped",
                    3: "round", 6: "curved"}, habits={"flag": (0.2, 0.45)}, slant=(0.0, 0.2)),
)
HELD_OUT_HANDS = (
    Hand("Spanish", {1: "flag", 4: "closed", 7: "crossed", 9: "curved", 8: "one_loop", 2: "looped", 3: "round"},
         habits={"flag": (0.3, 0.48), "flag_angle": (30.0, 50.0), "top": (0.4, 0.45), "top_width": (0.3, 0.38)},
         slant=(0.15, 0.3)),
    Hand("Brazilian", {1: ("flag", "flag_base"), 4: "open", 7: ("crossed", "plain"), 9: "straight",
                       8: "circles", 2: "plain", 3: "flat"}, habits={"flag": (0.2, 0.35), "left_slant": (0.1, 0.22)},
         width=(0.9, 1.25)),
    Hand("Dutch", {1: "flag", 4: "open", 7: "serif", 9: ("straight", "curved"), 8: "one_loop", 2: "plain",
                   3: "round"}, habits={"flag": (0.25, 0.45), "closed": (310.0, 340.0)}, slant=(-0.1, 0.05)),
    Hand("Korean", {1: ("stem", "flag"), 4: "closed", 7: "plain", 9: "straight", 8: "circles", 2: "looped",
                    3: "flat"}, habits={"flag": (0.12, 0.25)}, width=(0.7, 0.95)),
)
HANDS = {hand.name: hand for hand in TRAINING_HANDS + HELD_OUT_HANDS}
SPLITS = {"training": TRAINING_HANDS, "held-out": HELD_OUT_HANDS}
ALL_DIGITS = tuple(range(10))
# How often a training drawing forgets each of its hand's habits; held-out hands keep theirs.
TRAINING_STRAY = 0.3
STRAY = {"training": TRAINING_STRAY, "held-out": 0.0}
# Where a straying writer's slant and width come from: the span of the training hands' own.
TRAINING_SLANTS = (min(hand.slant[0] for hand in TRAINING_HANDS), max(hand.slant[1] for hand in TRAINING_HANDS))
TRAINING_WIDTHS = (min(hand.width[0] for hand in TRAINING_HANDS), max(hand.width[1] for hand in TRAINING_HANDS))
# How far a drawn point strays from the hand's path: jitter, and a slow wobble along each stroke.
JITTER = 0.008
WOBBLE = 0.025


def handwritten_digit(digit: int, hand: Hand, generator: np.random.Generator, stray: float = 0.0) -> list[np.ndarray]:
    """One drawing of `digit` (0-9) in `hand`: its strokes, (n, 2) points each, x right and y down.

    With `stray` > 0, each habit is forgotten with that chance (see TRAINING_STRAY); 0 draws no extra numbers."""
    if digit not in VARIANTS:
        raise ValueError(f"digit must be 0-9, got {digit!r}")
    if not 0.0 <= stray <= 1.0:
        raise ValueError(f"stray must be between 0 and 1, got {stray!r}")

    def habit(own, shared):
        return shared if stray and generator.uniform() < stray else own

    choices = habit(hand.shapes.get(digit), None) or tuple(VARIANTS[digit])
    choices = (choices,) if isinstance(choices, str) else choices
    builder = VARIANTS[digit][choices[generator.integers(len(choices))]]
    names = builder.__code__.co_varnames[: builder.__code__.co_argcount]
    arguments = {name: float(generator.uniform(*habit(hand.habits.get(name, PARAMETERS[name]), PARAMETERS[name])))
                 for name in names}
    strokes = builder(**arguments)
    slant = generator.uniform(*habit(hand.slant, TRAINING_SLANTS))
    stretch = generator.uniform(*habit(hand.width, TRAINING_WIDTHS))
    return as_written(strokes, slant, stretch, generator)


def as_written(strokes: list[np.ndarray], slant: float, stretch: float,
               generator: np.random.Generator) -> list[np.ndarray]:
    """Ideal strokes ((n, 2) points each, baseline at y = 1) -> the same slanted, stretched in width and drawn
    by a moving pen: a slow wobble along each stroke and a little jitter at each point."""
    transform = np.array([[stretch, -slant], [0.0, 1.0]])  # Shear about the baseline: tops lean right.
    drawn = []
    for stroke in strokes:
        along = np.linspace(0.0, 1.0, len(stroke))[:, None]
        wobble = sum(generator.normal(0, WOBBLE / 2, 2) * np.sin(2 * math.pi * (frequency * along
                                                                                + generator.uniform()))
                     for frequency in (0.5, 1.0))
        points = (stroke - [0.0, 1.0]) @ transform.T + [0.0, 1.0]
        drawn.append(points + wobble + generator.normal(0, JITTER, stroke.shape))
    return drawn


def handwritten_set(split: str, count: int, seed: int, digits: tuple[int, ...] = ALL_DIGITS):
    """Yield (digit, hand, strokes) for `count` drawings of the split's hands ("training" or "held-out"),
    digits taken in turn from `digits` (one listed twice is written twice as often) and hands in turn, so each
    digit is written equally often by each hand; training's stray."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {tuple(SPLITS)}, got {split!r}")
    if not digits or not set(digits) <= set(ALL_DIGITS):
        raise ValueError(f"digits must be digits 0-9, got {digits!r}")
    hands = SPLITS[split]
    generator = np.random.default_rng(seed)
    for index in range(count):
        digit = digits[index % len(digits)]
        hand = hands[(index // len(digits)) % len(hands)]
        yield digit, hand, handwritten_digit(digit, hand, generator, STRAY[split])


def handwritten_digits(split: str, count: int, seed: int,
                       digits: tuple[int, ...] = ALL_DIGITS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`count` drawings of the split's hands (digits in turn from `digits`, as handwritten_set), each drawn with a random pen on a training-sized canvas and read
    through to_mnist -> uint8 (count, 28, 28) digits, uint8 (count,) labels and (count,) hand names."""
    generator = np.random.default_rng(seed + 1)  # The pens: apart from the strokes' generator.
    images = np.empty((count, config.IMAGE_SIZE, config.IMAGE_SIZE), np.uint8)
    labels = np.empty(count, np.uint8)
    hands = np.empty(count, object)
    for index, (digit, hand, strokes) in enumerate(handwritten_set(split, count, seed, digits)):
        pen = Pen.random(generator, canvas=int(generator.integers(TRAINING_CANVAS[0], TRAINING_CANVAS[1] + 1)))
        images[index] = to_mnist_uint8(render(strokes, pen))
        labels[index], hands[index] = digit, hand.name
    return images, labels, hands

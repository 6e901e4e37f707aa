"""Non-digits: letters of three scripts, doodles and scribbles, drawn as pen strokes, for the network to stay unsure on.

Softmax hands all its probability to the ten digits, whatever it is shown: trained
on digits alone, the network reads a capital A as a confident 4. Training also
shows it drawings that are not digits with the target "no digit more than another"
(every probability 0.1; outlier exposure), so that its answer on a letter or a
doodle spreads out, and `cnn.inference` can say "not a digit" from the answer alone.

The shapes are ours, drawn as strokes in a box about 0.6 wide and 1.0 tall (x right,
y down), like cnn.handwriting's digits, and written by a random hand (slant, width,
wobble) with a random pen. Letters that people write like a digit (O, I, l, S, Z, B,
b, G, g, q, D; Greek beta and delta; Cyrillic Ze, Che, Be) are left out: a 0 and an O
are the same drawing.

Each kind is split once and for all: training learns from `TRAINING_SHAPES`, nearly
all of them, and a few shapes of each kind (`HELD_OUT_SHAPES`) are never trained on,
so their figures measure how well "not a digit" carries to shapes the network never
met. How well it carries to another writer's letters is measured on held-out styles
(benchmarks.not_a_digit: letters typed in fonts training never used). A third split,
"training with allographs", adds print's other forms of a few trained letters
(`ALLOGRAPHS`), and six letters people write like a digit in the forms print draws apart from one (B, D, G, S,
Z, sigma; run 38): a training option (`python -m cnn.train --allographs`), not the shipped recipe.
"""

import math

import numpy as np

from cnn import config
from cnn.handwriting import (TRAINING_HANDS, TRAINING_SLANTS, TRAINING_STRAY, TRAINING_WIDTHS, arc, as_written,
                             handwritten_digit, line)
from cnn.preprocess import to_mnist_uint8
from cnn.redraw import TRAINING_CANVAS, Pen, render

# The kinds measured on held-out shapes; training also learns from symbols and from digits turned or mirrored.
KINDS = ("latin", "other scripts", "doodles")
TRAINING_KINDS = (*KINDS, "symbols", "turned digits")
# Kinds whose builders draw a new variant each time: they take the random generator.
GENERATED_KINDS = ("doodles", "turned digits")


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
    "Q": lambda: [arc(0.32, 0.45, 0.32, 0.45, -90, 270, 48), line((0.35, 0.7), (0.65, 1.05))],
    "j": lambda: [np.concatenate([line((0.35, 0.4), (0.35, 1.05)), arc(0.2, 1.05, 0.15, 0.15, 0, 160)]),
                  _dot(0.35, 0.15)],
    "x": lambda: [line((0.0, 0.4), (0.5, 1.0)), line((0.5, 0.4), (0.0, 1.0))],
    "J": lambda: [np.concatenate([line((0.5, 0.0), (0.5, 0.72)), arc(0.27, 0.72, 0.23, 0.28, 0, 180)])],
    "J with a bar": lambda: [line((0.2, 0.0), (0.7, 0.0)),
                             np.concatenate([line((0.5, 0.0), (0.5, 0.8)), arc(0.3, 0.8, 0.2, 0.2, 0, 160)])],
    "p": lambda: [line((0.0, 0.4), (0.0, 1.3)), _bowl(0.4, 0.85)],
    "a in two storeys": lambda: [np.concatenate([arc(0.27, 0.3, 0.22, 0.2, 200, 360), line((0.49, 0.3), (0.49, 1.0))]),
                                 arc(0.26, 0.76, 0.23, 0.22, -40, -300)],
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
    # Beyond the 26 (held out): ae, L with a stroke, capital thorn, eng.
    "ae": lambda: [arc(0.2, 0.7, 0.2, 0.3, -20, -340), np.concatenate([line((0.4, 0.4), (0.4, 0.7), (0.8, 0.7)),
                                                                       arc(0.6, 0.7, 0.2, 0.3, 0, -310)])],
    "L with a stroke": lambda: [line((0.1, 0.0), (0.1, 1.0), (0.6, 1.0)), line((0.0, 0.62), (0.3, 0.42))],
    "thorn": lambda: [line((0.0, 0.0), (0.0, 1.0)), _bowl(0.22, 0.72)],
    "eng": lambda: [line((0.0, 0.4), (0.0, 1.0)),
                    np.concatenate([arc(0.25, 0.65, 0.25, 0.22, 180, 360), line((0.5, 0.65), (0.5, 1.15)),
                                    arc(0.35, 1.15, 0.15, 0.15, 0, 150)])],
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
    "Shcha": lambda: [line((0.0, 0.0), (0.0, 0.88), (0.8, 0.88), (0.8, 0.0)), line((0.4, 0.0), (0.4, 0.88)),
                      line((0.8, 0.88), (0.9, 0.88), (0.9, 1.1))],
    "Yo": lambda: [line((0.55, 0.1), (0.0, 0.1), (0.0, 1.0), (0.55, 1.0)), line((0.0, 0.55), (0.42, 0.55)),
                   _dot(0.15, -0.05), _dot(0.4, -0.05)],
    "kappa": lambda: [line((0.0, 0.4), (0.0, 1.0)), line((0.45, 0.4), (0.0, 0.72), (0.5, 1.0))],
    "tau": lambda: [line((0.0, 0.4), (0.6, 0.4)), line((0.3, 0.4), (0.3, 0.9), (0.45, 1.0))],
    # Hebrew: alef, he, shin, tav.
    "alef": lambda: [line((0.0, 0.0), (0.6, 1.0)), line((0.55, 0.0), (0.5, 0.45)), line((0.05, 1.0), (0.15, 0.5))],
    "he": lambda: [line((0.0, 0.05), (0.6, 0.05), (0.6, 1.0)), line((0.1, 0.4), (0.1, 1.0))],
    "shin": lambda: [np.concatenate([line((0.0, 0.0), (0.05, 0.85)), arc(0.35, 0.85, 0.3, 0.15, 180, 90),
                                     arc(0.35, 0.85, 0.3, 0.15, 90, 0), line((0.65, 0.85), (0.7, 0.0))]),
                     line((0.35, 0.0), (0.25, 0.6))],
    "tav": lambda: [line((0.0, 0.05), (0.55, 0.05), (0.55, 1.0)), line((0.15, 0.05), (0.15, 1.0), (0.0, 1.0))],
    # Devanagari: ka, under its headline.
    "ka": lambda: [line((0.0, 0.0), (0.9, 0.0)), line((0.45, 0.0), (0.45, 1.0)),
                   arc(0.27, 0.5, 0.18, 0.18, 0, 360), arc(0.62, 0.5, 0.17, 0.2, 180, 60)],
    # Japanese and Chinese: hito, dai, yama, ki, sa, moku.
    "hito": lambda: [line((0.45, 0.0), (0.4, 0.5), (0.0, 1.0)), line((0.4, 0.5), (0.8, 1.0))],
    "dai": lambda: [line((0.0, 0.3), (0.9, 0.3)), line((0.45, 0.0), (0.4, 0.55), (0.0, 1.0)), line((0.45, 0.5), (0.9, 1.0))],
    "yama": lambda: [line((0.4, 0.0), (0.4, 1.0)), line((0.0, 0.35), (0.0, 1.0), (0.8, 1.0), (0.8, 0.35))],
    "ki": lambda: [line((0.0, 0.3), (0.7, 0.25)), line((0.0, 0.6), (0.75, 0.55)), line((0.3, 0.0), (0.45, 1.0))],
    "sa": lambda: [line((0.0, 0.35), (0.9, 0.35)), line((0.25, 0.0), (0.25, 0.6)),
                   np.concatenate([line((0.65, 0.0), (0.65, 0.6)), arc(0.35, 0.6, 0.3, 0.4, 0, 90)])],
    "moku": lambda: [line((0.0, 0.3), (0.9, 0.3)), line((0.45, 0.0), (0.45, 1.0)), line((0.45, 0.35), (0.0, 0.85)),
                     line((0.45, 0.35), (0.9, 0.85))],
    "Delta": lambda: [line((0.3, 0.0), (0.0, 1.0), (0.6, 1.0), (0.3, 0.0))],
    "Theta": lambda: [arc(0.3, 0.5, 0.3, 0.5, -90, 270), line((0.15, 0.5), (0.45, 0.5))],
    "gamma": lambda: [line((0.0, 0.3), (0.3, 0.9)),
                      np.concatenate([line((0.6, 0.3), (0.3, 0.9)), arc(0.3, 1.05, 0.08, 0.15, -90, 270, 16)])],
    "nu": lambda: [np.concatenate([line((0.0, 0.3), (0.25, 1.0)), arc(0.25, 0.3, 0.35, 0.7, 90, 0)])],
    "upsilon": lambda: [np.concatenate([line((0.0, 0.45), (0.05, 0.4), (0.1, 0.7)), arc(0.35, 0.7, 0.25, 0.3, 180, 0),
                                        line((0.6, 0.7), (0.62, 0.4))])],
    "Hard sign": lambda: [line((0.0, 0.0), (0.2, 0.0), (0.2, 1.0)), _bowl(0.45, 1.0, left=0.2, reach=0.35)],
    "rho": lambda: [np.concatenate([line((0.0, 1.3), (0.0, 0.6)), arc(0.25, 0.6, 0.25, 0.28, 180, 540)])],
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
    "phi": lambda: [np.concatenate([line((0.2, 0.35), (0.05, 0.55)), arc(0.35, 0.62, 0.3, 0.27, 160, -160)]),
                    line((0.38, 0.25), (0.32, 1.3))],
    "chi": lambda: [np.concatenate([arc(0.05, 0.4, 0.07, 0.07, 180, 330, 8), line((0.1, 0.36), (0.6, 1.3))]),
                    line((0.6, 0.35), (0.0, 1.3))],
    "psi": lambda: [np.concatenate([line((0.0, 0.3), (0.05, 0.6)), arc(0.35, 0.6, 0.3, 0.35, 180, 0)[1:],
                                    line((0.65, 0.6), (0.7, 0.3))[1:]]), line((0.4, 0.0), (0.33, 1.3))],
    "de": lambda: [line((0.1, 1.0), (0.2, 0.4), (0.5, 0.4), (0.5, 1.0)),
                   line((0.0, 1.25), (0.0, 1.0), (0.6, 1.0), (0.6, 1.25))],
    "ef": lambda: [arc(0.35, 0.65, 0.33, 0.3, 0, 360), line((0.35, 0.0), (0.35, 1.3))],
    # Korean (held out): hieut, bieup, pieup, chieut.
    "hieut": lambda: [line((0.4, -0.05), (0.4, 0.12)), line((0.05, 0.22), (0.75, 0.22)),
                      arc(0.4, 0.66, 0.27, 0.27, 0, 360)],
    "bieup": lambda: [line((0.0, 0.0), (0.0, 1.0), (0.6, 1.0), (0.6, 0.0)), line((0.0, 0.45), (0.6, 0.45))],
    "pieup": lambda: [line((0.0, 0.1), (0.8, 0.1)), line((0.25, 0.1), (0.2, 0.9)), line((0.55, 0.1), (0.6, 0.9)),
                      line((0.0, 0.9), (0.8, 0.9))],
    "chieut": lambda: [line((0.4, -0.05), (0.4, 0.12)), line((0.05, 0.25), (0.75, 0.25)),
                       line((0.4, 0.25), (0.0, 1.0)), line((0.4, 0.45), (0.8, 1.0))],
}

# --- Other forms of trained letters (allographs; a training option, `python -m cnn.train --allographs`) ---------
# A letter is told because training knows it (run 31 in docs/not-a-digit.md); in a form training lacks, the same
# letter passes for a digit: a printed two-storey a for a 2, a J with a serif for a 1, a round Theta for a 0. These
# are the forms print gives the letters typed fonts miss most.

ALLOGRAPHS = {
    "latin": {
        "A with a flat top": lambda: [line((0.0, 1.0), (0.24, 0.0), (0.4, 0.0), (0.64, 1.0)),
                                      line((0.12, 0.66), (0.52, 0.66))],
        "A with feet": lambda: [line((0.05, 1.0), (0.35, 0.0), (0.65, 1.0)), line((0.17, 0.62), (0.53, 0.62)),
                                line((-0.05, 1.0), (0.17, 1.0)), line((0.52, 1.0), (0.75, 1.0))],
        "a with a tail": lambda: [np.concatenate([arc(0.27, 0.3, 0.22, 0.22, 200, 360),
                                                  line((0.49, 0.3), (0.49, 0.9), (0.58, 1.0))]),
                                  np.concatenate([line((0.49, 0.55), (0.22, 0.58)),
                                                  arc(0.24, 0.78, 0.22, 0.2, 265, 90),
                                                  line((0.24, 0.98), (0.49, 0.86))])],
        "J with a serif": lambda: [line((0.15, 0.0), (0.5, 0.0)),
                                   np.concatenate([line((0.4, 0.0), (0.4, 0.85)), arc(0.25, 0.85, 0.15, 0.15, 0, 170)])],
        "J with a short hook": lambda: [np.concatenate([line((0.4, 0.0), (0.4, 0.88)),
                                                        arc(0.28, 0.88, 0.12, 0.12, 0, 180)])],
        "j with a serif": lambda: [line((0.18, 0.42), (0.38, 0.4)),
                                   np.concatenate([line((0.38, 0.4), (0.38, 1.15)),
                                                   arc(0.24, 1.15, 0.14, 0.14, 0, 170)]),
                                   _dot(0.38, 0.15)],
        # Letters people write like a digit that print draws apart from one: a stem where an 8 or a 0 has a
        # curve, a bar inside a 6, an S with no corner where a 5 has one, a Z's flat top and sharp corners.
        "B": lambda: [line((0.0, 0.0), (0.0, 1.0)), _bowl(0.0, 0.47, reach=0.3), _bowl(0.47, 1.0, reach=0.36)],
        "D": lambda: [line((0.0, 0.0), (0.0, 1.0)), _bowl(0.0, 1.0, reach=0.55)],
        "G": lambda: [np.concatenate([arc(0.32, 0.5, 0.32, 0.5, -40, -340), line((0.62, 0.67), (0.62, 0.55),
                                                                                (0.36, 0.55))])],
        "S": lambda: [np.concatenate([arc(0.3, 0.26, 0.28, 0.24, -20, -270),
                                      arc(0.3, 0.74, 0.3, 0.26, -90, 160)[1:]])],
        "Z": lambda: [line((0.0, 0.0), (0.6, 0.0), (0.0, 1.0), (0.6, 1.0))],
    },
    "other scripts": {
        "Theta round": lambda: [arc(0.4, 0.5, 0.4, 0.5, -90, 270), line((0.22, 0.5), (0.58, 0.5)),
                                line((0.22, 0.42), (0.22, 0.58)), line((0.58, 0.42), (0.58, 0.58))],
        "Hard sign with a wide bowl": lambda: [line((0.0, 0.0), (0.22, 0.0), (0.22, 1.0)),
                                               _bowl(0.42, 1.0, left=0.22, reach=0.5)],
        "sigma": lambda: [np.concatenate([line((0.75, 0.4), (0.3, 0.4)), arc(0.3, 0.7, 0.28, 0.3, -90, 270)])],
    },
}

# --- Symbols (training only: every one is a shape the network learns is no digit) ----------------

SYMBOLS = {
    "ampersand": lambda: [np.concatenate([line((0.7, 1.0), (0.1, 0.35)), arc(0.25, 0.2, 0.17, 0.2, 150, -150),
                                          line((0.1, 0.38), (0.0, 0.7)), arc(0.25, 0.75, 0.25, 0.25, 180, 60),
                                          line((0.35, 0.98), (0.7, 0.5))])],
    "at": lambda: [np.concatenate([arc(0.45, 0.55, 0.18, 0.22, 0, 360), line((0.63, 0.55), (0.68, 0.75)),
                                   arc(0.5, 0.55, 0.45, 0.45, 25, -300)])],
    "question": lambda: [np.concatenate([arc(0.3, 0.25, 0.3, 0.25, 180, 400), line((0.4, 0.5), (0.3, 0.75))]),
                         _dot(0.3, 1.0)],
    "percent": lambda: [line((0.7, 0.0), (0.0, 1.0)), arc(0.15, 0.15, 0.13, 0.15, 0, 360, 20),
                        arc(0.6, 0.85, 0.13, 0.15, 0, 360, 20)],
    "equals": lambda: [line((0.0, 0.35), (0.8, 0.35)), line((0.0, 0.65), (0.8, 0.65))],
    "asterisk": lambda: [line((0.4, 0.0), (0.4, 0.8)), line((0.05, 0.2), (0.75, 0.6)), line((0.05, 0.6), (0.75, 0.2))],
    "less": lambda: [line((0.7, 0.0), (0.0, 0.5), (0.7, 1.0))],
    "greater": lambda: [line((0.0, 0.0), (0.7, 0.5), (0.0, 1.0))],
    "tilde": lambda: [np.stack([np.linspace(0, 1, 40), 0.5 - 0.15 * np.sin(np.linspace(0, 2 * math.pi, 40))], axis=1)],
    "pound": lambda: [np.concatenate([arc(0.45, 0.25, 0.2, 0.25, -20, -180), line((0.25, 0.25), (0.25, 0.9)),
                                      line((0.05, 1.0), (0.7, 1.0))]), line((0.0, 0.55), (0.5, 0.55))],
    "divide": lambda: [line((0.0, 0.5), (0.8, 0.5)), _dot(0.4, 0.2), _dot(0.4, 0.8)],
    "note": lambda: [line((0.45, 0.85), (0.45, 0.0), (0.75, 0.25)), arc(0.3, 0.85, 0.15, 0.12, 0, 360, 20),
                     arc(0.3, 0.85, 0.07, 0.05, 0, 360, 12)],
    "mars": lambda: [arc(0.35, 0.65, 0.35, 0.35, 0, 360), line((0.6, 0.4), (1.0, 0.0)), line((0.7, 0.0), (1.0, 0.0),
                                                                                         (1.0, 0.3))],
    "dagger": lambda: [line((0.35, 0.0), (0.35, 1.0)), line((0.0, 0.3), (0.7, 0.3))],
    "yen": lambda: [line((0.0, 0.0), (0.35, 0.5), (0.7, 0.0)), line((0.35, 0.5), (0.35, 1.0)),
                    line((0.05, 0.6), (0.65, 0.6)), line((0.05, 0.78), (0.65, 0.78))],
    "not equal": lambda: [line((0.0, 0.35), (0.8, 0.35)), line((0.0, 0.65), (0.8, 0.65)), line((0.6, 0.0), (0.2, 1.0))],
    "plus minus": lambda: [line((0.4, 0.0), (0.4, 0.7)), line((0.0, 0.35), (0.8, 0.35)), line((0.0, 1.0), (0.8, 1.0))],
}

# --- Digits turned or mirrored (training only) -----------------------------------------------------
# A digit mirrored, upside down or lying on its side is no digit; a network that has met only upright digits
# takes it for one (a mirrored 3 for a 3). Each turn leaves out the digits it makes into a digit, or nearly
# (looked at drawn): 0, 1 and 8 mirrored or upside down are themselves, a 3 upside down is a 3; a 2 or a 5
# mirrored, upside down, turned round or on its side reads as an S, a 2 or a 5; a 6 turned round or on its side
# is a 9 and a 9 a 6; a 7 on its left side is a 7 with a long bar; a 0 on its side is a 0.
TURNS = {
    "mirrored": (np.array([[-1.0, 0.0], [0.0, 1.0]]), (3, 4, 6, 7, 9)),
    "upside down": (np.array([[1.0, 0.0], [0.0, -1.0]]), (4, 6, 7, 9)),
    "turned round": (np.array([[-1.0, 0.0], [0.0, -1.0]]), (3, 4, 7)),
    "on its left side": (np.array([[0.0, 1.0], [-1.0, 0.0]]), (1, 3, 4, 8)),
    "on its right side": (np.array([[0.0, -1.0], [1.0, 0.0]]), (1, 3, 4, 7, 8)),
}


def _turned_digit(digit: int, turn: str):
    """A builder: `digit` in a random training hand, then turned."""
    def build(generator):
        hand = TRAINING_HANDS[generator.integers(len(TRAINING_HANDS))]
        strokes = handwritten_digit(digit, hand, generator, TRAINING_STRAY)
        points = np.concatenate(strokes)
        centre = (points.min(axis=0) + points.max(axis=0)) / 2
        return [(stroke - centre) @ TURNS[turn][0].T + 0.5 for stroke in strokes]
    return build


TURNED_DIGITS = {f"{digit} {turn}": _turned_digit(digit, turn) for turn, (_, digits) in TURNS.items()
                 for digit in digits}


# The same turns of a (rows, columns) image.
IMAGE_TURNS = {"mirrored": lambda image: image[:, ::-1], "upside down": lambda image: image[::-1],
               "turned round": lambda image: image[::-1, ::-1],
               "on its left side": lambda image: np.rot90(image, 1), "on its right side": lambda image: np.rot90(image, -1)}


def turned_images(digits: np.ndarray, labels: np.ndarray, seed: int) -> np.ndarray:
    """uint8 (N, 28, 28) MNIST digits with their (N,) labels -> uint8 (M, 28, 28): each digit that some turn of
    TURNS makes no digit, turned by one of those at random (M <= N: a 0, a 2 or a 5 has none)."""
    generator = np.random.default_rng(seed)
    turned = []
    for image, label in zip(digits, labels):
        turns = [turn for turn, (_, allowed) in TURNS.items() if label in allowed]
        if turns:
            turned.append(IMAGE_TURNS[turns[generator.integers(len(turns))]](image))
    return np.ascontiguousarray(np.array(turned, np.uint8).reshape(-1, *digits.shape[1:]))


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


def _umbrella(generator):
    return [np.concatenate([arc(0.5, 0.45, 0.5, 0.4, 180, 360), line((1.0, 0.45), (0.0, 0.45))]),
            np.concatenate([line((0.5, 0.45), (0.5, 0.9)), arc(0.4, 0.9, 0.1, 0.1, 0, 180, 12)])]


def _ladder(generator):
    rungs = int(generator.integers(3, 6))
    return [line((0.0, 0.0), (0.0, 1.0)), line((0.5, 0.0), (0.5, 1.0)),
            *(line((0.0, y), (0.5, y)) for y in np.linspace(0.15, 0.85, rungs))]


def _envelope(generator):
    return [line((0.0, 0.2), (1.0, 0.2), (1.0, 0.8), (0.0, 0.8), (0.0, 0.2)), line((0.0, 0.2), (0.5, 0.55), (1.0, 0.2))]


def _eye(generator):
    return [np.concatenate([arc(0.5, 0.9, 0.6, 0.6, 215, 325, 24), arc(0.5, 0.1, 0.6, 0.6, 35, 145, 24)]),
            arc(0.5, 0.5, 0.14, 0.14, 0, 360, 16)]


def _boat(generator):
    return [line((0.0, 0.7), (1.0, 0.7), (0.8, 1.0), (0.2, 1.0), (0.0, 0.7)), line((0.5, 0.7), (0.5, 0.0), (0.85, 0.55),
                                                                                  (0.5, 0.55))]


def _crown(generator):
    return [line((0.0, 1.0), (0.0, 0.2), (0.25, 0.6), (0.5, 0.1), (0.75, 0.6), (1.0, 0.2), (1.0, 1.0), (0.0, 1.0))]


def _key(generator):
    return [arc(0.2, 0.5, 0.2, 0.2, 0, 360, 24), line((0.4, 0.5), (1.0, 0.5), (1.0, 0.7)), line((0.8, 0.5), (0.8, 0.68))]


def _glasses(generator):
    return [arc(0.2, 0.5, 0.2, 0.17, 0, 360, 24), arc(0.8, 0.5, 0.2, 0.17, 0, 360, 24),
            arc(0.5, 0.5, 0.1, 0.08, 180, 360, 8)]


def _diamond(generator):
    return [line((0.4, 0.0), (0.8, 0.5), (0.4, 1.0), (0.0, 0.5), (0.4, 0.0))]


def _house_outline(generator):
    return [line((0.0, 0.4), (0.0, 1.0), (0.8, 1.0), (0.8, 0.4), (0.4, 0.0), (0.0, 0.4))]


def _cup(generator):
    return [line((0.0, 0.2), (0.1, 1.0), (0.7, 1.0), (0.8, 0.2)), arc(0.8, 0.55, 0.18, 0.2, -90, 90, 16)]


def _flag(generator):
    return [line((0.0, 1.0), (0.0, 0.0)), line((0.0, 0.0), (0.7, 0.2), (0.0, 0.45))]


def _mushroom(generator):
    return [np.concatenate([arc(0.5, 0.45, 0.5, 0.4, 180, 360), line((1.0, 0.45), (0.0, 0.45))]),
            line((0.35, 0.45), (0.35, 1.0), (0.65, 1.0), (0.65, 0.45))]


def _kite(generator):
    return [line((0.4, 0.0), (0.8, 0.35), (0.4, 1.0), (0.0, 0.35), (0.4, 0.0)), line((0.4, 0.0), (0.4, 1.0)),
            line((0.0, 0.35), (0.8, 0.35))]


def _cat(generator):
    return [arc(0.5, 0.6, 0.4, 0.4, 0, 360), line((0.2, 0.33), (0.15, 0.0), (0.38, 0.22)),
            line((0.62, 0.22), (0.85, 0.0), (0.8, 0.33)), line((0.0, 0.65), (0.35, 0.7)), line((1.0, 0.65), (0.65, 0.7)),
            _dot(0.37, 0.5), _dot(0.63, 0.5)]


def _car(generator):
    return [line((0.0, 0.75), (0.0, 0.5), (0.2, 0.5), (0.3, 0.25), (0.7, 0.25), (0.8, 0.5), (1.0, 0.5), (1.0, 0.75),
                 (0.0, 0.75)), arc(0.25, 0.8, 0.1, 0.1, 0, 360, 16), arc(0.75, 0.8, 0.1, 0.1, 0, 360, 16)]


def _tick(generator):
    return [line((0.0, 0.55), (0.3, 1.0), (1.0, 0.0))]


def _bird(generator):
    return [np.concatenate([arc(0.25, 0.5, 0.25, 0.25, 180, 360), arc(0.75, 0.5, 0.25, 0.25, 180, 360)])]


def _rocket(generator):
    return [line((0.5, 0.0), (0.7, 0.3), (0.7, 0.8), (0.3, 0.8), (0.3, 0.3), (0.5, 0.0)),
            line((0.3, 0.6), (0.1, 0.9), (0.3, 0.8)), line((0.7, 0.6), (0.9, 0.9), (0.7, 0.8))]


def _round_tree(generator):
    """A leafy tree: a bumpy crown on a trunk (a smooth one would be a 9)."""
    angles = np.linspace(0, 2 * math.pi, 80)
    radius = 0.33 + 0.06 * np.cos(int(generator.integers(5, 9)) * angles)
    crown = np.stack([0.5 + radius * np.cos(angles), 0.38 + radius * np.sin(angles)], axis=1)
    return [crown, line((0.42, 0.7), (0.42, 1.0)), line((0.58, 0.7), (0.58, 1.0))]


def _stick_figure(generator):
    return [arc(0.5, 0.15, 0.15, 0.15, 0, 360, 20), line((0.5, 0.3), (0.5, 0.7)), line((0.15, 0.45), (0.85, 0.45)),
            line((0.2, 1.0), (0.5, 0.7), (0.8, 1.0))]


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


def _spade(generator):
    """A heart upside down, squeezed into the top four fifths, on a foot."""
    return [np.stack([stroke[:, 0], (1.0 - stroke[:, 1]) * 0.8], axis=1) for stroke in _heart(generator)] + [
        line((0.5, 0.75), (0.4, 1.0), (0.6, 1.0), (0.5, 0.75))]


def _anchor(generator):
    return [arc(0.5, 0.1, 0.1, 0.1, 0, 360, 16), line((0.5, 0.2), (0.5, 1.0)), line((0.25, 0.35), (0.75, 0.35)),
            np.concatenate([line((0.0, 0.6), (0.05, 0.75)), arc(0.5, 0.75, 0.45, 0.25, 180, 0), line((0.95, 0.75),
                                                                                                  (1.0, 0.6))])]


def _airplane(generator):
    return [line((0.5, 0.0), (0.58, 0.15), (0.58, 0.85), (0.5, 1.0), (0.42, 0.85), (0.42, 0.15), (0.5, 0.0)),
            line((0.42, 0.35), (0.0, 0.6), (0.42, 0.5)), line((0.58, 0.35), (1.0, 0.6), (0.58, 0.5)),
            line((0.42, 0.85), (0.3, 0.95)), line((0.58, 0.85), (0.7, 0.95))]


def _pencil(generator):
    return [line((0.0, 0.3), (0.75, 0.3), (1.0, 0.45), (0.75, 0.6), (0.0, 0.6), (0.0, 0.3)),
            line((0.75, 0.3), (0.75, 0.6)), line((0.15, 0.3), (0.15, 0.6))]


def _scissors(generator):
    return [line((0.0, 0.0), (0.65, 0.7)), line((1.0, 0.0), (0.35, 0.7)), arc(0.25, 0.82, 0.16, 0.16, 0, 360, 20),
            arc(0.75, 0.82, 0.16, 0.16, 0, 360, 20)]


def _hourglass(generator):
    return [line((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0), (0.0, 0.0))]


def _bow_tie(generator):
    return [line((0.0, 0.2), (0.0, 0.8), (1.0, 0.2), (1.0, 0.8), (0.0, 0.2))]


def _snowflake(generator):
    arms = []
    for angle in np.radians([90, 150, 210, 270, 330, 30]):
        tip = np.array([0.5 + 0.5 * math.cos(angle), 0.5 + 0.5 * math.sin(angle)])
        arms.append(line((0.5, 0.5), tuple(tip)))
        middle = 0.5 + (tip - 0.5) * 0.65
        across = np.array([-math.sin(angle), math.cos(angle)]) * 0.12
        arms.append(line(tuple(middle + across), tuple(middle + (tip - 0.5) * 0.25), tuple(middle - across)))
    return arms


def _butterfly(generator):
    return [line((0.5, 0.1), (0.5, 0.9)), arc(0.27, 0.33, 0.23, 0.2, 0, 360, 24), arc(0.73, 0.33, 0.23, 0.2, 0, 360, 24),
            arc(0.3, 0.72, 0.18, 0.16, 0, 360, 20), arc(0.7, 0.72, 0.18, 0.16, 0, 360, 20)]


def _candle(generator):
    return [line((0.3, 0.35), (0.3, 1.0), (0.7, 1.0), (0.7, 0.35), (0.3, 0.35)), line((0.5, 0.35), (0.5, 0.27)),
            np.concatenate([line((0.5, 0.0), (0.6, 0.15)), arc(0.5, 0.15, 0.1, 0.09, 0, 180, 12), line((0.4, 0.15),
                                                                                                     (0.5, 0.0))])]


def _bell(generator):
    return [np.concatenate([line((0.0, 0.85), (0.15, 0.7), (0.2, 0.3)), arc(0.5, 0.3, 0.3, 0.3, 180, 360),
                            line((0.8, 0.3), (0.85, 0.7), (1.0, 0.85), (0.0, 0.85))]),
            arc(0.5, 0.93, 0.07, 0.07, 0, 360, 12)]


DOODLES = {
    "star": _star, "heart": _heart, "house": _house, "tree": _tree, "spiral": _spiral, "plus": _plus,
    "arrow": _arrow, "triangle": _triangle, "sun": _sun, "scribble": _scribble, "cloud": _cloud,
    "umbrella": _umbrella, "ladder": _ladder, "envelope": _envelope, "eye": _eye, "boat": _boat, "crown": _crown,
    "key": _key, "glasses": _glasses, "diamond": _diamond, "house outline": _house_outline, "cup": _cup,
    "flag": _flag, "mushroom": _mushroom, "kite": _kite, "cat": _cat, "car": _car, "tick": _tick, "bird": _bird,
    "rocket": _rocket, "round tree": _round_tree, "stick figure": _stick_figure, "smiley": _smiley, "flower": _flower,
    "moon": _moon, "planet": _planet, "fish": _fish, "lightning": _lightning, "hash": _hash, "zigzag": _zigzag,
    "wave": _wave, "spade": _spade, "anchor": _anchor, "airplane": _airplane, "pencil": _pencil,
    "scissors": _scissors, "hourglass": _hourglass, "bow tie": _bow_tie, "snowflake": _snowflake,
    "butterfly": _butterfly, "candle": _candle, "bell": _bell,
}

# Held out, never trained: a few shapes of each kind from the alphabets and doodles training draws from, and shapes
# from beyond them (Latin-script letters outside the 26, a script training never met, Korean, and more doodles).
HELD_OUT_NAMES = {
    "latin": ("U", "u", "y", "k", "ae", "L with a stroke", "thorn", "eng"),
    "other scripts": ("Yu", "Short I", "eta", "hieut", "bieup", "pieup", "chieut"),
    "doodles": ("fish", "hash", "wave", "moon", "snowflake", "butterfly", "candle", "bell"),
}
_BUILDERS = {"latin": {**LATIN, **ALLOGRAPHS["latin"]},
             "other scripts": {**OTHER_SCRIPTS, **ALLOGRAPHS["other scripts"]},
             "doodles": DOODLES, "symbols": SYMBOLS, "turned digits": TURNED_DIGITS}
HELD_OUT_SHAPES = {kind: {name: _BUILDERS[kind][name] for name in names} for kind, names in HELD_OUT_NAMES.items()}
TRAINING_WITH_ALLOGRAPHS = {kind: {name: builder for name, builder in _BUILDERS[kind].items()
                                   if name not in HELD_OUT_NAMES.get(kind, ())} for kind in TRAINING_KINDS}
TRAINING_SHAPES = {kind: {name: builder for name, builder in shapes.items() if name not in ALLOGRAPHS.get(kind, {})}
                   for kind, shapes in TRAINING_WITH_ALLOGRAPHS.items()}
SPLITS = {"training": TRAINING_SHAPES, "held-out": HELD_OUT_SHAPES,
          "training with allographs": TRAINING_WITH_ALLOGRAPHS}
# How far a writer's hand varies a shape: the training hands' whole range of slants and widths, and a random turn.
TURN_DEGREES = 20


def shape_strokes(kind: str, name: str, generator: np.random.Generator) -> list[np.ndarray]:
    """The ideal strokes of one shape ("latin", "A"), each (n, 2) points, x right and y down."""
    builder = _BUILDERS[kind][name]
    return builder(generator) if kind in GENERATED_KINDS else builder()


def written_shape(kind: str, name: str, generator: np.random.Generator) -> list[np.ndarray]:
    """One drawing of a shape by a random hand: slanted, stretched, turned a little, drawn with a wobbling pen."""
    strokes = shape_strokes(kind, name, generator)
    angle = math.radians(generator.uniform(-TURN_DEGREES, TURN_DEGREES))
    turn = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    strokes = [(stroke - 0.5) @ turn.T + 0.5 for stroke in strokes]
    return as_written(strokes, generator.uniform(*TRAINING_SLANTS), generator.uniform(*TRAINING_WIDTHS), generator)


def nondigit_set(split: str, count: int, seed: int):
    """Yield (kind, name, strokes) for `count` drawings of the split's shapes (a name in SPLITS),
    kinds in turn and shapes of a kind at random."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {tuple(SPLITS)}, got {split!r}")
    generator = np.random.default_rng(seed)
    shapes = SPLITS[split]
    for index in range(count):
        kind = tuple(shapes)[index % len(shapes)]
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
        images[index] = to_mnist_uint8(render(strokes, pen))
        kinds[index], names[index] = kind, name
    return images, kinds, names

"""Numbers: how well the app reads numbers written in hands training never saw, by length.

    python -m benchmarks.written_numbers [--count 200] [--seed 7]

Numbers of 1-4 digits (and 8) are written in cnn.handwriting's held-out hands and in the
traced templates of benchmarks.drawings (neither trained on), digits placed side by side
at slightly different heights and sizes, some touching; drawn on the pad's canvas, with a
random pen, and photographed on paper (benchmarks.photos). It prints, per length, how many
are read exactly (all digits, in order, nothing extra), how many single digits stay one
digit, and the time a number takes against a single digit's.
"""

import argparse
import time

import numpy as np

from benchmarks.drawings import TEMPLATES
from cnn import strokes as pad_strokes
from cnn.handwriting import HELD_OUT_HANDS, handwritten_digit
from cnn.nondigits import nondigit_set
from cnn.redraw import Pen, render
from cnn.views import number_read

PAD_SIDE, PAD_PEN = 280, 20
# Where each digit goes: the gap to the previous one (a fraction of the height; negative gaps touch), and
# how far its height and baseline wander.
GAPS = (0.12, 0.5)
TOUCHING_GAP = -0.04
SIZE_WANDER = 0.12
BASELINE_WANDER = 0.1


def digit_strokes(digit: int, generator: np.random.Generator, source: str) -> list[np.ndarray]:
    """One digit's strokes in a held-out hand ("hands") or from a traced template ("traced"), height about 1."""
    if source == "hands":
        hand = HELD_OUT_HANDS[generator.integers(len(HELD_OUT_HANDS))]
        return handwritten_digit(digit, hand, generator)
    styles = TEMPLATES[digit]
    return [stroke + generator.normal(0, 0.01, stroke.shape) for stroke in styles[generator.integers(len(styles))]]


def number_strokes(digits: str, generator: np.random.Generator, source: str = "hands",
                   touching: bool = False) -> list[np.ndarray]:
    """A number's strokes, its digits side by side left to right (touching their neighbours if asked)."""
    placed, right = [], 0.0
    for position, character in enumerate(digits):
        strokes = digit_strokes(int(character), generator, source)
        size = 1.0 + generator.uniform(-SIZE_WANDER, SIZE_WANDER)
        lift = generator.uniform(-BASELINE_WANDER, BASELINE_WANDER)
        points = np.concatenate(strokes)
        left_edge = points[:, 0].min()
        gap = 0.0 if position == 0 else (TOUCHING_GAP if touching else generator.uniform(*GAPS))
        shifted = [np.stack([(stroke[:, 0] - left_edge) * size + right + gap, stroke[:, 1] * size + lift], axis=1)
                   for stroke in strokes]
        right = max(stroke[:, 0].max() for stroke in shifted)
        placed += shifted
    return placed


def pad_value(strokes: list[np.ndarray], seq: int = 1) -> dict:
    """Strokes -> the drawing pad's value, fitted into the pad with a margin, drawn with the pad's pen."""
    points = np.concatenate(strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    scale = 0.8 * PAD_SIDE / max(high - low)
    origin = (PAD_SIDE - (high - low) * scale) / 2
    return {"seq": seq, "side": PAD_SIDE, "pen": PAD_PEN,
            "strokes": [[[float(x), float(y), pad_strokes.NORMAL_PRESSURE] for x, y in (stroke - low) * scale + origin]
                        for stroke in strokes]}


def pad_drawings(count: int, seed: int) -> list[tuple[str, dict]]:
    """`count` drawings as the pad sends them, of every kind the page meets, in turn: single digits and numbers of
    2-4 digits in held-out hands and traced templates (one in ten numbers touching), letters and doodles training
    never saw (written "-"); pens from thin to fat, half of them with a stylus's pressure at every point, and one
    drawing in 25 with a dot beside its last stroke.
    -> [(what was written, pad value)]."""
    generator = np.random.default_rng(seed)
    shapes = nondigit_set("held-out", count, seed)
    drawings = []
    for index in range(count):
        kind = index % 10
        if kind >= 8:
            written, strokes = "-", next(shapes)[2]
        else:
            length = 1 if kind < 4 else int(generator.integers(2, 5))
            written = "".join(str(digit) for digit in generator.integers(0, 10, length))
            strokes = number_strokes(written, generator, "hands" if index % 3 else "traced", touching=kind == 7)
        value = pad_value(strokes, seq=index + 1)
        if index % 25 == 24:  # Now and then a dot of its own beside the last stroke: the pen touched and left.
            x, y, _ = value["strokes"][-1][-1]
            value["strokes"].append([[x + 12.0, y, pad_strokes.NORMAL_PRESSURE]])
        value["pen"] = float(generator.uniform(8, 36))
        if index % 2:
            for stroke in value["strokes"]:
                for point in stroke:
                    point[2] = float(generator.uniform(0.2, 1.0))
        drawings.append((written, value))
    return drawings


def drawn(strokes: list[np.ndarray], generator: np.random.Generator, surface: str):
    """Strokes -> what the app would be given: the pad's value ("pad") or a random pen's canvas ("canvas")."""
    if surface == "pad":
        return pad_value(strokes)
    return render(strokes, Pen.random(generator, rotation_degrees=generator.uniform(-4, 4),
                                      digit_height_fraction=generator.uniform(0.3, 0.8)))


def numbers(count: int, length: int, seed: int, source: str = "hands", surface: str = "pad",
            touching: bool = False):
    """Yield (the digits as a string, the drawing) for `count` random numbers of `length` digits."""
    generator = np.random.default_rng(seed)
    for _ in range(count):
        digits = "".join(str(digit) for digit in generator.integers(0, 10, length))
        yield digits, drawn(number_strokes(digits, generator, source, touching), generator, surface)


def read_as(reader, drawing) -> str:
    """The digits the reader finds in a drawing, as a string ('?' for a piece that is no digit; '' if refused)."""
    try:
        readings = reader.read_number(drawing)
    except ValueError:  # Nothing to read, or more than segment.MAXIMUM_DIGITS digits.
        return ""
    return number_read(readings)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="numbers of each length and kind")
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args(argv)
    import cnn
    from benchmarks.photos import photographed_number

    cnn.inference.use_one_thread_per_request()
    reader = cnn.DigitReader()
    print(f"{'kind':<34} {'length':>6} {'read exactly':>13} {'as many digits':>15}")
    kinds = [("held-out hands on the pad", "hands", "pad", False),
             ("traced templates on the pad", "traced", "pad", False),
             ("held-out hands, random pen", "hands", "canvas", False),
             ("held-out hands on the pad, touching", "hands", "pad", True),
             ("held-out hands, random pen, touching", "hands", "canvas", True)]
    for name, source, surface, touching in kinds:
        for length in (1, 2, 3, 4, 8):
            if touching and length == 1:
                continue
            answers = [(read_as(reader, drawing), digits) for digits, drawing in
                       numbers(arguments.count, length, arguments.seed + length, source, surface, touching)]
            exact = np.mean([answer == digits for answer, digits in answers])
            same_length = np.mean([len(answer) == length for answer, _ in answers])
            print(f"{name:<34} {length:>6} {exact:>13.1%} {same_length:>15.1%}")
    generator = np.random.default_rng(arguments.seed)
    for length in (1, 2, 3, 4):
        exact, same_length = [], []
        for index in range(arguments.count // 2):
            digits = "".join(str(digit) for digit in generator.integers(0, 10, length))
            picture = photographed_number(number_strokes(digits, generator), arguments.seed + index)
            answer = read_as(reader, picture)
            exact.append(answer == digits)
            same_length.append(len(answer) == length)
        print(f"{'held-out hands, photographed':<34} {length:>6} {np.mean(exact):>13.1%} {np.mean(same_length):>15.1%}")

    single, number = next(numbers(1, 1, arguments.seed))[1], next(numbers(1, 4, arguments.seed))[1]
    timings = {"one digit, read as one (the page before numbers)": lambda: reader.read(single),
               "one digit, read as a number": lambda: reader.read_number(single),
               "four digits, read as a number": lambda: reader.read_number(number)}
    medians = {}
    for label, call in timings.items():
        call()
        times = []
        for _ in range(50):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        medians[label] = float(np.median(times))
    floor = medians["one digit, read as one (the page before numbers)"]
    one_digit = medians["one digit, read as a number"]
    print("\ntime on the pad, median of 50 (against the old single-digit read; against one digit read as a number):")
    for label, median in medians.items():
        print(f"  {label:<50} {median * 1000:6.2f} ms  {median / floor:5.2f}x  {median / one_digit:5.2f}x")


if __name__ == "__main__":
    main()

"""Segment: split a number written on one line into one drawing (or one piece of ink) per digit, left to right.

Each piece is then read as a single digit is (`cnn.to_mnist`'s path). How:

1. The marks: on the drawing pad, its strokes' centre lines (a fat pen's digits that touch on the canvas are
   still apart there); in any other picture, the ink's separate marks (8-connected, on a copy at most
   MARKS_SIDE pixels on a side), read upright (slanted writing leans each digit over its neighbour's columns).
2. Marks whose columns overlap are one digit: the two strokes of a 4 or a 5, a flag or a base on a 1, a bar
   across a 7, an 8 of two circles, a loop left open. Small marks (a dot, a short tick) join the digit nearest
   them rather than make one of their own.
3. A digit much wider than tall is digits that touch: it is cut into as many digits as its width holds, each
   cut at the column with the least ink near where it would fall. One about as wide as two narrow digits that
   touch, or as one broad digit, is offered cut in two as well (`cuts_in_two`; on the pad, a digit of several
   strokes parted between them, `pad_cuts_in_two`), for the network to decide
   (`cnn.inference.DigitReader.read_number`).

It reads one line: digits written at slightly different heights and sizes are still one number, but a number
written on two lines is read as one line, left to right, and digits written one above another are one digit.
"""

from dataclasses import dataclass

import numpy as np

from cnn import strokes as pad_strokes
from cnn.photo import MARK_LEVEL, MARKS_SIDE, block_max, label_marks, sliding

MAXIMUM_DIGITS = 8
# Marks whose columns overlap by this fraction of the narrower one's width belong to one digit.
OVERLAP_FRACTION = 0.3
# A number's digits on the pad are inked with a pen at most this fraction of their height (the pad's own pen is
# about that for a digit as tall as the pad; MNIST's strokes are about a sixth of a digit's height).
PEN_FRACTION = 0.1
# Pad strokes whose centre lines come this close (a fraction of the pen's width) touch.
JOINED_DISTANCE = 0.4
DISTANCE_POINTS = 128
# A mark whose height and width are both under this fraction of the tallest mark's height is small: it joins
# the nearest digit.
SMALL_MARK = 0.3
# A digit is about this wide for its height (a 0 or a 4 in a broad hand is as wide as tall, a 1 far narrower);
# anything wider than TOUCHING_ASPECT times its height is digits that touch.
DIGIT_ASPECT = 0.7
TOUCHING_ASPECT = 1.25
# Two narrow digits that touch can be as narrow as this for their height, and one broad digit as wide as
# TOUCHING_ASPECT: in between, the piece is also offered cut in two at these fractions of its width.
MAYBE_TOUCHING_ASPECT = 0.8
CUT_FRACTIONS = (0.35, 0.42, 0.5, 0.58, 0.65)
# On the pad, widths are of the strokes' centre lines (no pen): a 1 touching a 2 can be as narrow as this.
PAD_MAYBE_TOUCHING_ASPECT = 0.55
# On the pad, a piece read as a digit with at least this probability is one digit, not two that touch: it is not
# cut (the pad is read ten times a second; a picture's pieces are all tried).
SURELY_ONE_DIGIT = 0.9
# Parts of a pad digit are two digits only if each is at least this fraction of the whole one's height.
SIDE_BY_SIDE_HEIGHT = 0.6
# A cut is looked for within this fraction of a digit's width either side of where it would fall.
CUT_WINDOW = 0.3
# In a photo, digits in one line are each at least this fraction of the tallest one's height.
LINE_HEIGHT = 0.4
# Slants tried when reading marks upright: columns moved per row, as a fraction of the row's distance.
SLANTS = np.linspace(-0.6, 0.6, 25)


def pad_digits(value: dict) -> list[dict] | None:
    """The drawing pad's value -> one pad value per digit, left to right, each holding that digit's strokes;
    None where a digit is wider than digits are (strokes joining digits: cut its ink with `digit_inks` instead).
    Raises ValueError for more than MAXIMUM_DIGITS digits."""
    _, pen, strokes = pad_strokes.checked(value)
    if len(strokes) <= 1:
        return [value]
    boxes = [(points[:, 0].min(), points[:, 0].max(), points[:, 1].min(), points[:, 1].max()) for points in strokes]
    # A stroke that starts or ends on another (a 9's stem on its ring) is part of its digit, however narrow.
    reach = JOINED_DISTANCE * pen
    joined = {(first, second) for first in range(len(strokes)) for second in range(first + 1, len(strokes))
              if _boxes_within(boxes[first], boxes[second], reach)
              and _nearest_distance(strokes[first][:, :2], strokes[second][:, :2]) <= reach}
    groups = _groups(boxes, joined)
    for members in groups:
        left, right, top, bottom = _bounds([boxes[index] for index in members])
        if right - left > TOUCHING_ASPECT * (bottom - top):
            return None
    check_count(len(groups))
    if len(groups) == 1:
        return [value]
    groups.sort(key=lambda members: sum(boxes[index][0] + boxes[index][1] for index in members) / len(members))
    return [_piece(value, pen, strokes, members) for members in groups]


def _piece(value: dict, pen: float, strokes: list[np.ndarray], indices) -> dict:
    """The pad's value with only the strokes at `indices` (of `checked`'s strokes), as a piece of a number.

    `checked` leaves out empty strokes; the value's own lists are kept as they were sent. The pad's pen suits a
    digit as tall as the pad: a piece is inked with a pen at most PEN_FRACTION of its height (never thinner than a
    tenth of the pad's pen: a flat stroke has no height)."""
    drawn = [stroke for stroke in value["strokes"] if len(stroke)]
    height = np.ptp(np.concatenate([strokes[index] for index in indices])[:, 1])
    return {**value, "pen": float(min(pen, max(PEN_FRACTION * height, 0.1 * pen))),
            "strokes": [drawn[index] for index in sorted(indices)]}


def pad_cuts_in_two(value: dict) -> list[tuple[dict, dict]]:
    """One digit's pad value -> [(left strokes' value, right strokes' value)] for each way of parting its strokes
    from left to right, if it has several and is wider than PAD_MAYBE_TOUCHING_ASPECT times its height; else []."""
    _, pen, strokes = pad_strokes.checked(value)
    if len(strokes) < 2:
        return []
    points = np.concatenate(strokes)
    width, height = np.ptp(points[:, 0]), np.ptp(points[:, 1])
    if width <= PAD_MAYBE_TOUCHING_ASPECT * height:
        return []
    order = np.argsort([stroke[:, 0].mean() for stroke in strokes])

    def part(indices):
        return _piece(value, pen, strokes, indices)

    def tall(indices):  # Digits side by side each span most of the line; an 8's two circles stand stacked.
        return np.ptp(np.concatenate([strokes[index] for index in indices])[:, 1]) >= SIDE_BY_SIDE_HEIGHT * height

    return [(part(order[:cut]), part(order[cut:])) for cut in range(1, len(strokes))
            if tall(order[:cut]) and tall(order[cut:])]


def digit_inks(coverage: np.ndarray) -> list[np.ndarray]:
    """float32 (H, W) coverage of a number's ink -> [float32 (H, W) coverage of one digit's ink], left to right.

    One digit gives back the coverage itself. Raises ValueError for more than MAXIMUM_DIGITS digits."""
    marks = _Marks.of(coverage)
    if marks is None:
        return [coverage]
    pieces = []  # (marks, first upright column, last upright column)
    for members in _groups(marks.boxes):
        left, right, top, bottom = _bounds([marks.boxes[index] for index in members])
        width, height = right - left + 1, bottom - top + 1
        if width <= TOUCHING_ASPECT * height:
            pieces.append((members, left, right))
            continue
        count = max(2, int(round(width / (DIGIT_ASPECT * height))))
        ink_per_column = marks.ink_per_column(members, left)
        cuts = [left] + [left + _cut(ink_per_column, part * width / count, width / count)
                         for part in range(1, count)] + [right + 1]
        pieces += [(members, start, stop - 1) for start, stop in zip(cuts[:-1], cuts[1:]) if stop > start]
    check_count(len(pieces))
    if len(pieces) == 1:
        return [coverage]
    return [marks.ink(coverage, *piece) for piece in sorted(pieces, key=lambda piece: piece[1] + piece[2])]


def digits_apart(coverage: np.ndarray) -> int:
    """float32 (H, W) coverage -> how many digits its marks make before any is cut apart (step 3; 0 for no mark)."""
    marks = _Marks.of(coverage)
    return 0 if marks is None else len(_groups(marks.boxes))


def cuts_in_two(ink: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """float32 (H, W) coverage of one digit's ink -> [(left ink, right ink)] for each of CUT_FRACTIONS of its width
    (upright), if it is wider than MAYBE_TOUCHING_ASPECT times its height; else []."""
    marks = _Marks.of(ink)
    if marks is None:
        return []
    members = list(range(len(marks.boxes)))
    left, right, top, bottom = _bounds(marks.boxes)
    width = right - left + 1
    if width <= MAYBE_TOUCHING_ASPECT * (bottom - top + 1):
        return []
    return [(marks.ink(ink, members, left, left + fraction * width - 1),
             marks.ink(ink, members, left + fraction * width, right)) for fraction in CUT_FRACTIONS]


def in_one_line(inks: list[np.ndarray]) -> bool:
    """Whether digits' inks (each (H, W) coverage) stand in one line: each at least LINE_HEIGHT of the tallest's
    height, its middle within half the tallest's height of theirs (a face's eyes and mouth are not a number)."""
    spans = []
    for ink in inks:
        rows = np.flatnonzero(ink.max(axis=1) > MARK_LEVEL)
        spans.append((rows[0], rows[-1]) if rows.size else (0, -1))
    tallest = max(bottom - top + 1 for top, bottom in spans)
    middles = np.array([(top + bottom) / 2 for top, bottom in spans])
    return all(bottom - top + 1 >= LINE_HEIGHT * tallest for top, bottom in spans) and bool(
        np.all(np.abs(middles - np.median(middles)) <= tallest / 2))


@dataclass(frozen=True)
class _Marks:
    """A picture's separate marks, on a copy `factor` times smaller, each pixel with its column read upright."""

    shape: tuple  # (H, W) of the picture
    factor: int
    rows: np.ndarray  # (n,) the marks' pixels on the small copy...
    columns: np.ndarray
    upright: np.ndarray  # ...their columns with the writing's slant taken out...
    marks: np.ndarray  # ...and which mark each belongs to (0, 1, ...).
    boxes: list  # per mark (left, right, top, bottom), columns upright

    @classmethod
    def of(cls, coverage: np.ndarray) -> "_Marks | None":
        """The marks of (H, W) coverage; None where there is no mark."""
        factor = max(1, int(np.ceil(max(coverage.shape) / MARKS_SIDE)))
        labels, areas, _ = label_marks(block_max(coverage, factor) > MARK_LEVEL)
        if not areas:
            return None
        rows, columns = np.nonzero(labels)
        marks = labels[rows, columns] - 1
        upright = columns - _slant(rows, columns, marks, len(areas)) * (rows - rows.mean())
        boxes = [(float(upright[marks == index].min()), float(upright[marks == index].max()),
                  float(rows[marks == index].min()), float(rows[marks == index].max())) for index in range(len(areas))]
        return cls(coverage.shape, factor, rows, columns, upright, marks, boxes)

    def ink_per_column(self, members: list[int], left: float) -> np.ndarray:
        """How many of the members' pixels fall in each upright column from `left` on."""
        inside = np.isin(self.marks, members)
        return np.bincount(np.floor(self.upright[inside] - left).astype(int))

    def ink(self, coverage: np.ndarray, members: list[int], first: float, last: float) -> np.ndarray:
        """(H, W) coverage -> the same with only the members' ink between upright columns first and last."""
        chosen = np.isin(self.marks, members) & (self.upright >= first - 0.5) & (self.upright < last + 0.5)
        mask = np.zeros((-(-self.shape[0] // self.factor), -(-self.shape[1] // self.factor)), bool)
        mask[self.rows[chosen], self.columns[chosen]] = True
        mask = sliding(mask, 3, np.max)  # Its anti-aliased rim too.
        mask = np.repeat(np.repeat(mask, self.factor, axis=0), self.factor, axis=1)[:self.shape[0], :self.shape[1]]
        return np.where(mask, coverage, 0.0).astype(np.float32)


def _slant(rows: np.ndarray, columns: np.ndarray, marks: np.ndarray, count: int) -> float:
    """The slant of the writing: the one of SLANTS under which the marks, read upright, are narrowest in all."""
    centred = rows - rows.mean()
    widths = []
    for slant in SLANTS:
        upright = columns - slant * centred
        highest, lowest = np.full(count, -np.inf), np.full(count, np.inf)
        np.maximum.at(highest, marks, upright)
        np.minimum.at(lowest, marks, upright)
        widths.append(float((highest - lowest).sum()))
    return float(SLANTS[int(np.argmin(widths))])


def _bounds(boxes: list[tuple]) -> tuple:
    """Boxes (left, right, top, bottom) -> the box around them all."""
    lefts, rights, tops, bottoms = zip(*boxes)
    return min(lefts), max(rights), min(tops), max(bottoms)


def _boxes_within(box: tuple, other: tuple, reach: float) -> bool:
    """Whether two boxes (left, right, top, bottom) come within `reach` of each other."""
    return (max(box[0], other[0]) - min(box[1], other[1]) <= reach
            and max(box[2], other[2]) - min(box[3], other[3]) <= reach)


def _nearest_distance(points: np.ndarray, others: np.ndarray) -> float:
    """The distance between the nearest two of (n, 2) and (m, 2) points (of at most DISTANCE_POINTS of each, evenly
    spread, so a long scribble costs no more than a digit)."""
    points, others = (group[np.linspace(0, len(group) - 1, min(len(group), DISTANCE_POINTS)).astype(int)]
                      for group in (points, others))
    return float(np.sqrt(((points[:, None, :] - others[None, :, :]) ** 2).sum(axis=2).min()))


def _groups(boxes: list[tuple], joined: set = frozenset()) -> list[list[int]]:
    """Marks' boxes (left, right, top, bottom), inclusive, and pairs (i, j), i < j, of marks that touch -> lists of
    the marks that make one digit each (see the module docstring, step 2)."""
    tallest = max(bottom - top + 1 for _, _, top, bottom in boxes)
    small = [max(right - left, bottom - top) + 1 < SMALL_MARK * tallest for left, right, top, bottom in boxes]
    groups = [[index] for index in range(len(boxes)) if not small[index]]
    spans = [boxes[members[0]] for members in groups]
    merged = True
    while merged:
        merged = False
        for first in range(len(groups)):
            for second in range(first + 1, len(groups)):
                (left_a, right_a, _, _), (left_b, right_b, _, _) = spans[first], spans[second]
                overlap = min(right_a, right_b) - max(left_a, left_b) + 1
                narrower = min(right_a - left_a, right_b - left_b) + 1
                together = _bounds([spans[first], spans[second]])
                # Touching marks are one digit only as narrow as one digit: digits written close touch too.
                touching = (any((min(a, b), max(a, b)) in joined for a in groups[first] for b in groups[second])
                            and together[1] - together[0] <= MAYBE_TOUCHING_ASPECT * (together[3] - together[2]))
                if overlap >= OVERLAP_FRACTION * narrower or touching:
                    groups[first] += groups.pop(second)
                    spans[first] = together
                    spans.pop(second)
                    merged = True
                    break
            if merged:
                break
    for index in (index for index in range(len(boxes)) if small[index]):
        centre = (boxes[index][0] + boxes[index][1]) / 2
        nearest = min(range(len(groups)), key=lambda group: max(spans[group][0] - centre, centre - spans[group][1], 0))
        groups[nearest].append(index)
    return groups


def _cut(ink_per_column: np.ndarray, ideal: float, digit_width: float) -> int:
    """The column near `ideal` with the least ink (the nearest of equals), where touching digits are parted."""
    reach = max(1, int(round(CUT_WINDOW * digit_width)))
    nearest = int(round(ideal))
    candidates = np.arange(max(1, nearest - reach), min(len(ink_per_column) - 1, nearest + reach + 1))
    if candidates.size == 0:
        return int(round(ideal))
    return int(candidates[np.lexsort((np.abs(candidates - ideal), ink_per_column[candidates]))[0]])


def check_count(count: int) -> None:
    """Raise ValueError for more digits than MAXIMUM_DIGITS."""
    if count > MAXIMUM_DIGITS:
        raise ValueError(f"this reads at most {MAXIMUM_DIGITS} digits on one line; found {count}")

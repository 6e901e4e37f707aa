"""Photo: find the ink in an opaque picture (a canvas export, a scan, a phone photo of paper) under uneven light.

A phone photo of a digit on paper is not a canvas: the paper is off-white and
lit from one side, so one edge can be darker than a faint pen stroke on the
other; the lines of ruled or squared school paper, dust, the page's edge and the
table under it are all darker than the paper too. So the paper's own brightness
is estimated at a large scale (a grey-level closing of a small copy: every mark
narrower than a quarter of the picture is lifted away, the light's slow change
stays), and each pixel is compared with the paper around it. Then ruled lines
are taken out of the rows and columns they darken, and of the connected marks
only the digit's are kept: specks of dust and marks touching the picture's edge
go. A photo of something that is no digit (a face, a table) is refused.

Functions take float32 arrays in [0, 1]: pictures (H, W, C) with C of 1 or 3,
coverage maps (H, W).
"""

import numpy as np
from PIL import Image

# The paper's brightness is estimated on a copy whose longer side is this many pixels...
PAPER_SIDE = 64
# ...by a closing whose square window spans this fraction of that side: wider marks count as paper.
PAPER_WINDOW_FRACTION = 0.25
# Marks are told apart on a copy this small (each of its pixels the darkest of its block, so strokes stay joined).
MARKS_SIDE = 256
# A mark is ink above this fraction of the strongest; one smaller than DUST_FRACTION of the largest is dust.
MARK_LEVEL = 0.25
DUST_FRACTION = 0.05
# A mark clear of the picture's edge is taken for the digit if it covers at least this fraction of the picture
# (a ballpoint digit 15% of the height covers about 0.2%).
DIGIT_MINIMUM_AREA = 0.0005
# A row (or column) whose faintest LINE_QUANTILE of pixels is this much more inked than the picture's usual
# is a ruled line, where there are at least RULED_LINES_MINIMUM of them (a digit's own bar can darken a tight
# crop's row once).
LINE_QUANTILE = 0.15
LINE_CONTRAST = 0.04
RULED_LINES_MINIMUM = 2
# What no digit looks like: more separate marks than this (a face: eyes, brows, nose, mouth, hair), counting
# every mark clear of the edge as large as a digit could be and every one kept beside the largest; or a mark
# with more than MAXIMUM_DEEP_INK of its ink deeper inside it than DEEPEST_STROKE of its size (blobs and filled
# shapes; a fat marker's stroke is about 0.16 of a digit's height wide, so no point of it is deeper than 0.08).
# On 150 photos of digits (benchmarks/photos.py) no photo had more than 2 such marks and none any deep ink; on 40
# written with a fat marker (0.16 of the digit's height) deep ink was at most 0.012 of a digit's ink.
# Only photos are judged: a drawing made on a screen is whatever was drawn.
MAXIMUM_MARKS = 4
DEEPEST_STROKE = 0.1
MAXIMUM_DEEP_INK = 0.1
# Nor is anything this many times wider than tall (a bar, the visible edge of a book): the widest digits, a 0
# or a 4 in a broad hand, are about as wide as tall.
MAXIMUM_WIDTH_TO_HEIGHT = 2.0
# Channels that never differ by more than this are one grey channel (most drawings, scans in black ink).
COLOURLESS = 0.02
# A picture with one exact grey level over this fraction of it, and (nearly) all else on one side of that level,
# was drawn on a screen: a canvas's background behind ink of one colour and its blends. A photo's paper is
# noisy, and a photo of a scene has flat areas with darker and lighter things on both sides of them.
SCREEN_BACKGROUND = 0.3
# Levels (of 255) either side of the background that still count as it (JPEG ringing), and the share of the
# remaining pixels that may lie on the background's other side.
SCREEN_TOLERANCE_LEVELS = 8
SCREEN_OTHER_SIDE = 0.02
# A picture whose brightest part is darker than this (0-1) was taken without enough light.
DARKEST_PAPER = 0.15

# How a picture is extended past its edges for sliding windows (np.pad's arguments): its edge repeated, or its
# change across the edge continued ("odd" reflection), as the light on a photographed page does. With the edge
# repeated, a page darkening towards one edge got the paper of half a window further in, and its dark margin
# read as ink (a blank page was read as a digit).
REPEAT_EDGE = {"mode": "edge"}
EXTEND_LIGHT = {"mode": "reflect", "reflect_type": "odd"}

TOO_DARK = "The photo is too dark to read. Take it again in more light."
BLANK = "No digit found: the picture looks blank. Write one digit large and dark, then try again."
NOT_A_DIGIT = ("This doesn't look like one handwritten digit. Photograph a single digit written on plain paper, "
               "filling a good part of the picture.")


def ink_against_paper(pixels: np.ndarray, grey: np.ndarray, photographed: bool = True) -> np.ndarray:
    """(H, W, C) picture and its (H, W) grey -> (H, W) raw ink in [0, 1], dark ink on light paper or light on dark.

    Ink is how far each pixel is from the paper around it, relative to how far it could be (the paper's
    brightness for dark ink, what is left above it for light ink), in whichever colour channel differs most.
    A photo's light is taken to go on changing past its edges; a screen's background (`photographed` False)
    is even, and its edge is repeated.
    """
    dark_ink = ink_is_darker(grey)
    extend = EXTEND_LIGHT if photographed else REPEAT_EDGE
    ink = np.zeros(grey.shape, np.float32)
    colourless = float(np.ptp(_sample(pixels, 128), axis=2).max(initial=0.0)) < COLOURLESS
    for channel in [grey] if colourless else np.moveaxis(pixels, 2, 0):
        paper = paper_brightness(channel, dark_ink, extend)
        if dark_ink:
            difference = (paper - channel) / np.maximum(paper, 1e-3)
        else:
            difference = (channel - paper) / np.maximum(1.0 - paper, 1e-3)
        np.maximum(ink, difference, out=ink)
    return np.clip(ink, 0.0, 1.0)


def ink_is_darker(grey: np.ndarray) -> bool:
    """(H, W) grey -> True for dark ink on light paper: most pixels are paper, so the ink lies on the side of
    the median with the longer tail."""
    low, middle, high = np.quantile(_sample(grey), [0.001, 0.5, 0.999])
    return bool(high - middle <= middle - low)


def too_dark(grey: np.ndarray) -> bool:
    """(H, W) grey -> True when even the brightest part of the picture (paper, or light ink) is dark: a photo taken
    without enough light."""
    return float(np.quantile(_sample(grey), 0.999)) < DARKEST_PAPER


def paper_brightness(channel: np.ndarray, dark_ink: bool, extend=EXTEND_LIGHT) -> np.ndarray:
    """(H, W) one channel -> (H, W) the paper's brightness under each pixel, with every mark narrower than
    PAPER_WINDOW_FRACTION of the picture lifted away (a closing for dark ink, an opening for light ink); past the
    picture's edges as `extend` says."""
    height, width = channel.shape
    small = np.asarray(Image.fromarray(channel, mode="F").resize(_fit(width, height, PAPER_SIDE),
                                                                  Image.Resampling.BOX), np.float32)
    window = max(3, int(round(PAPER_WINDOW_FRACTION * max(small.shape))) | 1)
    first, second = (np.max, np.min) if dark_ink else (np.min, np.max)
    paper = sliding(sliding(small, window, first, extend=extend), window, second, extend=extend)
    paper = np.clip(_sliding_mean(paper, window, extend=extend), 0.0, 1.0)
    return np.asarray(Image.fromarray(paper, mode="F").resize((width, height), Image.Resampling.BILINEAR),
                      np.float32)


def without_ruled_lines(ink: np.ndarray) -> np.ndarray:
    """(H, W) ink -> the same with the lines of ruled or squared paper taken out.

    A ruled line darkens its whole row, a digit's stroke only part of it: where at least
    RULED_LINES_MINIMUM rows (or columns) have even their faintest LINE_QUANTILE of pixels inked more than
    the picture's usual by LINE_CONTRAST, that excess is subtracted from them, so the line goes and a
    stroke crossing it stays.
    """
    ink = ink.copy()
    for view in (ink, ink.T):  # Rows, then columns (a view: changes land in `ink`).
        faintest = np.quantile(view, LINE_QUANTILE, axis=1)
        excess = faintest - np.median(faintest)
        lines = excess > LINE_CONTRAST
        if len(_runs(lines)) >= RULED_LINES_MINIMUM:
            view[lines] = np.maximum(view[lines] - excess[lines, None], 0.0)
    return ink


def drawn_on_a_screen(grey: np.ndarray) -> bool:
    """(H, W) grey -> True when one exact grey level covers more than SCREEN_BACKGROUND of the picture and the
    rest lies on one side of it: a canvas's background and its ink, which no photo of paper or of a scene has."""
    levels = np.rint(_sample(grey) * 255).astype(np.intp).ravel()
    counts = np.bincount(levels, minlength=256)
    background = int(counts.argmax())
    if counts[background] <= SCREEN_BACKGROUND * levels.size:
        return False
    darker = np.count_nonzero(levels < background - SCREEN_TOLERANCE_LEVELS)
    lighter = np.count_nonzero(levels > background + SCREEN_TOLERANCE_LEVELS)
    return bool(min(darker, lighter) <= SCREEN_OTHER_SIDE * (darker + lighter))


def keep_the_digit(coverage: np.ndarray, judge: bool = True, digits: int = 1) -> np.ndarray:
    """(H, W) coverage -> the same with only the digit's marks: dust, and marks touching the picture's edge
    (the page's edge, the table, a shadow) where the digit stands clear of them, removed. With `judge` (a
    photo), raises ValueError(NOT_A_DIGIT) for what no digit looks like (no row of up to `digits` digits looks
    like it either); a drawing is whatever was drawn."""
    height, width = coverage.shape
    factor = max(1, int(np.ceil(max(height, width) / MARKS_SIDE)))
    marks = block_max(coverage, factor) > MARK_LEVEL
    labels, areas, on_edge = label_marks(marks)
    if not areas:
        return coverage
    digit_area = DIGIT_MINIMUM_AREA * marks.size
    # On a screen nothing but the drawing can touch the edge; in a photo the page's edge or the table can.
    candidates = [index for index in range(len(areas)) if not (judge and on_edge[index])]
    if not candidates or max(areas[index] for index in candidates) < digit_area:
        candidates = list(range(len(areas)))  # Nothing clear of the edge that could be a digit: keep them all.
    largest = max(areas[index] for index in candidates)
    kept = [index for index in candidates if areas[index] >= DUST_FRACTION * largest]
    digit_sized = {index for index in candidates if areas[index] >= digit_area}
    # Small pieces (a dot, a short stroke beside the digit) have no shape to judge.
    shapes = [index for index in kept if areas[index] >= 0.2 * largest or index in digit_sized]
    keep = np.isin(labels, np.array(kept) + 1)
    if judge:
        box_height, box_width = _box_sides(keep)
        if (len(digit_sized.union(kept)) > MAXIMUM_MARKS * digits
                or any(deep_ink_fraction(labels == index + 1) > MAXIMUM_DEEP_INK for index in shapes)
                or box_width > MAXIMUM_WIDTH_TO_HEIGHT * digits * box_height):
            raise ValueError(NOT_A_DIGIT)
    keep = sliding(keep, 3, np.max)  # Their anti-aliased rims too.
    keep = np.repeat(np.repeat(keep, factor, axis=0), factor, axis=1)[:height, :width]
    return np.where(keep, coverage, 0.0).astype(np.float32)


def _box_sides(marks: np.ndarray) -> tuple[int, int]:
    """Boolean (h, w) marks, some True -> (height, width) of the box around them."""
    rows, columns = np.flatnonzero(marks.any(axis=1)), np.flatnonzero(marks.any(axis=0))
    return int(rows[-1] - rows[0] + 1), int(columns[-1] - columns[0] + 1)


def deep_ink_fraction(marks: np.ndarray) -> float:
    """Boolean (h, w) marks -> the fraction of their pixels deeper inside them than DEEPEST_STROKE of their
    extent's longer side: near 0 for pen strokes, which are thin everywhere, large for blobs and filled shapes."""
    depth = max(1, int(round(DEEPEST_STROKE * max(_box_sides(marks)))))
    return float(sliding(marks, 2 * depth + 1, np.min).sum()) / max(int(marks.sum()), 1)


def label_marks(mask: np.ndarray) -> tuple[np.ndarray, list[int], list[bool]]:
    """Boolean (h, w) -> (int (h, w) labels 1..n of its 8-connected parts, 0 elsewhere; each part's area; whether
    each touches the border). Union-find over each row's runs of True, which touch when they overlap or meet
    diagonally in neighbouring rows."""
    height, width = mask.shape
    edges = np.diff(np.pad(mask, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, starts = np.nonzero(edges == 1)  # Row-major order: each row's runs in turn, left to right.
    runs = list(zip(rows.tolist(), starts.tolist(), np.nonzero(edges == -1)[1].tolist()))
    parent = list(range(len(runs)))

    def root(run):
        while parent[run] != run:
            parent[run] = parent[parent[run]]
            run = parent[run]
        return run

    previous_row, previous, current = -2, [], []
    for index, (row, start, stop) in enumerate(runs):
        if row != previous_row:
            previous, current = (current if row == previous_row + 1 else []), []
            previous_row = row
        for other in previous:
            _, other_start, other_stop = runs[other]
            if other_start <= stop and start <= other_stop:  # Overlapping or diagonal neighbours.
                parent[root(other)] = root(index)
        current.append(index)
    roots = {}
    labels = np.zeros(mask.shape, np.int32)
    areas, on_edge = [], []
    for index, (row, start, stop) in enumerate(runs):
        label = roots.setdefault(root(index), len(roots) + 1)
        if label > len(areas):
            areas.append(0)
            on_edge.append(False)
        labels[row, start:stop] = label
        areas[label - 1] += stop - start
        on_edge[label - 1] |= row in (0, height - 1) or start == 0 or stop == width
    return labels, areas, on_edge


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """Boolean (n,) -> [(start, stop)] of its runs of True."""
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))


def _sample(values: np.ndarray, side: int = 256) -> np.ndarray:
    """Every n-th row and column of (H, W, ...) values, about `side` of each: enough for statistics, and cheap."""
    return values[:: max(1, values.shape[0] // side), :: max(1, values.shape[1] // side)]


def _fit(width: int, height: int, side: int) -> tuple[int, int]:
    scale = min(1.0, side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def block_max(values: np.ndarray, factor: int) -> np.ndarray:
    """(H, W) -> (ceil(H / factor), ceil(W / factor)): the largest value of each factor x factor block."""
    if factor == 1:
        return values
    height, width = values.shape
    padded = np.pad(values, ((0, -height % factor), (0, -width % factor)))
    return padded.reshape(padded.shape[0] // factor, factor, padded.shape[1] // factor, factor).max(axis=(1, 3))


def sliding(values: np.ndarray, window: int, reduce, axis=None, extend=REPEAT_EDGE) -> np.ndarray:
    """np.max or np.min (`reduce`) over a window x window square (or along one axis), the picture extended past
    its edges by np.pad's arguments `extend` (REPEAT_EDGE or EXTEND_LIGHT)."""
    if axis is None:
        return sliding(sliding(values, window, reduce, 0, extend), window, reduce, 1, extend)
    half = window // 2
    padded = np.pad(values, [(half, half) if a == axis else (0, 0) for a in range(values.ndim)], **extend)
    return reduce(np.lib.stride_tricks.sliding_window_view(padded, window, axis=axis), axis=-1)


def _sliding_mean(values: np.ndarray, window: int, extend=REPEAT_EDGE) -> np.ndarray:
    """Mean over a window x window square, the picture extended past its edges as in _sliding."""
    half = window // 2
    padded = np.pad(values, half, **extend)
    sums = np.cumsum(np.cumsum(np.pad(padded, ((1, 0), (1, 0))), axis=0), axis=1)
    height, width = values.shape
    return ((sums[window:window + height, window:window + width] - sums[:height, window:window + width]
             - sums[window:window + height, :width] + sums[:height, :width]) / window ** 2).astype(np.float32)

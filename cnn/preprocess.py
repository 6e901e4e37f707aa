"""Preprocessing: turn any drawing or photo of a digit into the 28x28 image MNIST's digits are.

MNIST's recipe, which this follows: the digit's ink is cropped, scaled so its
longest side is 20 px (aspect kept, anti-aliased), and placed in a 28x28 field
so that its centre of mass sits at pixel (14, 14). Drawings differ from MNIST
mostly in pen width, so before scaling we also bring the stroke width to
MNIST's typical width, measured relative to the digit's size.

The ink is a transparent layer's alpha where there is one. In an opaque picture
it is what differs from the paper around it (cnn.photo), so a phone photo of
paper lit from one side, ruled, with the table in view, reads like a canvas;
image files are decoded at the size the digit needs and turned upright by their
EXIF orientation.

Accepted input: the page's drawing pad value (pen strokes, `cnn.strokes`), the dict a
Gradio Sketchpad sends (`background`, `layers`, `composite`), numpy arrays (H, W), (H, W, 1|2|3|4) as uint8, uint16, bool or
float, PIL images of any mode, and paths to image files.
"""

from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from cnn import config, photo, strokes

# Pixel (row, column) where MNIST puts a digit's centre of mass; measured on the
# training set as 13.99 and 14.00 (spread 0.29 px).
MNIST_CENTRE = (14.0, 14.0)
# The crop is resampled so its longest side is this many pixels before its
# strokes are measured and adjusted; 4x the final 20 px box keeps 1/4 px steps.
WORKING_SIZE = 4 * config.DIGIT_BOX_SIZE
# MNIST's median stroke width, 2 x area / perimeter of its ink at WORKING_SIZE,
# measured with `stroke_width` on 5,000 training digits as 7.18 (tests/unit/test_preprocess.py
# re-measures it on the committed test digits).
MNIST_STROKE_WIDTH = 7.2
# Fraction of the strongest coverage above which a working pixel counts as ink when measuring strokes.
INK_THRESHOLD = 0.5
# Ink weaker than this fraction of the strongest ink is noise (paper grain, JPEG).
NOISE_FLOOR = 0.2
# Less contrast than this between ink and background (on a 0-1 scale) is an empty canvas.
MINIMUM_CONTRAST = 0.08
# The strongest ink is this quantile of a picture's values (a few stray bright pixels do not count), from a
# histogram of QUANTILE_BINS levels once there are more than QUANTILE_MINIMUM_PIXELS pixels, and at least this
# fraction of the very strongest.
STRONGEST_QUANTILE = 0.999
QUANTILE_BINS = 256
QUANTILE_MINIMUM_PIXELS = 1000
STRONGEST_AT_LEAST = 0.5
# No drawing has more than this many pixels on a side; a larger one is refused
# before it is decoded into memory.
MAXIMUM_SIDE = 8192
# Opaque pictures (photos, scans, exports) are read at most about this many pixels on a side: a digit
# filling 15% of a photo's height is still 77 px, the working size, and a 12-megapixel JPEG decodes at
# a quarter of its size (Pillow's draft mode) in a fraction of the time.
ANALYSIS_SIDE = 512
DRAFT_FRACTION = 0.9


class EmptyDrawingError(ValueError):
    """There is no digit to read: the canvas is empty, cleared or fully transparent, or a picture is blank, too
    dark, or shows something else (the message says which; `nothing_drawn` is True for an empty canvas)."""

    def __init__(self, message: str | None = None):
        self.nothing_drawn = message is None
        super().__init__(message or "Draw a digit first: the canvas is empty.")


def to_mnist(image) -> np.ndarray:
    """Any drawing (see module docstring) -> float32 (28, 28) in [0, 1], white digit on black, MNIST-centred.

    Raises EmptyDrawingError when there is no ink and ValueError for anything that is not an image.
    """
    if strokes.is_pad_value(image):
        return digit_from_working(pad_working_ink(image))
    return digit_from_ink(ink_coverage(image))


def grey_levels(image: np.ndarray) -> np.ndarray:
    """float (...) intensities in [0, 1] -> uint8 (...) grey levels 0-255, rounded to the nearest (outside values
    clipped, so none wraps round)."""
    return np.rint(np.clip(image, 0, 1) * 255).astype(np.uint8)


def to_mnist_uint8(image) -> np.ndarray:
    """Any drawing, as to_mnist -> uint8 (28, 28) grey levels 0-255: how MNIST stores its digits, and how
    training keeps the thousands of drawings it makes (a quarter of float32's memory)."""
    return grey_levels(to_mnist(image))


def digit_from_ink(ink: np.ndarray) -> np.ndarray:
    """float32 (H, W) coverage of one digit's ink (from `ink_coverage`) -> float32 (28, 28), as to_mnist returns.

    Raises EmptyDrawingError when there is no ink."""
    return digit_from_working(resize(crop_to_ink(ink), WORKING_SIZE))


def digit_from_working(working: np.ndarray) -> np.ndarray:
    """(h, w) coverage of one digit's ink, its longer side WORKING_SIZE -> float32 (28, 28), as to_mnist returns."""
    digit = resize(crop_to_ink(normalise_stroke_width(working)), config.DIGIT_BOX_SIZE)
    return place_by_centre_of_mass(digit)


def pad_working_ink(value: dict) -> np.ndarray:
    """The drawing pad's value -> float64 (h, w) coverage of its ink, drawn straight from the strokes at the size
    where the ink's longer side is WORKING_SIZE (a picture's ink is cropped and resized to it instead).

    Raises EmptyDrawingError for a pad with nothing drawn, ValueError for a value that is not a pad's."""
    _, pen, lines = strokes.checked(value)
    marks = strokes.capsules(lines, pen)
    if not len(marks):
        raise EmptyDrawingError()
    low, high = strokes.ink_bounds(marks)
    extent = high - low  # x, y
    scale = WORKING_SIZE / extent.max()
    return strokes.render(marks, scale, low, (_rounded(extent[1] * scale), _rounded(extent[0] * scale)))


# --- From whatever the caller has to a coverage map ------------------------------------------------


def ink_coverage(image, digits: int = 1) -> np.ndarray:
    """Any accepted input -> float32 (H, W) in [0, 1]: how much ink covers each pixel.

    A photo is judged as a picture of up to `digits` digits side by side (see cnn.photo.keep_the_digit)."""
    if image is None:
        raise EmptyDrawingError()
    if strokes.is_pad_value(image):
        # Only the window around the ink: the same values, at a fraction of the cost; the pad's blank rest still
        # counts when the strongest ink is measured.
        window = strokes.ink(image, crop=True)
        return _require_ink(window, blank_outside=strokes.RENDER_SIDE ** 2 - window.size)
    if isinstance(image, dict):
        return _sketchpad_ink(image)
    pixels = _as_float_array(image)
    if pixels.shape[2] in (2, 4):
        alpha = pixels[:, :, -1]
        if alpha.min() < 1.0:
            # Transparent background: the alpha channel is the ink, whatever its colour.
            return _require_ink(alpha)
        pixels = pixels[:, :, :-1]
    return _ink_in_picture(pixels, digits)


def _ink_in_picture(pixels: np.ndarray, digits: int = 1) -> np.ndarray:
    """(H, W, C) opaque picture -> (h, w) coverage of its digit's ink alone, at most ANALYSIS_SIDE on a side
    (cnn.photo: paper under uneven light, ruled lines, dust, page edges)."""
    pixels = _reduced(pixels, ANALYSIS_SIDE)
    grey = pixels[:, :, 0] if pixels.shape[2] == 1 else pixels @ np.full(pixels.shape[2], 1 / pixels.shape[2],
                                                                          np.float32)
    if photo.too_dark(grey):
        raise EmptyDrawingError(photo.TOO_DARK)
    photographed = not photo.drawn_on_a_screen(grey)
    try:
        coverage = _require_ink(photo.without_ruled_lines(photo.ink_against_paper(pixels, grey, photographed)))
    except EmptyDrawingError:
        raise EmptyDrawingError(photo.BLANK) from None
    try:
        # Rescaled once more, in case what was taken away (a table's edge, say) was darker than the pen.
        return _require_ink(photo.keep_the_digit(coverage, judge=photographed, digits=digits), noise_floor=0.0)
    except ValueError as error:
        raise EmptyDrawingError(str(error)) from None


def _reduced(pixels: np.ndarray, side: int) -> np.ndarray:
    """(H, W, C) -> the same averaged over blocks of whole pixels so the longer side is at most about `side`."""
    factor = int(np.ceil(max(pixels.shape[:2]) / side))
    if factor <= 1:
        return pixels
    height, width = (pixels.shape[0] // factor) * factor, (pixels.shape[1] // factor) * factor
    blocks = pixels[:height, :width].reshape(height // factor, factor, width // factor, factor, -1)
    return blocks.mean(axis=(1, 3), dtype=np.float32)


def _sketchpad_ink(value: dict) -> np.ndarray:
    """A Gradio Sketchpad/ImageEditor value -> (H, W) coverage, preferring stroke layers to the composite."""
    unknown = set(value) - {"background", "layers", "composite", "id"}
    if unknown:
        raise ValueError(f"a Sketchpad value has keys background, layers, composite; got also {sorted(unknown)}")
    layers = [layer for layer in (value.get("layers") or []) if layer is not None]
    alphas = [_alpha_channel(layer) for layer in layers]
    if alphas and all(alpha is not None for alpha in alphas) and len({alpha.shape for alpha in alphas}) == 1:
        # Each layer's alpha is its strokes; overlapping strokes do not add up past full coverage.
        coverage = alphas[0] if len(alphas) == 1 else np.maximum.reduce(alphas)
        if coverage.max() > MINIMUM_CONTRAST:
            return coverage
    for key in ("composite", "background"):
        if value.get(key) is not None:
            try:
                return ink_coverage(value[key])
            except EmptyDrawingError:
                raise EmptyDrawingError() from None  # A pad is empty, whatever its picture says.
    raise EmptyDrawingError()


def _alpha_channel(layer) -> np.ndarray | None:
    """A stroke layer -> float32 (H, W) alpha in [0, 1], or None if it has no alpha channel.

    An 8-bit RGBA array, what the Sketchpad sends, gives up its alpha without
    converting the colour channels: a quarter of the work on a large canvas.
    """
    if (isinstance(layer, np.ndarray) and layer.dtype == np.uint8 and layer.ndim == 3 and layer.shape[2] == 4
            and 0 < min(layer.shape[:2]) and max(layer.shape[:2]) <= MAXIMUM_SIDE):
        return layer[:, :, 3].astype(np.float32) * np.float32(1 / 255)
    pixels = _as_float_array(layer)  # Everything else is checked and converted the general way.
    return pixels[:, :, -1] if pixels.shape[2] in (2, 4) else None


def _as_float_array(image) -> np.ndarray:
    """Image-like -> float32 (H, W, C) in [0, 1] with C in 1..4."""
    if isinstance(image, (str, Path)):
        image = _open_image_file(Path(image))
    if isinstance(image, Image.Image):
        image = _pil_to_array(_upright_and_reduced(image))
    if not isinstance(image, np.ndarray):
        raise ValueError(f"expected an image (numpy array, PIL image, file path or Sketchpad dict), "
                         f"got {type(image).__name__}")
    if image.ndim == 2:
        image = image[:, :, None]
    if image.ndim != 3 or image.shape[2] not in (1, 2, 3, 4):
        raise ValueError(f"expected an image of shape (H, W) or (H, W, 1-4 channels), got {image.shape}")
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise EmptyDrawingError()
    if max(image.shape[:2]) > MAXIMUM_SIDE:
        raise ValueError(f"the image is {image.shape[1]}x{image.shape[0]}; the largest accepted side is "
                         f"{MAXIMUM_SIDE} px")
    if image.dtype == np.bool_:
        return image.astype(np.float32)
    if np.issubdtype(image.dtype, np.integer):
        maximum = 255 if image.dtype.itemsize == 1 or image.max(initial=0) <= 255 else np.iinfo(image.dtype).max
        return image.astype(np.float32) / maximum
    if np.issubdtype(image.dtype, np.floating):
        if not np.all(np.isfinite(image)):
            raise ValueError("the image holds NaN or infinite values")
        image = image.astype(np.float32)
        # Floats are [0, 1] by convention, but some code hands over [0, 255].
        return image / 255.0 if image.max(initial=0.0) > 1.0 else image
    raise ValueError(f"expected numeric pixels, got dtype {image.dtype}")


def require_whole_file(path) -> None:
    """Raise ValueError if the image file at `path` is cut off or damaged: Pillow would decode a truncated PNG
    as a black picture, and the user would be told their drawing is empty instead of their file broken."""
    try:
        with Image.open(path) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValueError(f"could not read {Path(path).name} as an image: {error}") from error


def _open_image_file(path: Path) -> Image.Image:
    """An image file -> PIL image upright (EXIF orientation applied), at most about ANALYSIS_SIDE on a side."""
    require_whole_file(path)
    try:
        image = Image.open(path)
        if max(image.size) > MAXIMUM_SIDE:
            raise ValueError(f"the image is {image.size[0]}x{image.size[1]}; the largest accepted side is "
                             f"{MAXIMUM_SIDE} px")
        # JPEG decodes straight to 1/2, 1/4 or 1/8 of its size, no smaller than asked: most of a photo's cost.
        # Asked for 90% of ANALYSIS_SIDE on the longer side, a 4000 px photo decodes at 500 px, not 1000.
        scale = DRAFT_FRACTION * ANALYSIS_SIDE / max(image.size)
        image.draft("RGB", (int(np.ceil(image.size[0] * scale)), int(np.ceil(image.size[1] * scale))))
        image.load()
        return _upright_and_reduced(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise ValueError(f"could not read {path.name} as an image: {error}") from error


def _upright_and_reduced(image: Image.Image) -> Image.Image:
    """A PIL image turned by its EXIF orientation (phones store portrait photos sideways, with a note to turn
    them) and reduced by a whole factor to at most about ANALYSIS_SIDE on a side."""
    image = ImageOps.exif_transpose(image)
    factor = -(-max(image.size) // ANALYSIS_SIDE)  # Rounded up.
    return image.reduce(factor) if factor > 1 and image.mode in ("L", "RGB", "RGBA", "LA") else image


def _pil_to_array(image: Image.Image) -> np.ndarray:
    """PIL image of any mode -> numpy (H, W, C), keeping transparency and high bit depths."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        values = np.asarray(image, dtype=np.float64)
        low, high = values.min(initial=0.0), values.max(initial=0.0)
        return ((values - low) / (high - low) if high > low else np.zeros_like(values)).astype(np.float32)
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    return np.asarray(image.convert("RGBA" if has_alpha else "RGB"))


def _require_ink(ink: np.ndarray, noise_floor: float = NOISE_FLOOR, blank_outside: int = 0) -> np.ndarray:
    """Scale (H, W) raw ink (a window of a picture with `blank_outside` more pixels of no ink around it) so the
    strongest ink is 1 and ink under `noise_floor` of it is 0; raise EmptyDrawingError if there is none."""
    strongest = (_high_percentile(ink, blank=blank_outside) if ink.size + blank_outside > QUANTILE_MINIMUM_PIXELS
                 else float(ink.max(initial=0.0)))
    strongest = max(strongest, float(ink.max(initial=0.0)) * STRONGEST_AT_LEAST)
    if strongest < MINIMUM_CONTRAST:
        raise EmptyDrawingError()
    floor = noise_floor * strongest
    return np.clip((ink - floor) / (strongest - floor), 0.0, 1.0).astype(np.float32)


def _high_percentile(values: np.ndarray, fraction: float = STRONGEST_QUANTILE, bins: int = QUANTILE_BINS,
                     blank: int = 0) -> float:
    """About the `fraction` quantile of values in [0, 1] and `blank` zeros more, from a histogram: robust to a
    few stray bright pixels, and a fraction of the cost of sorting a large canvas."""
    counts = np.bincount(np.clip(values * (bins - 1), 0, bins - 1).astype(np.intp).ravel(), minlength=bins)
    counts[0] += blank
    position = int(np.searchsorted(np.cumsum(counts), fraction * (values.size + blank)))
    return min(position, bins - 1) / (bins - 1)


# --- Geometry ----------------------------------------------------------------------------------------


def crop_to_ink(coverage: np.ndarray) -> np.ndarray:
    """(H, W) coverage -> the smallest (h, w) window holding all of its ink."""
    rows = np.flatnonzero(coverage.max(axis=1) > 0)
    columns = np.flatnonzero(coverage.max(axis=0) > 0)
    if rows.size == 0:
        raise EmptyDrawingError()
    return coverage[rows[0]: rows[-1] + 1, columns[0]: columns[-1] + 1]


def resize(coverage: np.ndarray, longest_side: int) -> np.ndarray:
    """(h, w) -> float32 (h', w') with max(h', w') == longest_side, aspect kept, anti-aliased.

    Each output pixel is a weighted mean of the input pixels under a triangle as wide as the step between output
    pixels (at least one input pixel), so shrinking counts every input pixel (Pillow's BILINEAR filter). Written
    out in float64 so the page's JavaScript (cnn/static/reading.js) computes the same numbers."""
    height, width = coverage.shape
    scale = longest_side / max(height, width)
    rows, columns = _rounded(height * scale), _rounded(width * scale)
    return (_resampling(height, rows) @ coverage.astype(np.float64) @ _resampling(width, columns).T).astype(np.float32)


def _rounded(size: float) -> int:
    """A size in pixels, halves rounded up as JavaScript's Math.round does, never under 1."""
    return max(1, int(np.floor(size + 0.5)))


def _resampling(source: int, target: int) -> np.ndarray:
    """float64 (target, source): how much each of `source` pixels weighs in each of `target` (rows sum to 1)."""
    step = source / target
    support = max(step, 1.0)
    centres = (np.arange(target) + 0.5) * step
    weights = np.maximum(0.0, 1.0 - np.abs((np.arange(source) + 0.5)[None, :] - centres[:, None]) / support)
    return weights / weights.sum(axis=1, keepdims=True)


def stroke_width(mask: np.ndarray) -> float:
    """Mean stroke width of a boolean (h, w) shape in pixels: 2 x area / perimeter (0 for no ink)."""
    area = int(mask.sum())
    if area == 0:
        return 0.0
    padded = np.pad(mask, 1)
    perimeter = (np.count_nonzero(padded[1:, :] != padded[:-1, :])
                 + np.count_nonzero(padded[:, 1:] != padded[:, :-1]))
    return 2.0 * area / perimeter


def normalise_stroke_width(working: np.ndarray) -> np.ndarray:
    """(h, w) coverage at WORKING_SIZE -> (h', w') with strokes about MNIST_STROKE_WIDTH wide.

    Thin strokes are dilated, fat ones eroded, each by whole pixels; the shape is
    padded first so a dilated stroke never runs off the edge.
    """
    # Relative to the strongest ink: a hairline averaged down into the working box
    # may never reach full coverage, yet it is the whole digit.
    mask = working > INK_THRESHOLD * working.max()
    width = stroke_width(mask)
    steps = int(np.floor((MNIST_STROKE_WIDTH - width) / 2.0 + 0.5))  # Halves up, as in reading.js.
    if steps > 0:
        mask = _morph(np.pad(mask, steps), steps, np.maximum)
    elif steps < 0:
        # Never erode a stroke away: keep at least a third of its width.
        steps = max(steps, -int(width // 3))
        eroded = _morph(mask, -steps, np.minimum)
        mask = eroded if eroded.any() else mask
    return mask.astype(np.float32)


def _morph(mask: np.ndarray, steps: int, combine) -> np.ndarray:
    """Dilate (combine=np.maximum) or erode (np.minimum) by `steps` pixels with a near-round 3x3 footprint.

    Alternating a 3x3 square and a 3x3 cross grows an octagon, close to a disc.
    """
    fill = combine is np.minimum  # Outside the image counts as ink when eroding, so edges are not eaten.
    for step in range(steps):
        padded = np.pad(mask, 1, constant_values=fill)
        centre = padded[1:-1, 1:-1]
        vertical = combine(combine(padded[:-2, 1:-1], padded[2:, 1:-1]), centre)
        horizontal = combine(padded[1:-1, :-2], padded[1:-1, 2:])
        result = combine(vertical, horizontal)
        if step % 2 == 0:
            diagonal = combine(combine(padded[:-2, :-2], padded[:-2, 2:]), combine(padded[2:, :-2], padded[2:, 2:]))
            result = combine(result, diagonal)
        mask = result
    return mask


def place_by_centre_of_mass(digit: np.ndarray) -> np.ndarray:
    """(h, w) digit with h, w <= 20 -> float32 (28, 28) with its centre of mass at MNIST_CENTRE.

    The shift is sub-pixel (bilinear), so the centre of mass lands exactly, not
    within half a pixel.
    """
    size = config.IMAGE_SIZE
    height, width = digit.shape
    total = float(digit.sum())
    if total <= 0:
        raise EmptyDrawingError()
    centre_row = float((digit.sum(axis=1) * np.arange(height)).sum()) / total
    centre_column = float((digit.sum(axis=0) * np.arange(width)).sum()) / total
    top, left = MNIST_CENTRE[0] - centre_row, MNIST_CENTRE[1] - centre_column
    # Keep the whole digit inside the field even for a lopsided shape.
    top = float(np.clip(top, 0, size - height))
    left = float(np.clip(left, 0, size - width))
    whole_top, whole_left = int(np.floor(top)), int(np.floor(left))
    fraction_top, fraction_left = top - whole_top, left - whole_left
    canvas = np.zeros((size + 1, size + 1), dtype=np.float32)
    for row_offset, row_weight in ((0, 1 - fraction_top), (1, fraction_top)):
        for column_offset, column_weight in ((0, 1 - fraction_left), (1, fraction_left)):
            row, column = whole_top + row_offset, whole_left + column_offset
            canvas[row: row + height, column: column + width] += row_weight * column_weight * digit
    return np.clip(canvas[:size, :size], 0.0, 1.0)

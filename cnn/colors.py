"""Colours: small colour maps as numpy lookup tables, and a font, for every picture the package draws.

Pictures are made with numpy and Pillow only, so rendering a request costs
microseconds, not a plot library's start-up.
"""

import functools

import numpy as np
from PIL import Image, ImageDraw, ImageFont

LEVELS = 256


def _lookup_table(anchors: list[tuple[int, int, int]]) -> np.ndarray:
    """(256, 3) uint8 table interpolating linearly between evenly spaced RGB anchors."""
    anchors = np.asarray(anchors, dtype=np.float64)
    positions = np.linspace(0.0, 1.0, len(anchors))
    samples = np.linspace(0.0, 1.0, LEVELS)
    channels = [np.interp(samples, positions, anchors[:, channel]) for channel in range(3)]
    return np.rint(np.stack(channels, axis=1)).astype(np.uint8)


# Sequential, dark to bright (close to matplotlib's viridis): activations >= 0.
SEQUENTIAL = _lookup_table([(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)])
# Diverging around white: blue for negative, red for positive weights.
DIVERGING = _lookup_table([(5, 48, 97), (67, 147, 195), (247, 247, 247), (214, 96, 77), (103, 0, 31)])


def apply_sequential(values: np.ndarray, maximum: float | None = None) -> np.ndarray:
    """float (...,) >= 0 -> uint8 (..., 3), scaled so `maximum` (default: the largest value) is brightest."""
    maximum = float(np.max(values)) if maximum is None else float(maximum)
    scaled = np.clip(values / maximum, 0.0, 1.0) if maximum > 0 else np.zeros_like(values)
    return SEQUENTIAL[np.rint(scaled * (LEVELS - 1)).astype(np.intp)]


def apply_diverging(values: np.ndarray, limit: float | None = None) -> np.ndarray:
    """float (...,) -> uint8 (..., 3), white at 0, saturated at +-`limit` (default: the largest magnitude)."""
    limit = float(np.max(np.abs(values))) if limit is None else float(limit)
    scaled = np.clip(values / limit, -1.0, 1.0) if limit > 0 else np.zeros_like(values)
    return DIVERGING[np.rint((scaled + 1.0) / 2.0 * (LEVELS - 1)).astype(np.intp)]


@functools.lru_cache(maxsize=None)
def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled scalable font at `size` px (no system fonts needed)."""
    return ImageFont.load_default(size=size)


@functools.lru_cache(maxsize=8192)
def _text_stamp(text: str, size: int, anchor: str) -> tuple:
    """A string rendered once as an 8-bit mask, with its offset from the anchor point."""
    typeface = font(size)
    left, top, right, bottom = typeface.getbbox(text, anchor=anchor)
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=typeface, fill=255, anchor=anchor)
    return mask, left, top


def write(picture: Image.Image, position: tuple, text: str, size: int, fill, anchor: str = "la") -> None:
    """Draw `text` on a Pillow picture like ImageDraw.text, but render each distinct string only once.

    The same titles, digits and pixel values are written on every stroke; pasting
    a cached mask costs a fraction of rendering the glyphs again.
    """
    for line_index, line in enumerate(text.split("\n")):
        mask, left, top = _text_stamp(line, size, anchor)
        x, y = position[0] + left, position[1] + top + line_index * round(size * 1.2)
        picture.paste(tuple(fill), (int(round(x)), int(round(y))), mask)

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


# Palette pictures are one byte a pixel: a third of the data of RGB to encode and send.
# Each palette holds its colour map in indices 0-254 and white, for gaps, at 255.
PALETTE_WHITE = 255


def _palette(table: np.ndarray) -> np.ndarray:
    """(256, 3) colour map -> (256, 3) palette: the map resampled to 255 levels, then white."""
    levels = table[np.rint(np.linspace(0, LEVELS - 1, PALETTE_WHITE)).astype(np.intp)]
    return np.vstack([levels, [(255, 255, 255)]]).astype(np.uint8)


SEQUENTIAL_PALETTE = _palette(SEQUENTIAL)
DIVERGING_PALETTE = _palette(DIVERGING)


def _sequential_position(values: np.ndarray, maximum: float | None) -> np.ndarray:
    """float (...,) >= 0 -> (...,) in [0, 1]: 1 at `maximum` (default: the largest value) and above."""
    maximum = float(np.max(values)) if maximum is None else float(maximum)
    return np.clip(values * (1.0 / maximum), 0.0, 1.0) if maximum > 0 else np.zeros_like(values)


def _diverging_position(values: np.ndarray, limit) -> np.ndarray:
    """float (...,) -> (...,) in [0, 1]: 0.5 at 0, the ends at -+`limit` (default: the largest magnitude).

    `limit` may be an array that broadcasts against `values` (one limit per map).
    """
    limit = np.max(np.abs(values)) if limit is None else np.asarray(limit, dtype=np.float32)
    return (np.clip(values / np.where(limit > 0, limit, 1.0), -1.0, 1.0) + 1.0) / 2.0


def apply_sequential(values: np.ndarray, maximum: float | None = None) -> np.ndarray:
    """float (...,) >= 0 -> uint8 (..., 3), scaled so `maximum` (default: the largest value) is brightest."""
    return SEQUENTIAL[np.rint(_sequential_position(values, maximum) * (LEVELS - 1)).astype(np.intp)]


def apply_diverging(values: np.ndarray, limit: float | None = None) -> np.ndarray:
    """float (...,) -> uint8 (..., 3), white at 0, saturated at +-`limit` (default: the largest magnitude)."""
    return DIVERGING[np.rint(_diverging_position(values, limit) * (LEVELS - 1)).astype(np.intp)]


def sequential_indices(values: np.ndarray, maximum: float | None = None) -> np.ndarray:
    """float (...,) >= 0 -> uint8 (...,) indices 0-254 into SEQUENTIAL_PALETTE, like `apply_sequential`."""
    return np.rint(_sequential_position(values, maximum) * (PALETTE_WHITE - 1)).astype(np.uint8)


def diverging_indices(values: np.ndarray, limit=None) -> np.ndarray:
    """float (...,) -> uint8 (...,) indices 0-254 into DIVERGING_PALETTE, like `apply_diverging` (0 is index 127)."""
    return np.rint(_diverging_position(values, limit) * (PALETTE_WHITE - 1)).astype(np.uint8)


def palette_picture(indices: np.ndarray, palette: np.ndarray = SEQUENTIAL_PALETTE) -> Image.Image:
    """uint8 (h, w) indices into `palette` ((256, 3) uint8) -> a Pillow palette ("P") picture."""
    picture = Image.frombytes("P", (indices.shape[1], indices.shape[0]), np.ascontiguousarray(indices).tobytes())
    picture.putpalette(palette.ravel().tolist())
    return picture


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

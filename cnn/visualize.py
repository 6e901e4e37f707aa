"""Visualise: pictures of the network's input, feature maps and kernels, as arrays or palette images.

Every function takes arrays (shapes in its docstring). Pictures with text return
an (H, W, 3) uint8 array with their title drawn in (`PIL.Image.fromarray` shows it
in a notebook). Pictures of many values (feature maps, kernel responses, evidence)
have one pixel per value and no text: the page enlarges them with crisp pixels
and titles them itself; feature maps and responses are Pillow palette ("P")
images, one byte a pixel, because they are sent on every stroke.
"""

import base64
import io

import numpy as np
from PIL import Image, ImageDraw

from cnn import colors, config
from cnn.preprocess import grey_levels

PNG_COMPRESSION = 1
BACKGROUND = (255, 255, 255)
TEXT = (30, 30, 30)
GAP = 2
TITLE_HEIGHT = 28


def png_data_url(picture) -> str:
    """uint8 (H, W) or (H, W, 3) array or PIL image -> "data:image/png;base64,...", PNG at zlib's fastest level
    (twice as fast as level 6 on these pictures, about 10% larger), to travel inside an answer."""
    image = picture if isinstance(picture, Image.Image) else Image.fromarray(picture)
    encoded = io.BytesIO()
    image.save(encoded, format="png", compress_level=PNG_COMPRESSION)
    return "data:image/png;base64," + base64.b64encode(encoded.getvalue()).decode("ascii")


def enlarge(picture: np.ndarray, factor: int) -> np.ndarray:
    """(h, w, ...) -> (h*factor, w*factor, ...), each pixel a crisp square (no smoothing)."""
    return np.repeat(np.repeat(picture, factor, axis=0), factor, axis=1)


def titled(picture: np.ndarray, title: str) -> np.ndarray:
    """(h, w, 3) -> (h + title strip, max(w, text), 3) with `title` above."""
    width = max(picture.shape[1], int(colors.font(15).getlength(title)) + 8)
    canvas = Image.new("RGB", (width, picture.shape[0] + TITLE_HEIGHT), BACKGROUND)
    canvas.paste(Image.fromarray(picture), (0, TITLE_HEIGHT))
    colors.write(canvas, (2, 5), title, 15, TEXT)
    return np.asarray(canvas)


def tile_grid(tiles: np.ndarray, columns: int, gap: int = GAP, fill: int = 255) -> np.ndarray:
    """(N, h, w, ...) -> one (rows*(h+gap)-gap, columns*(w+gap)-gap, ...) array, tiles left to right, top to bottom."""
    count, height, width = tiles.shape[:3]
    rows = -(-count // columns)
    grid = np.full((rows * (height + gap) - gap, columns * (width + gap) - gap, *tiles.shape[3:]), fill,
                   dtype=np.uint8)
    for index in range(count):
        row, column = divmod(index, columns)
        top, left = row * (height + gap), column * (width + gap)
        grid[top: top + height, left: left + width] = tiles[index]
    return grid


def input_pixels(image: np.ndarray, cell: int = 20, numbers: bool = True) -> np.ndarray:
    """float (28, 28) in [0, 1] -> enlarged grey picture with grid lines and each pixel's 0-255 value written in it."""
    values = grey_levels(image)
    size = values.shape[0]
    picture = Image.fromarray(enlarge(np.repeat(values[..., None], 3, axis=2), cell))
    draw = ImageDraw.Draw(picture)
    for line in range(size + 1):
        position = line * cell
        draw.line([(position, 0), (position, size * cell)], fill=(70, 70, 90))
        draw.line([(0, position), (size * cell, position)], fill=(70, 70, 90))
    if numbers:
        for row, column in zip(*np.nonzero(values)):
            value = int(values[row, column])
            colors.write(picture, ((column + 0.5) * cell, (row + 0.5) * cell), str(value), max(6, cell // 3),
                         (0, 0, 0) if value > 128 else (230, 230, 230), anchor="mm")
    return titled(np.asarray(picture), f"What the network sees: {size}x{size} numbers from 0 (black) to 255 (white)")


NUMBER_CELL = 4  # A number's digits are shown at 4 screen pixels per input pixel (112 px).


def number_strip(images: np.ndarray, probabilities: np.ndarray, is_digit: list[bool]) -> np.ndarray:
    """float (N, 28, 28) inputs of a number's digits, their (N, 10) probabilities and whether each is a digit ->
    uint8 picture: the digits side by side as the network sees them, each with its three likeliest digits below."""
    size = images.shape[1] * NUMBER_CELL
    line = 18
    tiles = []
    for image, answer, digit in zip(images, probabilities, is_digit):
        tile = Image.new("RGB", (size, size + 4 * line + 6), BACKGROUND)
        tile.paste(Image.fromarray(enlarge(grey_levels(image), NUMBER_CELL)), (0, 0))
        ranked = np.argsort(answer)[::-1][:3]
        colors.write(tile, (2, size + 4), str(int(ranked[0])) if digit else "not a digit", 16, TEXT)
        for place, index in enumerate(ranked):
            colors.write(tile, (2, size + 6 + (place + 1) * line), f"{int(index)}: {float(answer[index]):.1%}", 14,
                         (90, 90, 100))
        tiles.append(np.asarray(tile))
    return titled(tile_grid(np.stack(tiles), columns=len(tiles), gap=8), "Each digit as the network sees it: 28x28, "
                                                                        "and its three likeliest digits")


def feature_maps(maps: np.ndarray, columns: int = 8) -> Image.Image:
    """float (H, W, C) activations >= 0 -> palette picture: the C maps in a grid, one pixel per activation.

    One colour scale for the layer (bright = its strongest response), white gaps.
    Untitled and not enlarged: the page scales it up with crisp pixels (CSS
    `image-rendering: pixelated`), so a stroke's pictures are a few kilobytes.
    """
    tiles = colors.sequential_indices(np.moveaxis(maps, 2, 0), float(maps.max()))
    return colors.palette_picture(tile_grid(tiles, columns, gap=1, fill=colors.PALETTE_WHITE))


def vector(values: np.ndarray, columns: int = 16) -> Image.Image:
    """float (N,) activations >= 0 -> palette picture: N squares in rows of `columns`, one pixel each."""
    rows = -(-values.shape[0] // columns)
    padded = np.zeros(rows * columns, np.float32)
    padded[: values.shape[0]] = values
    return colors.palette_picture(colors.sequential_indices(padded.reshape(rows, columns), float(values.max())))


def diverging_legend(limit: float, width: int = 240, height: int = 14) -> np.ndarray:
    """A colour bar from -limit (blue) through 0 (white) to +limit (red), with its three values written under it."""
    bar = colors.apply_diverging(np.linspace(-limit, limit, width)[None, :].repeat(height, axis=0), limit)
    picture = Image.new("RGB", (width + 60, height + 20), BACKGROUND)
    picture.paste(Image.fromarray(bar), (30, 0))
    for fraction, text in ((0.0, f"-{limit:.2f}"), (0.5, "0"), (1.0, f"+{limit:.2f}")):
        colors.write(picture, (30 + fraction * width, height + 3), text, 12, TEXT, anchor="ma")
    return np.asarray(picture)


def kernels(weights: np.ndarray, title: str, cell: int | None = None) -> np.ndarray:
    """Conv kernel float (kh, kw, C, D) -> picture: one row per output channel D, C kernels across; diverging colours.

    With one input channel the D kernels are laid out 8 per row and drawn larger.
    """
    height, width, channels, filters = weights.shape
    limit = float(np.abs(weights).max())
    shaded = colors.apply_diverging(np.transpose(weights, (3, 2, 0, 1)), limit)  # (D, C, kh, kw, 3)
    if channels == 1:
        cell = cell or 14
        picture = tile_grid(np.stack([enlarge(tile, cell) for tile in shaded[:, 0]]), columns=8, gap=4)
    else:
        cell = cell or 3
        rows = [tile_grid(np.stack([enlarge(tile, cell) for tile in shaded[filter_index]]), columns=channels, gap=1)
                for filter_index in range(filters)]
        picture = tile_grid(np.stack(rows), columns=1, gap=2)
    legend = diverging_legend(limit)
    combined = np.full((picture.shape[0] + legend.shape[0] + 6, max(picture.shape[1], legend.shape[1]), 3),
                       255, np.uint8)
    combined[: picture.shape[0], : picture.shape[1]] = picture
    combined[picture.shape[0] + 6:, : legend.shape[1]] = legend
    return titled(combined, f"{title}: kernel {height}x{width}x{channels}x{filters} (w x h x C x D)")


# Each hidden layer's picture: its title, and how many maps (or units) go across.
LAYER_VIEWS = {
    "conv1": ("conv1 (after ReLU)", 8),
    "pool1": ("pool1 (2x2 max)", 8),
    "conv2": ("conv2 (after ReLU)", 16),
    "pool2": ("pool2 (2x2 max)", 16),
    "dense": ("dense (after ReLU)", 32),
}


def layer_pictures(layer_outputs: dict) -> dict:
    """{layer name: output} from `DigitReader.layer_outputs` -> {hidden layer: palette picture, a pixel a value}."""
    return {name: (feature_maps if layer_outputs[name].ndim == 3 else vector)(layer_outputs[name], columns)
            for name, (_, columns) in LAYER_VIEWS.items()}


def kernel_pictures(weights: dict) -> dict:
    """Weights as cnn.weights.load_arrays gives them -> {"conv1": picture, "conv2": picture} of the learned kernels."""
    return {name: kernels(weights[name]["kernel"], f"{name} learned kernels") for name in ("conv1", "conv2")}


def number_grid(values: np.ndarray, cell: int = 30, decimals: int = 2) -> np.ndarray:
    """float (h, w) -> a table picture: each value written in a cell shaded blue (negative) to red (positive)."""
    height, width = values.shape
    limit = float(np.abs(values).max()) or 1.0
    shades = enlarge(colors.apply_diverging(values, limit), cell)
    picture = Image.fromarray(shades)
    dark = colors.apply_diverging(values, limit).astype(np.float32) @ np.array([0.3, 0.59, 0.11]) < 110
    for row in range(height):
        for column in range(width):
            colors.write(picture, ((column + 0.5) * cell, (row + 0.5) * cell), f"{values[row, column]:.{decimals}f}",
                         max(9, cell // 3), (255, 255, 255) if dark[row, column] else TEXT, anchor="mm")
    return np.asarray(picture)


RECEPTIVE_FIELD_CELL = 12  # 336 px: the size the Learn tab shows it at.


def receptive_field_picture(image: np.ndarray, field: tuple, cell: int = RECEPTIVE_FIELD_CELL) -> np.ndarray:
    """float (28, 28) input -> uint8 grey (28*cell, 28*cell): the rectangle (top, left, bottom, right; inclusive)
    one unit sees at full brightness, the rest of the input dimmed (an empty field shows as a black square).

    Drawn at its display size, not one pixel per value: Gradio turns a click into
    image coordinates assuming a picture is never shown larger than it is.
    """
    grey = np.clip(image, 0, 1) * 255
    shown = grey * 0.3 + 40
    top, left, bottom, right = field
    shown[top: bottom + 1, left: right + 1] = grey[top: bottom + 1, left: right + 1]
    return enlarge(shown.astype(np.uint8), cell)


def heat_overlay(image: np.ndarray, heat: np.ndarray) -> np.ndarray:
    """float (28, 28) input and (28, 28) heat in [0, 1] -> uint8 (28, 28, 3): the input in grey, the heat over it."""
    grey = np.repeat(np.clip(image, 0, 1)[..., None], 3, axis=2) * 255
    coloured = colors.apply_sequential(heat, 1.0).astype(np.float32)
    weight = np.clip(heat, 0, 1)[..., None] * 0.75
    return (grey * (1 - weight) + coloured * weight).astype(np.uint8)


def preference_grid(images: np.ndarray, title: str, columns: int = 8, cell: int = 3) -> np.ndarray:
    """float (D, 28, 28) in [0, 1] -> the D images in a grid, each contrast-stretched, with their index."""
    tiles = []
    for index, image in enumerate(images):
        low, high = float(image.min()), float(image.max())
        stretched = (image - low) / (high - low) if high > low else np.zeros_like(image)
        tile = Image.fromarray(enlarge(colors.apply_sequential(stretched, 1.0), cell))
        colors.write(tile, (2, 1), str(index), 11, (255, 255, 255))
        tiles.append(np.asarray(tile))
    return titled(tile_grid(np.stack(tiles), columns), title)


def input_pixel_at(x: int, y: int, cell: int = RECEPTIVE_FIELD_CELL) -> tuple[int, int]:
    """A click at (x, y) on `receptive_field_picture` -> the (row, column) of the input pixel under it."""
    last = config.IMAGE_SIZE - 1
    return int(np.clip(y // cell, 0, last)), int(np.clip(x // cell, 0, last))


# Lesson 1 shows a row of kernels' numbers above the row of their responses; the
# kernels' row is drawn this many times larger (168 px a kernel, 6 px gaps) than the
# responses' row (28 px a response, 1 px gaps), so when the page shows both rows at
# the same width, each kernel sits exactly above its response.
KERNEL_ROW_SCALE = 6


def kernels_row(kernels: dict, title: str) -> np.ndarray:
    """{name: (3, 3) kernel} -> uint8 RGB picture: each kernel's numbers under its name, side by side, under `title`."""
    side = config.IMAGE_SIZE * KERNEL_ROW_SCALE
    lines = 2  # "Sobel x" on the first line, "(vertical edges)" on the second.
    tiles = []
    for name, kernel in kernels.items():
        tile = Image.new("RGB", (side, side + lines * 18 + 6), BACKGROUND)
        colors.write(tile, (side / 2, 2), name.replace(" (", "\n("), 14, TEXT, anchor="ma")
        tile.paste(Image.fromarray(number_grid(kernel, cell=side // 3)), (0, lines * 18 + 6))
        tiles.append(np.asarray(tile))
    return titled(tile_grid(np.stack(tiles), columns=len(tiles), gap=KERNEL_ROW_SCALE), title)


def responses_row(responses: list) -> Image.Image:
    """[float (28, 28) response] -> palette picture: the responses side by side, one pixel per value, 1 px apart.

    Each response has its own colour scale: white 0, red positive, blue negative,
    saturated at its largest magnitude.
    """
    stacked = np.stack(responses)
    tiles = colors.diverging_indices(stacked, np.abs(stacked).max(axis=(1, 2), keepdims=True))
    return colors.palette_picture(tile_grid(tiles, columns=len(responses), gap=1, fill=colors.PALETTE_WHITE),
                                  colors.DIVERGING_PALETTE)

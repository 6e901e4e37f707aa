"""Visualise: pictures of the network's input, feature maps and kernels, as uint8 RGB arrays.

Every function takes arrays (shapes in its docstring) and returns an (H, W, 3)
uint8 picture with its title drawn in, so a notebook can `PIL.Image.fromarray`
it and the app can show it as it is.
"""

import numpy as np
from PIL import Image, ImageDraw

from cnn import colors, config

BACKGROUND = (255, 255, 255)
TEXT = (30, 30, 30)
GAP = 2
TITLE_HEIGHT = 28


def enlarge(picture: np.ndarray, factor: int) -> np.ndarray:
    """(h, w, 3) -> (h*factor, w*factor, 3), each pixel a crisp square (no smoothing)."""
    return np.repeat(np.repeat(picture, factor, axis=0), factor, axis=1)


def titled(picture: np.ndarray, title: str, legend: str | None = None) -> np.ndarray:
    """(h, w, 3) -> (h + title strip, max(w, text), 3) with `title` above and an optional `legend` line below."""
    title_width = int(colors.font(15).getlength(title)) + 8
    legend_height = TITLE_HEIGHT if legend else 0
    legend_width = int(colors.font(13).getlength(legend)) + 8 if legend else 0
    width = max(picture.shape[1], title_width, legend_width)
    canvas = Image.new("RGB", (width, picture.shape[0] + TITLE_HEIGHT + legend_height), BACKGROUND)
    canvas.paste(Image.fromarray(picture), (0, TITLE_HEIGHT))
    colors.write(canvas, (2, 5), title, 15, TEXT)
    if legend:
        colors.write(canvas, (2, picture.shape[0] + TITLE_HEIGHT + 6), legend, 13, TEXT)
    return np.asarray(canvas)


def tile_grid(tiles: np.ndarray, columns: int, gap: int = GAP) -> np.ndarray:
    """(N, h, w, 3) -> one (rows*(h+gap)-gap, columns*(w+gap)-gap, 3) picture, tiles left to right, top to bottom."""
    count, height, width, _ = tiles.shape
    rows = -(-count // columns)
    grid = np.full((rows * (height + gap) - gap, columns * (width + gap) - gap, 3), 255, dtype=np.uint8)
    for index in range(count):
        row, column = divmod(index, columns)
        top, left = row * (height + gap), column * (width + gap)
        grid[top: top + height, left: left + width] = tiles[index]
    return grid


def shape_text(shape) -> str:
    return "x".join(str(size) for size in shape)


def input_pixels(image: np.ndarray, cell: int = 20, numbers: bool = True) -> np.ndarray:
    """float (28, 28) in [0, 1] -> enlarged grey picture with grid lines and each pixel's 0-255 value written in it."""
    values = np.rint(np.clip(image, 0, 1) * 255).astype(np.uint8)
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


def feature_maps(maps: np.ndarray, title: str, columns: int = 8, cell: int = 3) -> np.ndarray:
    """float (H, W, C) activations >= 0 -> the C maps side by side, one shared colour scale (bright = strong)."""
    maximum = float(maps.max())
    tiles = colors.apply_sequential(np.moveaxis(maps, 2, 0), maximum)
    picture = tile_grid(np.stack([enlarge(tile, cell) for tile in tiles]), columns)
    return titled(picture, f"{title}: {shape_text(maps.shape)}",
                  legend=f"dark = 0, bright = {maximum:.2f} (the layer's strongest response)")


def vector(values: np.ndarray, title: str, columns: int = 16, cell: int = 18) -> np.ndarray:
    """float (N,) activations >= 0 -> N squares in rows of `columns`, one colour scale."""
    count = values.shape[0]
    rows = -(-count // columns)
    padded = np.zeros(rows * columns, np.float32)
    padded[:count] = values
    picture = enlarge(colors.apply_sequential(padded.reshape(rows, columns), float(values.max())), cell)
    return titled(picture, f"{title}: {count} units", legend=f"dark = 0, bright = {float(values.max()):.2f}")


def probability_bars(probabilities: np.ndarray, title: str = "output (softmax): 10 probabilities",
                     width: int = 360, bar_height: int = 22) -> np.ndarray:
    """float (10,) -> horizontal bars labelled 0..9 with percentages; the top class highlighted."""
    count = probabilities.shape[0]
    picture = Image.new("RGB", (width, count * bar_height + 4), BACKGROUND)
    draw = ImageDraw.Draw(picture)
    best = int(np.argmax(probabilities))
    for index, probability in enumerate(probabilities):
        top = index * bar_height + 2
        length = int(round(float(probability) * (width - 90)))
        colour = (237, 125, 49) if index == best else (120, 144, 176)
        colors.write(picture, (6, top + 2), config.CLASS_NAMES[index], 14, TEXT)
        draw.rectangle([24, top + 3, 24 + max(length, 1), top + bar_height - 3], fill=colour)
        colors.write(picture, (30 + length, top + 2), f"{100 * float(probability):.1f}%", 14, TEXT)
    return titled(np.asarray(picture), title)


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


# Each layer's picture: how its output is laid out, and what the title says it is.
LAYER_VIEWS = {
    "conv1": ("conv1 (after ReLU)", 8, 2),
    "pool1": ("pool1 (2x2 max)", 8, 3),
    "conv2": ("conv2 (after ReLU)", 8, 3),
    "pool2": ("pool2 (2x2 max)", 8, 6),
    "dense": ("dense (after ReLU)", 16, 14),
}
# How the layers sit in the one picture of the whole network: a row per pair.
NETWORK_ROWS = (("conv1", "pool1"), ("conv2", "pool2"), ("dense", "output"))


def layer_pictures(layer_outputs: dict) -> dict:
    """{layer name: output} from `DigitReader.layer_outputs` -> {layer name: uint8 (H, W, 3) titled picture}."""
    pictures = {}
    for name, (title, columns, cell) in LAYER_VIEWS.items():
        output = layer_outputs[name]
        if output.ndim == 3:
            pictures[name] = feature_maps(output, title, columns=columns, cell=cell)
        else:
            pictures[name] = vector(output, title, columns=columns, cell=cell)
    pictures["output"] = probability_bars(layer_outputs["output"])
    return pictures


def network_picture(layer_outputs: dict) -> np.ndarray:
    """{layer name: output} -> every layer's picture in one image, conv1 and pool1 first, the softmax last.

    One picture rather than six: the browser fetches one file per stroke, not six.
    """
    pictures = layer_pictures(layer_outputs)
    return stack([side_by_side([pictures[name] for name in row], gap=24) for row in NETWORK_ROWS], gap=18)


def kernel_pictures(model) -> dict:
    """{"conv1": picture, "conv2": picture} of a model's learned kernels."""
    return {name: kernels(model.get_layer(name).kernel.numpy(), f"{name} learned kernels")
            for name in ("conv1", "conv2")}


def number_grid(values: np.ndarray, cell: int = 30, decimals: int = 2) -> np.ndarray:
    """float (h, w) -> a table picture: each value written in a cell shaded blue (negative) to red (positive)."""
    height, width = values.shape
    limit = float(np.abs(values).max()) or 1.0
    shades = enlarge(colors.apply_diverging(values, limit), cell)
    picture = Image.fromarray(shades)
    for row in range(height):
        for column in range(width):
            colors.write(picture, ((column + 0.5) * cell, (row + 0.5) * cell), f"{values[row, column]:.{decimals}f}",
                         max(9, cell // 3), TEXT, anchor="mm")
    return np.asarray(picture)


def kernel_and_response(kernel: np.ndarray, response: np.ndarray, title: str, cell: int = 4) -> np.ndarray:
    """A (3, 3) kernel's numbers beside its (H, W) response (diverging colours, white = 0), under one title."""
    numbers = number_grid(kernel, cell=34)
    response_picture = enlarge(colors.apply_diverging(response), cell)
    height = max(numbers.shape[0], response_picture.shape[0])
    row = np.full((height, numbers.shape[1] + 8 + response_picture.shape[1], 3), 255, np.uint8)
    row[: numbers.shape[0], : numbers.shape[1]] = numbers
    row[: response_picture.shape[0], numbers.shape[1] + 8:] = response_picture
    return titled(row, title)


def _arrange(pictures: list, gap: int, axis: int) -> np.ndarray:
    """Pictures (h_i, w_i, 3) placed one after another along `axis` (0: down, 1: across) on white."""
    along = sum(picture.shape[axis] for picture in pictures) + gap * (len(pictures) - 1)
    across = max(picture.shape[1 - axis] for picture in pictures)
    shape = (along, across, 3) if axis == 0 else (across, along, 3)
    canvas = np.full(shape, 255, np.uint8)
    offset = 0
    for picture in pictures:
        height, width = picture.shape[:2]
        if axis == 0:
            canvas[offset: offset + height, :width] = picture
        else:
            canvas[:height, offset: offset + width] = picture
        offset += picture.shape[axis] + gap
    return canvas


def stack(pictures: list, gap: int = 10) -> np.ndarray:
    """Pictures (h_i, w_i, 3) one under another on white."""
    return _arrange(pictures, gap, axis=0)


def side_by_side(pictures: list, gap: int = 16) -> np.ndarray:
    """Pictures (h_i, w_i, 3) left to right on white."""
    return _arrange(pictures, gap, axis=1)


def receptive_field_picture(image: np.ndarray, field: tuple, title: str, cell: int = 12) -> np.ndarray:
    """float (28, 28) input with the rectangle (top, left, bottom, right; inclusive) a unit sees outlined in orange."""
    grey = np.repeat((np.clip(image, 0, 1) * 255).astype(np.uint8)[..., None], 3, axis=2)
    picture = Image.fromarray(enlarge(grey, cell))
    top, left, bottom, right = field
    ImageDraw.Draw(picture).rectangle([left * cell, top * cell, (right + 1) * cell - 1, (bottom + 1) * cell - 1],
                                      outline=(255, 140, 0), width=3)
    return titled(np.asarray(picture), title)


def heat_overlay(image: np.ndarray, heat: np.ndarray, title: str, cell: int = 8) -> np.ndarray:
    """float (28, 28) input and (28, 28) heat in [0, 1] -> the input in grey with the heat laid over it in colour."""
    grey = np.repeat(np.clip(image, 0, 1)[..., None], 3, axis=2) * 255
    coloured = colors.apply_sequential(heat, 1.0).astype(np.float32)
    weight = np.clip(heat, 0, 1)[..., None] * 0.75
    blended = (grey * (1 - weight) + coloured * weight).astype(np.uint8)
    return titled(enlarge(blended, cell), title)


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


RECEPTIVE_FIELD_CELL = 12


def input_pixel_at(x: int, y: int, cell: int = RECEPTIVE_FIELD_CELL) -> tuple[int, int]:
    """A click at (x, y) on `receptive_field_picture` -> the (row, column) of the input pixel under it."""
    last = config.IMAGE_SIZE - 1
    return int(np.clip((y - TITLE_HEIGHT) // cell, 0, last)), int(np.clip(x // cell, 0, last))


def filters_comparison(designed: dict, learned: dict) -> np.ndarray:
    """{name: (kernel (3, 3), response (H, W))} twice -> designed kernels on the left, learned on the right."""
    columns = [titled(stack([kernel_and_response(kernel, response, name)
                             for name, (kernel, response) in group.items()]), heading)
               for heading, group in (("Designed by people", designed), ("Learned from data (conv1)", learned))]
    return side_by_side(columns, gap=30)

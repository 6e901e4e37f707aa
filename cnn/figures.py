"""Figures: the training report's pictures (training curves, confusion matrix) drawn with Pillow."""

import numpy as np
from PIL import Image, ImageDraw

from cnn import colors, config

WHITE = (255, 255, 255)
INK = (40, 40, 40)
GRID = (225, 225, 225)
TRAIN_COLOUR = (31, 119, 180)
VALIDATION_COLOUR = (255, 127, 14)


def _line_panel(draw, box, title, series, y_range):
    """Draw one chart in `box` (left, top, right, bottom): `series` is [(label, colour, values)]."""
    left, top, right, bottom = box
    plot_left, plot_top, plot_right, plot_bottom = left + 56, top + 30, right - 12, bottom - 40
    low, high = y_range
    draw.text((left + 8, top + 4), title, fill=INK, font=colors.font(16))
    for fraction in np.linspace(0, 1, 5):
        y = plot_bottom - fraction * (plot_bottom - plot_top)
        draw.line([(plot_left, y), (plot_right, y)], fill=GRID)
        draw.text((left + 4, y - 7), f"{low + fraction * (high - low):.3f}", fill=INK, font=colors.font(11))
    epochs = max(len(values) for _, _, values in series)
    for epoch in range(epochs):
        x = plot_left + epoch / max(epochs - 1, 1) * (plot_right - plot_left)
        draw.text((x - 4, plot_bottom + 6), str(epoch + 1), fill=INK, font=colors.font(11))
    draw.text(((plot_left + plot_right) / 2 - 16, plot_bottom + 22), "epoch", fill=INK, font=colors.font(12))
    for index, (label, colour, values) in enumerate(series):
        points = [(plot_left + epoch / max(epochs - 1, 1) * (plot_right - plot_left),
                   plot_bottom - (np.clip(value, low, high) - low) / (high - low) * (plot_bottom - plot_top))
                  for epoch, value in enumerate(values)]
        if len(points) > 1:
            draw.line(points, fill=colour, width=3)
        for x, y in points:
            draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=colour)
        draw.line([(plot_right - 150, plot_top + 12 + 18 * index), (plot_right - 126, plot_top + 12 + 18 * index)],
                  fill=colour, width=3)
        draw.text((plot_right - 120, plot_top + 5 + 18 * index), label, fill=INK, font=colors.font(12))


def training_curves_image(history: dict, width: int = 960, height: int = 360) -> Image.Image:
    """Loss and accuracy per epoch, training and validation, side by side."""
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    losses = history["loss"] + history.get("val_loss", [])
    accuracies = history["accuracy"] + history.get("val_accuracy", [])
    panels = [
        ("Cross-entropy loss", "loss", (0.0, max(losses) * 1.05)),
        ("Accuracy", "accuracy", (min(accuracies) - 0.002, 1.0)),
    ]
    for index, (title, key, y_range) in enumerate(panels):
        box = (index * width // 2, 0, (index + 1) * width // 2, height)
        series = [("training", TRAIN_COLOUR, history[key])]
        if f"val_{key}" in history:
            series.append(("validation", VALIDATION_COLOUR, history[f"val_{key}"]))
        _line_panel(draw, box, title, series, y_range)
    return image


def confusion_matrix_image(matrix: np.ndarray, cell: int = 44) -> Image.Image:
    """(10, 10) counts, row = true digit, column = predicted, as a labelled grid (colour = log count)."""
    classes = len(matrix)
    margin = 60
    size = margin + classes * cell + 10
    image = Image.new("RGB", (size, size + 24), WHITE)
    draw = ImageDraw.Draw(image)
    shades = colors.apply_sequential(np.log1p(matrix.astype(np.float64)))
    brightness_threshold = np.log1p(matrix.max()) * 0.6
    for row in range(classes):
        for column in range(classes):
            x, y = margin + column * cell, margin + row * cell
            draw.rectangle([x, y, x + cell - 1, y + cell - 1], fill=tuple(int(c) for c in shades[row, column]))
            count = int(matrix[row, column])
            if count:
                text_colour = INK if np.log1p(count) > brightness_threshold else WHITE
                draw.text((x + cell / 2, y + cell / 2), str(count), fill=text_colour, anchor="mm",
                          font=colors.font(12))
        draw.text((margin - 12, margin + row * cell + cell / 2), config.CLASS_NAMES[row], fill=INK,
                  anchor="mm", font=colors.font(14))
        draw.text((margin + row * cell + cell / 2, margin - 12), config.CLASS_NAMES[row], fill=INK,
                  anchor="mm", font=colors.font(14))
    draw.text((margin, 8), "predicted digit", fill=INK, font=colors.font(14))
    draw.text((4, margin - 40), "true\ndigit", fill=INK, font=colors.font(12))
    draw.text((margin, size + 2), f"MNIST test set: {int(np.trace(matrix))} of {int(matrix.sum())} correct",
              fill=INK, font=colors.font(13))
    return image


def misses_image(images: np.ndarray, labels: np.ndarray, probabilities: np.ndarray, hands: np.ndarray, title: str,
                 count: int = 40, columns: int = 10, cell: int = 3) -> Image.Image:
    """The `count` misreadings given with the highest probability: uint8 (N, 28, 28) digits with their (N,) labels,
    (N, 10) probabilities and (N,) hand names -> a grid, each digit captioned "true -> read (probability)" and
    its hand."""
    predictions = probabilities.argmax(axis=1)
    misread = np.flatnonzero(predictions != labels)
    wrong = misread[np.argsort(-probabilities[misread, predictions[misread]])][:count]
    tile, caption = config.IMAGE_SIZE * cell, 34
    rows = max(1, int(np.ceil(len(wrong) / columns)))
    image = Image.new("RGB", (columns * (tile + 8) + 8, 36 + rows * (tile + caption + 8)), WHITE)
    draw = ImageDraw.Draw(image)
    draw.text((8, 8), f"{title}: {len(misread)} of {len(labels)} misread",
              fill=INK, font=colors.font(16))
    for position, index in enumerate(wrong):
        left = 8 + (position % columns) * (tile + 8)
        top = 36 + (position // columns) * (tile + caption + 8)
        digit = Image.fromarray(255 - images[index]).resize((tile, tile), Image.Resampling.NEAREST)
        image.paste(digit, (left, top))
        read = int(predictions[index])
        draw.text((left, top + tile + 2), f"{labels[index]} -> {read} ({probabilities[index, read]:.0%})",
                  fill=INK, font=colors.font(12))
        draw.text((left, top + tile + 17), str(hands[index])[:14], fill=INK, font=colors.font(10))
    return image

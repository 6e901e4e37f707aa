"""Benchmark: how often the shipped model reads synthetic browser drawings right, by factor and by preprocessing step.

    python -m benchmarks.preprocessing_accuracy [--count 1000]

Prints accuracy for each family of drawings (benchmarks.drawings: "traced" digits, MNIST
test digits redrawn with a round brush in three ways, and digits in the handwriting of
hands training never saw), per digit, per factor
(background, canvas, digit size, brush width, rotation), and with each preprocessing step
taken away.
"""

import argparse
import time

import numpy as np

from benchmarks.drawings import FAMILIES, drawing_set
from cnn import config, load_model
from cnn import preprocess as steps
from cnn.data import load_mnist


def without_stroke_normalisation(drawing):
    ink = steps.ink_coverage(drawing)
    digit = steps.resize(steps.crop_to_ink(ink), config.DIGIT_BOX_SIZE)
    return steps.place_by_centre_of_mass(digit)


def centred_by_box(drawing):
    """Full pipeline, but the 20x20 box is centred by its bounding box instead of its centre of mass."""
    ink = steps.ink_coverage(drawing)
    working = steps.normalise_stroke_width(steps.resize(steps.crop_to_ink(ink), steps.WORKING_SIZE))
    digit = steps.resize(steps.crop_to_ink(working), config.DIGIT_BOX_SIZE)
    field = np.zeros((config.IMAGE_SIZE, config.IMAGE_SIZE), np.float32)
    top, left = (config.IMAGE_SIZE - digit.shape[0]) // 2, (config.IMAGE_SIZE - digit.shape[1]) // 2
    field[top: top + digit.shape[0], left: left + digit.shape[1]] = digit
    return field


def whole_canvas_resized(drawing):
    """The common demo's way: shrink the whole canvas to 28x28."""
    ink = steps.ink_coverage(drawing)
    return steps.resize(ink, config.IMAGE_SIZE)[: config.IMAGE_SIZE, : config.IMAGE_SIZE]


VARIANTS = {
    "full pipeline (cnn.to_mnist)": steps.to_mnist,
    "without stroke-width normalisation": without_stroke_normalisation,
    "centred by box, not centre of mass": centred_by_box,
    "whole canvas resized to 28x28": whole_canvas_resized,
}

FACTORS = {
    "background": lambda pen: pen.background,
    "canvas px": lambda pen: _bin(pen.canvas, [280, 500, 750, 1001]),
    "digit size % of canvas": lambda pen: _bin(100 * pen.digit_height_fraction, [25, 40, 55, 70, 86]),
    "brush % of digit height": lambda pen: _bin(100 * pen.brush_fraction, [3, 6, 9, 12, 16.1]),
    "rotation degrees": lambda pen: _bin(pen.rotation_degrees, [-12, -6, 0, 6, 12.1]),
}


def _bin(value, edges):
    for low, high in zip(edges, edges[1:]):
        if low <= value < high:
            return f"{low:g}-{high:g}"
    return "other"


def evaluate(model, family, count, seed, mnist_test):
    drawings = list(drawing_set(family, count, seed, *mnist_test))
    labels = np.array([label for label, _, _ in drawings])
    pens = [pen for _, _, pen in drawings]
    results = {}
    for name, variant in VARIANTS.items():
        started = time.perf_counter()
        images = np.stack([variant(drawing) for _, drawing, _ in drawings])
        seconds = time.perf_counter() - started
        predictions = np.argmax(model(images[..., None], training=False).numpy(), axis=1)
        results[name] = (predictions == labels, seconds / count)
    return labels, pens, results


def report(family, labels, pens, results):
    print(f"\n== {family}: {len(labels)} drawings ==")
    for name, (correct, seconds) in results.items():
        print(f"  {correct.mean():7.2%}  {name}  ({seconds * 1e3:.2f} ms per drawing)")
    correct = results["full pipeline (cnn.to_mnist)"][0]
    print("  per digit: " + "  ".join(f"{digit}: {correct[labels == digit].mean():.1%}"
                                       for digit in range(config.NUM_CLASSES) if (labels == digit).any()))
    for factor, key in FACTORS.items():
        groups = {}
        for pen, is_correct in zip(pens, correct):
            groups.setdefault(key(pen), []).append(is_correct)
        print(f"  {factor}: " + "  ".join(f"{group}: {np.mean(values):.1%} (n={len(values)})"
                                          for group, values in sorted(groups.items())))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="drawings per family")
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args(argv)
    model = load_model()
    _, (x_test, y_test) = load_mnist(verbose=False)
    for family in FAMILIES:
        labels, pens, results = evaluate(model, family, arguments.count, arguments.seed, (x_test, y_test))
        report(family, labels, pens, results)


if __name__ == "__main__":
    main()

"""Site: the files a browser needs to read drawings itself, for the app's page and for a static site.

The page reads the drawing pad in the browser (cnn/static/reading.js: the pad's preprocessing, a number's
segmentation and the lecture's CNN), so a class of thirty drawing at once costs the server nothing. It needs the
weights, as float32 in one file, and every constant the Python reading uses, written here from the Python
constants so the two readings cannot drift apart (tests/test_browser_reading.py compares them on 1,000 drawings).

    python -m cnn.site --out site/     # a static site: Draw and Inside with no server (a free static Space)
"""

import argparse
import json
import shutil
from pathlib import Path

import keras
import numpy as np

from cnn import config, inference, model as architecture, preprocess, segment, strokes, visualize
from cnn.weights import load_model, not_a_digit_threshold

STATIC_DIRECTORY = Path(__file__).parent / "static"
MANIFEST_NAME = "reading.json"
WEIGHTS_NAME = "weights.bin"
# The page's own files, in the order a page loads them.
SCRIPTS = ("reading.js", "page.js")
STYLESHEET = "page.css"
LAYER_KINDS = {keras.layers.Conv2D: "conv", keras.layers.MaxPooling2D: "pool", keras.layers.Flatten: "flatten",
               keras.layers.Dense: "dense"}


def reading_constants(threshold: float) -> dict:
    """Every constant reading.js uses, by its name there, from the one place each is defined in Python."""
    return {
        "image_size": config.IMAGE_SIZE, "digit_box_size": config.DIGIT_BOX_SIZE,
        "working_size": preprocess.WORKING_SIZE, "mnist_stroke_width": preprocess.MNIST_STROKE_WIDTH,
        "ink_threshold": preprocess.INK_THRESHOLD, "mnist_centre": list(preprocess.MNIST_CENTRE),
        "pressure_scale": list(strokes.PRESSURE_SCALE), "maximum_points": strokes.MAXIMUM_POINTS,
        "maximum_digits": segment.MAXIMUM_DIGITS, "overlap_fraction": segment.OVERLAP_FRACTION,
        "pen_fraction": segment.PEN_FRACTION, "joined_distance": segment.JOINED_DISTANCE,
        "distance_points": segment.DISTANCE_POINTS, "small_mark": segment.SMALL_MARK,
        "touching_aspect": segment.TOUCHING_ASPECT, "maybe_touching_aspect": segment.MAYBE_TOUCHING_ASPECT,
        "pad_maybe_touching_aspect": segment.PAD_MAYBE_TOUCHING_ASPECT,
        "side_by_side_height": segment.SIDE_BY_SIDE_HEIGHT, "surely_one_digit": inference.SURELY_ONE_DIGIT,
        "threshold": float(threshold),
    }


def manifest_and_weights(model: keras.Model, threshold: float) -> tuple[dict, bytes]:
    """A trained model -> (reading.json's content: the constants and each layer's kind and tensors, the weights as
    little-endian float32 in layer order, each tensor at its `offset` counted in floats)."""
    layers, arrays, offset = [], [], 0
    for layer in model.layers:
        kind = next(name for kind, name in LAYER_KINDS.items() if isinstance(layer, kind))
        entry = {"name": layer.name, "kind": kind}
        if kind == "dense":
            entry["activation"] = layer.get_config()["activation"]
        tensors = {}
        for variable in layer.weights:
            values = np.asarray(variable.numpy(), dtype="<f4")
            name = variable.path.split("/")[-1]
            tensors[name] = {"shape": list(values.shape), "offset": offset}
            arrays.append(values.ravel())
            offset += values.size
        if tensors:
            entry["tensors"] = tensors
        layers.append(entry)
    manifest = {"constants": reading_constants(threshold), "layers": layers,
                "output_shapes": {layer.name: list(layer.output.shape[1:]) for layer in model.layers}}
    return manifest, np.concatenate(arrays).astype("<f4").tobytes()


def write_reading_files(directory: Path, model: keras.Model | None = None, threshold: float | None = None) -> None:
    """Write reading.json and weights.bin (the shipped model's, by default) into `directory`."""
    model = model if model is not None else load_model()
    threshold = not_a_digit_threshold() if threshold is None else threshold
    manifest, weights = manifest_and_weights(model, threshold)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MANIFEST_NAME).write_text(json.dumps(manifest))
    (directory / WEIGHTS_NAME).write_bytes(weights)


def static_text(name: str) -> str:
    """One of the page's own files (cnn/static), as text."""
    return (STATIC_DIRECTORY / name).read_text()

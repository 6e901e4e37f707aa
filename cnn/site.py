"""Site: the files a browser needs to read drawings itself, for the app's page and for a static site.

The page reads the drawing pad in the browser (cnn/static/reading.js: the pad's preprocessing, a number's
segmentation and the lecture's CNN), so a class of thirty drawing at once costs the server nothing. It needs the
weights, as float32 in one file, and every constant the Python reading uses, written here from the Python
constants so the two readings cannot drift apart (tests/browser/test_browser_reading.py compares them on 1,000
drawings).

    python -m cnn.site --out site/     # a static site: Draw and Inside with no server (a free static Space)
"""

import argparse
import atexit
import html
import io
import json
import shutil
import tempfile
from pathlib import Path
from string import Template

import numpy as np
from PIL import Image

from cnn import colors, config, photo, preprocess, segment, strokes, views, visualize
from cnn.model import ARCHITECTURE, TENSOR_NAMES, output_shapes
from cnn.weights import load_arrays, not_a_digit_threshold, read_metadata

STATIC_DIRECTORY = Path(__file__).parent / "static"
MANIFEST_NAME = "reading.json"
WEIGHTS_NAME = "weights.bin"
# The page's own files, in the order a page loads them; the static site adds its frame.
SCRIPTS = ("reading.js", "page.js")
STYLESHEET = "page.css"
SITE_FILES = ("site.js", "site.css")
# The drawing pad: its square coordinate system (10 units per MNIST pixel, whatever its size on the screen) and its
# pen (a fourteenth of the pad, about MNIST's stroke in a digit of the pad's height).
PAD_SIDE = 280
PEN_WIDTH = 20
# While the pen moves the drawing is read at most this often: twelve answers a second, ten with the timers' delays.
READ_INTERVAL_MS = 80
# The static site links its Learn and Train tabs here unless told otherwise: the app run locally.
LOCAL_APP_URL = "http://127.0.0.1:7860"
SPACE_HEADER = """---
title: Draw-a-digit CNN
emoji: ✏️
colorFrom: indigo
colorTo: gray
sdk: static
app_file: index.html
pinned: false
---
"""


def pad_options() -> dict:
    """What page.js's pad needs to know: its coordinates, pen, pressure scale and how often to read."""
    return {"side": PAD_SIDE, "pen": PEN_WIDTH, "pressure_scale": list(strokes.PRESSURE_SCALE),
            "normal_pressure": strokes.NORMAL_PRESSURE, "send_interval": READ_INTERVAL_MS,
            "value": strokes.empty_value(PAD_SIDE, PEN_WIDTH)}


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
        "side_by_side_height": segment.SIDE_BY_SIDE_HEIGHT, "surely_one_digit": segment.SURELY_ONE_DIGIT,
        # Digits joined by a stroke are cut in the pad's ink, as in a picture.
        "render_side": strokes.RENDER_SIDE, "noise_floor": preprocess.NOISE_FLOOR,
        "minimum_contrast": preprocess.MINIMUM_CONTRAST, "strongest_quantile": preprocess.STRONGEST_QUANTILE,
        "quantile_bins": preprocess.QUANTILE_BINS, "quantile_minimum_pixels": preprocess.QUANTILE_MINIMUM_PIXELS,
        "strongest_at_least": preprocess.STRONGEST_AT_LEAST, "marks_side": photo.MARKS_SIDE,
        "mark_level": photo.MARK_LEVEL, "digit_aspect": segment.DIGIT_ASPECT, "cut_window": segment.CUT_WINDOW,
        "cut_fractions": list(segment.CUT_FRACTIONS), "slants": segment.SLANTS.tolist(),
        "threshold": float(threshold),
    }


def page_words() -> dict:
    """The words and colours page.js shows, from the Python views that say the same on the server."""
    return {
        "not_sure_below": views.NOT_SURE_BELOW, "not_a_digit": views.NOT_A_DIGIT,
        "not_a_digit_mark": views.NOT_A_DIGIT_MARK, "top_classes": views.TOP_CLASSES, "image_size": config.IMAGE_SIZE,
        "sentences": {"empty": views.EMPTY_HINT, "loading": "Loading the network...",
                      "too many": f"This reads at most {segment.MAXIMUM_DIGITS} digits on one line.",
                      "too many points": f"The drawing has more than {strokes.MAXIMUM_POINTS:,} points: clear it.",
                      "not numbers": "The drawing holds points that are not numbers: clear it."},
        "input_caption": views.INPUT_CAPTION, "number_caption": views.NUMBER_CAPTION,
        "layer_views": [[name, title, columns] for name, (title, columns) in visualize.LAYER_VIEWS.items()],
        "sequential": colors.SEQUENTIAL.tolist(),
    }


def manifest_and_weights(weights: dict, threshold: float) -> tuple[dict, bytes]:
    """Trained weights (as cnn.weights.load_arrays gives them) -> (reading.json's content: the constants and each
    layer's kind and tensors, the weights as little-endian float32 in layer order, each tensor at its `offset`
    counted in floats)."""
    layers, arrays, offset = [], [], 0
    for layer in ARCHITECTURE:
        entry = {"name": layer.name, "kind": layer.kind}
        if layer.kind == "dense":
            entry["activation"] = layer.activation
        if layer.name in weights:
            entry["tensors"] = {}
            for name in TENSOR_NAMES:
                values = np.asarray(weights[layer.name][name], dtype="<f4")
                entry["tensors"][name] = {"shape": list(values.shape), "offset": offset}
                arrays.append(values.ravel())
                offset += values.size
        layers.append(entry)
    manifest = {"constants": reading_constants(threshold), "page": page_words(), "layers": layers,
                "output_shapes": {name: list(shape) for name, shape in output_shapes().items()}}
    return manifest, np.concatenate(arrays).astype("<f4").tobytes()


def write_reading_files(directory: Path, weights: dict | None = None, threshold: float | None = None) -> None:
    """Write reading.json and weights.bin (the shipped weights', by default) into `directory`."""
    weights = weights if weights is not None else load_arrays()
    threshold = not_a_digit_threshold() if threshold is None else threshold
    manifest, packed = manifest_and_weights(weights, threshold)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MANIFEST_NAME).write_text(json.dumps(manifest))
    (directory / WEIGHTS_NAME).write_bytes(packed)


def reading_directory(weights: dict, threshold: float) -> Path:
    """A temporary folder, outside the checkout and removed when the process ends, holding the reading files for a
    server to serve (the app)."""
    directory = Path(tempfile.mkdtemp(prefix="draw-a-digit-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    write_reading_files(directory, weights, threshold)
    return directory


def page_head(base_url: str) -> str:
    """The app page's <head> additions: the page's scripts, then where its reading files are served."""
    return "".join(f"<script>{static_text(name)}</script>" for name in SCRIPTS) + (
        f"<script>DrawADigit.configure({json.dumps(base_url)});</script>")


def static_text(name: str) -> str:
    """One of the page's own files (cnn/static), as text."""
    return (STATIC_DIRECTORY / name).read_text()


def layer_table_html() -> str:
    """The network's layers as an HTML table: output shape, kernel, parameters and the formula."""
    head = "".join(f"<th>{name}</th>" for name in views.LAYER_TABLE_HEADERS)
    body = "".join("<tr>" + "".join(f'<td{" class=number" if index == 4 else ""}>{html.escape(cell)}</td>'
                                    for index, cell in enumerate(row)) + "</tr>"
                   for row in views.layer_table_rows())
    return f'<table class="layers"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def build(directory: Path, app_url: str = LOCAL_APP_URL, weights: dict | None = None) -> list[Path]:
    """Write the static site into `directory` (made if missing): index.html, the page's scripts and styles, the
    reading files, the kernel pictures, and a README.md that makes the folder a static Hugging Face Space.
    Returns the files written."""
    weights = weights if weights is not None else load_arrays()
    directory.mkdir(parents=True, exist_ok=True)
    write_reading_files(directory, weights)
    for name in (*SCRIPTS, STYLESHEET, *SITE_FILES):
        shutil.copyfile(STATIC_DIRECTORY / name, directory / name)
    for name, picture in visualize.kernel_pictures(weights).items():
        encoded = io.BytesIO()
        Image.fromarray(picture).save(encoded, format="png", optimize=True)
        (directory / f"{name}_kernels.png").write_bytes(encoded.getvalue())
    metadata = read_metadata()
    config_script = json.dumps({"base": "./", "pad": pad_options()}).replace("</", "<\\/")
    page = Template(static_text("site.html")).substitute(
        pad=static_text("pad.html"), layer_table=layer_table_html(), app_url=html.escape(app_url),
        test_accuracy=f"{metadata['test_accuracy']:.2%}", config=config_script)
    (directory / "index.html").write_text(page)
    (directory / "README.md").write_text(SPACE_HEADER + "\nDraw-a-digit CNN, read in the browser. Built by "
                                         "`python -m cnn.site` from the project's shipped weights.\n")
    return sorted(path for path in directory.iterdir() if path.is_file())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Write the static site: Draw and Inside, read in the browser.")
    parser.add_argument("--out", type=Path, default=Path("site"), help="the folder to write (default: site/)")
    parser.add_argument("--app-url", default=LOCAL_APP_URL, help="where the Learn and Train tabs send visitors")
    arguments = parser.parse_args(argv)
    files = build(arguments.out, arguments.app_url)
    total = sum(path.stat().st_size for path in files)
    print(f"wrote {len(files)} files, {total / 1e6:.2f} MB, into {arguments.out}/; serve it with "
          f"`python -m http.server -d {arguments.out}` or push the folder to a static Space")


if __name__ == "__main__":
    main()

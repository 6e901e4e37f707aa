"""cnn.site: the files a browser reads drawings with, and the static site built from them (no browser here)."""

import json

import numpy as np
import pytest

from cnn import preprocess, segment, site, strokes, views
from cnn.weights import load_arrays

MAXIMUM_SITE_BYTES = 3_000_000  # A static Space the issue asks for: at most 3 MB.


@pytest.fixture(scope="module")
def manifest_and_weights(reader):
    """From the weights file read without TensorFlow, as the app's start reads it."""
    return site.manifest_and_weights(load_arrays(), reader.threshold)


@pytest.mark.parametrize("name, python_value", [
    ("working_size", preprocess.WORKING_SIZE), ("mnist_stroke_width", preprocess.MNIST_STROKE_WIDTH),
    ("ink_threshold", preprocess.INK_THRESHOLD), ("mnist_centre", list(preprocess.MNIST_CENTRE)),
    ("pressure_scale", list(strokes.PRESSURE_SCALE)), ("maximum_digits", segment.MAXIMUM_DIGITS),
    ("overlap_fraction", segment.OVERLAP_FRACTION), ("pen_fraction", segment.PEN_FRACTION),
    ("joined_distance", segment.JOINED_DISTANCE), ("touching_aspect", segment.TOUCHING_ASPECT),
    ("pad_maybe_touching_aspect", segment.PAD_MAYBE_TOUCHING_ASPECT),
    ("surely_one_digit", segment.SURELY_ONE_DIGIT),
])
def test_the_browser_reads_with_the_python_constants(manifest_and_weights, name, python_value):
    manifest, _ = manifest_and_weights
    assert manifest["constants"][name] == python_value


def test_the_threshold_and_the_words_are_the_shipped_ones(manifest_and_weights, reader):
    manifest, _ = manifest_and_weights
    assert manifest["constants"]["threshold"] == reader.threshold
    assert manifest["page"]["sentences"]["empty"] == views.EMPTY_HINT
    assert manifest["page"]["not_a_digit"] == views.NOT_A_DIGIT


def test_the_weights_file_holds_every_tensor_of_the_model_in_order(manifest_and_weights, model):
    manifest, weights = manifest_and_weights
    values = np.frombuffer(weights, "<f4")
    tensors = [(layer["name"], name, tensor) for layer in manifest["layers"]
               for name, tensor in layer.get("tensors", {}).items()]
    assert sum(np.prod(tensor["shape"]) for _, _, tensor in tensors) == values.size == model.count_params()
    for layer_name, name, tensor in tensors:
        expected = getattr(model.get_layer(layer_name), name).numpy()
        stored = values[tensor["offset"]: tensor["offset"] + expected.size].reshape(tensor["shape"])
        np.testing.assert_array_equal(stored, expected)
    assert [layer["kind"] for layer in manifest["layers"]] == ["conv", "pool", "conv", "pool", "flatten", "dense",
                                                               "dense"]
    assert manifest["output_shapes"] == {layer.name: list(layer.output.shape[1:]) for layer in model.layers}


def test_the_static_site_is_small_whole_and_needs_nothing_from_elsewhere(static_site):
    _, folder = static_site
    names = {path.name for path in folder.iterdir()}
    assert {"index.html", "README.md", site.MANIFEST_NAME, site.WEIGHTS_NAME, *site.SCRIPTS, site.STYLESHEET,
            *site.SITE_FILES, "conv1_kernels.png", "conv2_kernels.png"} <= names
    assert sum(path.stat().st_size for path in folder.iterdir()) <= MAXIMUM_SITE_BYTES
    page = (folder / "index.html").read_text()
    # Offline once loaded: every script, style and picture is one of its own files.
    for attribute in ("src=", "href="):
        for value in page.split(attribute)[1:]:
            target = value.split(value[0])[1]
            assert target in names or target == site.LOCAL_APP_URL, target
    config = json.loads(page.split('id="site-config">')[1].split("</script>")[0])
    assert config["pad"]["side"] == site.PAD_SIDE and config["base"] == "./"
    assert "sdk: static" in (folder / "README.md").read_text()


def test_the_app_page_gets_the_scripts_and_where_its_files_are(tmp_path):
    head = site.page_head("gradio_api/file=/tmp/somewhere/")
    assert head.count("<script>") == len(site.SCRIPTS) + 1
    assert 'DrawADigit.configure("gradio_api/file=/tmp/somewhere/")' in head

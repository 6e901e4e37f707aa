"""The lecture's architecture, its parameter counts, and what the shipped weights must get right."""

import numpy as np
import pytest

import cnn
from cnn import config

# Layer -> (output shape, kernel (w, h, C, D) or dense (inputs, units), parameters by (w x h x C + 1) x D).
EXPECTED_LAYERS = [
    ("conv1", (28, 28, 32), (3, 3, 1, 32), (3 * 3 * 1 + 1) * 32),
    ("pool1", (14, 14, 32), None, 0),
    ("conv2", (14, 14, 64), (3, 3, 32, 64), (3 * 3 * 32 + 1) * 64),
    ("pool2", (7, 7, 64), None, 0),
    ("flatten", (3136,), None, 0),
    ("dense", (128,), (3136, 128), (3136 + 1) * 128),
    ("output", (10,), (128, 10), (128 + 1) * 10),
]


@pytest.fixture(scope="module")
def table():
    return {row["name"]: row for row in cnn.layer_table(cnn.build_model())}


def test_layers_are_named_and_ordered_as_taught():
    assert tuple(layer.name for layer in cnn.build_model().layers) == config.LAYER_NAMES


@pytest.mark.parametrize("name, output_shape, kernel_shape, parameters", EXPECTED_LAYERS)
def test_each_layer_matches_the_formula(table, name, output_shape, kernel_shape, parameters):
    row = table[name]
    assert row["output_shape"] == output_shape
    assert row["kernel_shape"] == kernel_shape
    assert row["parameters"] == parameters
    if kernel_shape is not None and len(kernel_shape) == 4:
        width, height, channels, filters = kernel_shape
        assert row["formula"] == f"({width} x {height} x {channels} + 1) x {filters}"


def test_total_parameters():
    assert cnn.build_model().count_params() == sum(parameters for *_, parameters in EXPECTED_LAYERS) == 421_642


def test_activations_are_relu_then_softmax():
    model = cnn.build_model()
    activations = {layer.name: layer.activation.__name__ for layer in model.layers if hasattr(layer, "activation")}
    assert activations == {"conv1": "relu", "conv2": "relu", "dense": "relu", "output": "softmax"}
    assert all(model.get_layer(name).padding == "same" for name in ("conv1", "conv2"))


def test_shipped_weights_read_mnist_test_digits(model, mnist_sample):
    images, labels = mnist_sample
    probabilities = model(images[..., None].astype(np.float32) / 255.0, training=False).numpy()
    assert probabilities.shape == (len(images), 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    accuracy = float(np.mean(probabilities.argmax(axis=1) == labels))
    assert accuracy >= 0.99, f"shipped weights read {accuracy:.3f} of 1,000 MNIST test digits"


def test_shipped_metadata_records_the_full_test_accuracy():
    metadata = cnn.read_metadata()
    assert metadata["test_accuracy"] >= 0.994
    assert metadata["test_accuracy_through_to_mnist"] >= 0.99
    assert metadata["test_accuracy_redrawn"]["outlined"] >= 0.99
    assert metadata["test_accuracy_redrawn"]["thinned"] >= 0.985
    assert metadata["redrawn_training_styles"] == {"outlined": 36_667, "thinned": 18_333}
    assert metadata["run_seconds"] < 3600  # One `python -m cnn.train` run, drawings and evaluation included.
    assert metadata["test_examples"] == 10_000
    assert metadata["parameters"] == 421_642
    assert np.asarray(metadata["confusion_matrix"]).sum() == 10_000
    held_out = metadata["handwriting_held_out"]  # Hands training never saw.
    assert held_out["examples"] == 5_000 and held_out["accuracy"] >= 0.995
    assert min(held_out["per_class_accuracy"]) >= 0.97 and held_out["confident_wrong_rate"] <= 0.005


def test_reader_gives_the_same_answer_as_the_keras_model(model, reader, mnist_sample):
    images, _ = mnist_sample
    image = images[0].astype(np.float32) / 255.0
    expected = model(image[None, :, :, None], training=False).numpy()[0]
    outputs = reader.layer_outputs(image)
    np.testing.assert_allclose(outputs["output"], expected, atol=1e-6)
    assert {name: output.shape for name, output in outputs.items()} == {
        name: shape for name, shape, _, _ in EXPECTED_LAYERS}

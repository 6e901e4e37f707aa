"""The lecture's architecture, its parameter counts, and what the shipped weights must get right."""

import numpy as np
import pytest

import cnn
from cnn import config, nondigits
from cnn.redraw import redrawn_digits
from tests import stored_drawings
from tests.unit.test_strokes import FOUR, ONE, SEVEN, pad

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
    return {row["name"]: row for row in cnn.layer_table()}


def test_layers_are_named_and_ordered_as_taught():
    assert tuple(layer.name for layer in cnn.build_model().layers) == cnn.LAYER_NAMES


def test_the_table_drawn_without_tensorflow_is_the_keras_network(table):
    for layer in cnn.build_model().layers:
        row = table[layer.name]
        assert (row["kind"], row["output_shape"], row["parameters"]) == (
            type(layer).__name__, tuple(layer.output.shape[1:]), layer.count_params())


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
    # The aim for the redrawn test digits: 99%. These weights read 99.02% outlined and 98.46% thinned.
    assert metadata["test_accuracy_redrawn"]["outlined"] >= 0.99
    assert metadata["test_accuracy_redrawn"]["thinned"] >= 0.984
    assert metadata["redrawn_training_styles"] == {"outlined": 36_667, "thinned": 18_333}
    assert metadata["run_seconds"] < 3600  # One `python -m cnn.train` run, drawings and evaluation included.
    assert metadata["test_examples"] == 10_000
    assert metadata["parameters"] == 421_642
    assert np.asarray(metadata["confusion_matrix"]).sum() == 10_000
    held_out = metadata["handwriting_held_out"]  # Hands training never saw.
    assert held_out["examples"] == 5_000 and held_out["accuracy"] >= 0.995
    assert min(held_out["per_class_accuracy"]) >= 0.97 and held_out["confident_wrong_rate"] <= 0.005
    # Shapes training never saw (23: Latin U u y k, ae, L with a stroke, thorn, eng; Yu, Short I, eta and Korean
    # hieut, bieup, pieup, chieut; fish, hash, wave, moon, snowflake, butterfly, candle, bell); the aim is 90%,
    # each kind 85%, at most 1% of digits refused. These weights tell 79.6% of them (other scripts 76.3%: eta is a 7
    # with a stub) and refuse at most 0.74% of any set of test digits but the thinned redraws (1.09%), which no person
    # draws (benchmarks.not_a_digit, docs/not-a-digit.md). The weights before told 74.7% of the 23 on the pad.
    not_a_digit = metadata["not_a_digit"]
    assert not_a_digit["nondigits_held_out"]["flagged"] >= 0.78
    assert min(not_a_digit["nondigits_held_out"]["flagged_per_kind"].values()) >= 0.74
    refused = not_a_digit["digits_refused"]
    assert max(refused["mnist_test"], refused["mnist_test_through_to_mnist"], refused["mnist_test_redrawn_outlined"],
               refused["handwriting_held_out"]) <= 0.01
    assert refused["mnist_test_redrawn_thinned"] <= 0.0125


def test_reader_gives_the_same_answer_as_the_keras_model(model, reader, mnist_sample):
    images, _ = mnist_sample
    image = images[0].astype(np.float32) / 255.0
    expected = model(image[None, :, :, None], training=False).numpy()[0]
    outputs = reader.layer_outputs(image)
    np.testing.assert_allclose(outputs["output"], expected, atol=1e-6)
    assert {name: output.shape for name, output in outputs.items()} == {
        name: shape for name, shape, _, _ in EXPECTED_LAYERS}


# --- Not a digit: drawings of letters and doodles get "not a digit", digits of every kind keep their answer -------

def _circle(centre_x, centre_y, radius, start=0, end=360, points=48):
    angles = np.radians(np.linspace(start, end, points))
    return list(zip(centre_x + radius * np.cos(angles), centre_y + radius * np.sin(angles)))


NOT_DIGITS = {
    "capital A": pad([(70, 250), (140, 30), (210, 250)], [(100, 165), (180, 165)]),
    "capital K": pad([(90, 30), (90, 250)], [(200, 30), (92, 150)], [(125, 120), (210, 250)]),
    "smiley": pad(_circle(140, 140, 105), [(100, 105), (101, 106)], [(180, 105), (181, 106)],
                  _circle(140, 150, 55, 20, 160, 16)),
    "zig-zag scribble": pad([(30, 200), (70, 60), (110, 220), (150, 50), (190, 210), (230, 70), (255, 190)]),
}


@pytest.mark.parametrize("name", NOT_DIGITS)
def test_a_drawing_that_is_no_digit_is_read_as_not_a_digit(reader, name):
    reading = reader.read(NOT_DIGITS[name])
    assert not reading.is_digit, f"{name} read as {reading.digit} ({reading.probabilities.max():.0%})"
    assert reading.digit_likeness < reading.threshold
    np.testing.assert_allclose(reading.probabilities.sum(), 1.0, rtol=1e-5)  # Its ten probabilities stay.


@pytest.mark.parametrize("value, digit", [(SEVEN, 7), (ONE, 1), (FOUR, 4)])
def test_drawn_digits_are_digits(reader, value, digit):
    reading = reader.read(value)
    assert reading.is_digit and reading.digit == digit


def _answers(reader, images):
    """uint8 (N, 28, 28) inputs -> (N, 10) the shipped model's probabilities."""
    return reader.layer_outputs_batch(images.astype(np.float32) / 255)["output"]


def _told_not_a_digit(reader, probabilities):
    """(N, 10) answers -> (N,) whether each is "not a digit"."""
    return cnn.inference.digit_likeness(probabilities) < reader.threshold


def test_hardly_any_mnist_test_digit_is_refused(reader, mnist_sample):
    images, _ = mnist_sample
    assert np.mean(_told_not_a_digit(reader, _answers(reader, images))) <= 0.01


def test_shipped_model_reads_hands_it_never_saw(reader, stored):
    images, labels = stored["held_out_hands"]  # 400 digits in cnn.handwriting's held-out hands.
    probabilities = _answers(reader, images)
    predictions = probabilities.argmax(axis=1)
    per_digit = [float(np.mean(predictions[labels == digit] == digit)) for digit in range(10)]
    assert min(per_digit) >= 0.95 and np.mean(predictions == labels) >= 0.97, per_digit
    # Hardly any is refused as "not a digit".
    assert np.mean(_told_not_a_digit(reader, probabilities)) <= 0.01


@pytest.mark.parametrize("style, least_accuracy", [("outlined", 0.98), ("thinned", 0.97)])
def test_shipped_model_reads_mnist_digits_redrawn_as_pen_drawings(model, stored, style, least_accuracy):
    images, labels = stored[f"redrawn_{style}"]  # The first 300 MNIST test digits, redrawn with a seed of their own.
    predictions = model(images[..., None].astype(np.float32) / 255.0, training=False).numpy().argmax(axis=1)
    accuracy = float(np.mean(predictions == labels))
    assert accuracy >= least_accuracy, f"shipped model read {accuracy:.3f} of 300 MNIST test digits redrawn {style}"


# A digit written back to front or upside down, as children do, is no digit (a 7 turned round is an L). Of these
# 1,000 test digits turned each way the shipped weights tell 95.6-99.1%, turned round 89.9%. Run 28's weights, trained
# without turned digits among the drawings that are no digit, told under 85% on four of the five turns.
@pytest.mark.parametrize("turn", nondigits.TURNS)
def test_digits_mirrored_or_turned_into_no_digit_are_told_not_a_digit(reader, mnist_sample, turn):
    images, labels = mnist_sample
    turnable = np.isin(labels, nondigits.TURNS[turn][1])
    turned = np.stack([nondigits.IMAGE_TURNS[turn](image) for image in images[turnable]])
    told = _told_not_a_digit(reader, _answers(reader, turned))
    assert told.mean() >= 0.85, {digit: round(float(told[labels[turnable] == digit].mean()), 3)
                                 for digit in nondigits.TURNS[turn][1]}


# Typed in fonts training never used (tests/stored_drawings.py): the shipped weights tell 89.9%, 87.8% and 91.9%
# (the weights before 89.3%, 90.1%, 91.9%: training's own letters now redrawn too, a third of them, cost the typed
# fonts two points and gave the pen-stroke lettering below up to fourteen).
@pytest.mark.parametrize("kind, least_told", [("latin", 0.88), ("other scripts", 0.86), ("doodles", 0.90)])
def test_letters_and_signs_typed_in_a_style_training_never_used_are_told_not_a_digit(reader, stored, kind,
                                                                                     least_told):
    images, characters = stored[stored_drawings.typed_name(kind)]
    told = _told_not_a_digit(reader, _answers(reader, images))
    assert told.mean() >= least_told, sorted(set(characters[~told]))


# The same characters redrawn as pen strokes (their centre line with a random pen, as the MNIST test digits are
# redrawn): lettering in one pen line, as stroke fonts and people draw it. The shipped weights tell 92.1%, 86.4% and
# 83.2% of these (the weights before 92.6%, 85.6%, 68.9%): a diamond's corners come back round, a 0, and the
# knight and the filled club come back as outlines no training doodle resembles.
@pytest.mark.parametrize("kind, least_told", [("latin", 0.90), ("other scripts", 0.84), ("doodles", 0.80)])
def test_letters_and_signs_typed_then_redrawn_as_pen_strokes_are_told_not_a_digit(reader, stored, kind, least_told):
    images, characters = stored[stored_drawings.typed_name(kind)]
    redrawn = redrawn_digits(images, stored_drawings.REDRAW_SEED, "thinned")
    told = _told_not_a_digit(reader, _answers(reader, redrawn))
    assert told.mean() >= least_told, sorted(set(characters[~told]))


@pytest.fixture(scope="module")
def katex_typed():
    """KaTeX's fonts (benchmarks.typed; in Gradio's package, so on every machine the app runs on) ->
    {kind: (uint8 (N, 28, 28) images through to_mnist, (N,) characters)}."""
    from benchmarks.typed import typed_set
    from cnn.preprocess import to_mnist_uint8

    typed = {kind: list(typed_set(kind, "KaTeX")) for kind in ("latin", "other scripts", "digits")}
    return {kind: (np.stack([to_mnist_uint8(picture) for *_, picture in items]),
                   np.array([character for character, *_ in items])) for kind, items in typed.items()}


# A second family of fonts, a style of its own: Computer Modern's serif, sans serif, typewriter and italic faces,
# Fraktur, script and calligraphic capitals (KaTeX's; it has no Cyrillic and five doodle signs). The shipped weights
# tell 87.1% of its 521 Latin letters (script capitals 63%, the hardest face) and 94.0% of its 134 Greek ones.
@pytest.mark.parametrize("kind, least_told", [("latin", 0.85), ("other scripts", 0.90)])
def test_letters_typed_in_another_family_of_fonts_are_told_not_a_digit(reader, katex_typed, kind, least_told):
    images, characters = katex_typed[kind]
    told = _told_not_a_digit(reader, _answers(reader, images))
    assert told.mean() >= least_told, sorted(set(characters[~told]))


def test_digits_typed_in_another_family_of_fonts_are_read_and_not_refused(reader, katex_typed):
    # 120 digits; the shipped weights read 95.0%: Computer Modern's 6 with its tight curl is taken for a 0, and
    # the italic maths faces write old-style figures (a 6 rising above the others).
    images, characters = katex_typed["digits"]
    probabilities = _answers(reader, images)
    assert np.mean(probabilities.argmax(axis=1) == characters.astype(int)) >= 0.93
    assert np.mean(_told_not_a_digit(reader, probabilities)) <= 0.01


@pytest.mark.parametrize("redrawn_as_strokes", [False, True])
def test_typed_digits_are_read_and_not_refused(reader, stored, redrawn_as_strokes):
    images, characters = stored["typed_digits"]
    if redrawn_as_strokes:
        images = redrawn_digits(images, stored_drawings.REDRAW_SEED, "thinned")
    probabilities = _answers(reader, images)
    assert np.mean(probabilities.argmax(axis=1) == characters.astype(int)) >= 0.98
    assert np.mean(_told_not_a_digit(reader, probabilities)) <= 0.01


def test_the_threshold_is_the_one_training_wrote(reader):
    assert reader.threshold == cnn.read_metadata()["not_a_digit"]["threshold"] > 0.2


def test_the_shipped_weights_come_from_this_recipe():
    # A change to the recipe's constants without a training run would leave the weights describing another one.
    metadata = cnn.read_metadata()
    assert metadata["seed"] == config.TRAINING_SEED
    assert metadata["nondigit_weight"] == config.NONDIGIT_WEIGHT
    assert metadata["not_a_digit"]["refused_digits_fraction"] == config.REFUSED_DIGITS_FRACTION

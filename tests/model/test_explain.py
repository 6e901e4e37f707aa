"""The Learn tab's lessons: the arithmetic shown equals the network's own numbers, from real forward passes."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from cnn import colors, config, explain, teaching, visualize
from cnn.kernels import DESIGNED_KERNELS, convolve_same, filter_responses, learned_kernels_like_designed


@pytest.fixture(scope="module")
def reading(reader):
    return reader.read(config.EXAMPLES_DIRECTORY / "4.png")


def test_designed_kernels_do_what_their_names_say():
    image = np.zeros((28, 28), np.float32)
    image[:, 14:] = 1.0  # A vertical edge.
    responses = filter_responses(DESIGNED_KERNELS, image)
    sobel_x = responses["Sobel x (vertical edges)"]
    assert np.abs(sobel_x[5:-5, 13:15]).min() > 0 and np.abs(sobel_x[5:-5, :12]).max() == 0
    assert np.abs(responses["Sobel y (horizontal edges)"][5:-5, 5:-5]).max() == 0
    np.testing.assert_allclose(responses["box blur"][10, 20], 1.0, rtol=1e-6)


def test_each_designed_kernel_gets_the_most_alike_learned_kernel(model):
    learned = learned_kernels_like_designed(model.get_layer("conv1").kernel.numpy())
    kernels = model.get_layer("conv1").kernel.numpy()[:, :, 0, :]
    assert len(learned) == len(DESIGNED_KERNELS)  # One each, none picked twice.
    for (name, kernel), designed in zip(learned.items(), DESIGNED_KERNELS.values()):
        np.testing.assert_array_equal(kernel, kernels[:, :, int(name.split()[-1])])
        if np.ptp(designed) > 0:  # Edge and sharpen kernels: no unpicked kernel is more alike.
            def likeness(candidate):
                a, b = designed - designed.mean(), candidate - candidate.mean()
                return abs(float((a * b).sum())) / (np.linalg.norm(a) * np.linalg.norm(b))
            picked = [int(other.split()[-1]) for other in learned]
            assert likeness(kernel) >= max(likeness(kernels[:, :, index]) for index in range(kernels.shape[2])
                                           if index not in picked) - 1e-6


def test_each_kernel_sits_above_its_response_when_both_rows_share_a_width(model, reading):
    kernels = learned_kernels_like_designed(model.get_layer("conv1").kernel.numpy())
    responses = list(filter_responses(kernels, reading.image).values())
    numbers, shown = visualize.kernels_row(kernels, "learned"), visualize.responses_row(responses)
    indices = np.asarray(shown)
    assert numbers.shape[1] == visualize.KERNEL_ROW_SCALE * shown.width
    scale = visualize.KERNEL_ROW_SCALE
    grids = numbers[-28 * scale:]  # The number grids, below the kernels' names.
    for index, response in enumerate(responses):
        left = index * 29  # 28 px a response, 1 px gaps.
        np.testing.assert_array_equal(indices[:, left: left + 28], colors.diverging_indices(response))
        # Its kernel's grid spans the same columns, scaled: shaded from its first column to its last.
        assert (grids[:, left * scale: (left + 28) * scale] != 255).any(axis=2).any(axis=0).all()
        if index:
            assert (grids[:, left * scale - 1] == 255).all()  # The gap before it is white.


def test_convolve_same_matches_keras_conv1_before_relu(model, reading):
    kernel = model.get_layer("conv1").kernel.numpy()[:, :, 0, 3]
    bias = model.get_layer("conv1").bias.numpy()[3]
    ours = np.maximum(convolve_same(reading.image, kernel) + bias, 0)
    np.testing.assert_allclose(ours, reading.layer_outputs["conv1"][:, :, 3], atol=1e-5)


UNITS = [("conv1", 0, 0, 0), ("conv1", 14, 12, 5), ("conv1", 27, 27, 31),
         ("conv2", 0, 0, 0), ("conv2", 7, 6, 11), ("conv2", 13, 13, 63), ("conv2", 6, 8, 40)]


@pytest.mark.parametrize("layer, row, column, channel", UNITS)
def test_the_arithmetic_shown_equals_the_layer_output(model, reading, layer, row, column, channel):
    unit = explain.unit_arithmetic(model, reading.image, reading.layer_outputs, layer, row, column, channel)
    assert unit["patch"].shape == unit["kernel"].shape == unit["products"].shape
    assert unit["patch"].shape[2] == (1 if layer == "conv1" else config.CONV1_FILTERS)
    assert unit["relu"] == pytest.approx(unit["layer_output"], abs=1e-4)
    assert unit["total"] == pytest.approx(float(unit["products"].sum()) + unit["bias"], abs=1e-6)
    text = teaching.arithmetic_markdown(unit)
    assert f"{unit['layer_output']:.4f}" in text


@pytest.mark.parametrize("layer, row, column, expected", [
    ("conv1", 10, 10, (9, 9, 11, 11)),
    ("conv1", 0, 0, (0, 0, 1, 1)),
    ("pool1", 5, 5, (9, 9, 12, 12)),
    ("conv2", 5, 5, (7, 7, 14, 14)),
    ("pool2", 3, 3, (9, 9, 18, 18)),
])
def test_receptive_fields_grow_layer_by_layer(layer, row, column, expected):
    assert explain.receptive_field(layer, row, column) == expected


def test_bad_units_are_refused(model, reading):
    with pytest.raises(ValueError):
        explain.unit_arithmetic(model, reading.image, reading.layer_outputs, "conv2", 14, 0, 0)
    with pytest.raises(ValueError):
        explain.unit_arithmetic(model, reading.image, reading.layer_outputs, "dense", 0, 0, 0)


def test_shift_numbers_come_from_real_forward_passes(model, reader, reading):
    rows = explain.lesson_numbers(model, reading.image)["shift_rows"]
    assert [row["shift"] for row in rows] == [0, *explain.SHIFTS]
    assert all(change == 0 for change in rows[0]["changes"].values())
    one_pixel = rows[1]
    moved = reader.layer_outputs(explain.shift_image(reading.image, 0, 1))
    expected = np.linalg.norm(moved["pool1"] - reading.layer_outputs["pool1"]) / np.linalg.norm(
        reading.layer_outputs["pool1"])
    assert one_pixel["changes"]["pool1"] == pytest.approx(expected, rel=1e-4)
    # The lecture's claim on this drawing: pooling changes less than the convolution before it.
    assert one_pixel["changes"]["pool1"] < one_pixel["changes"]["conv1"]
    assert one_pixel["changes"]["pool2"] < one_pixel["changes"]["conv2"]
    assert one_pixel["digit"] == reading.digit
    assert "| 1 px |" in teaching.shift_markdown(rows)


def test_softmax_of_the_scores_is_the_output_layer(model, reading):
    steps = explain.softmax_steps(model, reading.layer_outputs)
    np.testing.assert_allclose(steps["probabilities"], reading.probabilities, atol=1e-5)
    assert int(np.argmax(steps["logits"])) == reading.digit
    assert "e^(y_i)" in teaching.softmax_markdown(steps)


def test_one_lesson_pass_gives_the_forward_pass_and_the_predicted_class(model, reading):
    numbers = explain.lesson_numbers(model, reading.image)
    assert numbers["class_index"] == reading.digit
    for name, output in reading.layer_outputs.items():
        # Two compiled float32 passes agree to float32's precision, relative for large activations.
        np.testing.assert_allclose(numbers["layer_outputs"][name], output, rtol=1e-5, atol=1e-5)
    # Saliency as the lecture defines it, by a plain gradient tape on the shipped model: the shifted
    # copies computed in the same pass do not leak into it.
    inputs = tf.constant(reading.image[None, :, :, None])
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        dense = keras.Model(model.inputs[0], model.get_layer("dense").output)(inputs)
        score = tf.matmul(dense, model.get_layer("output").kernel)[0, reading.digit]  # The bias adds no gradient.
    expected = np.abs(tape.gradient(score, inputs).numpy()[0, :, :, 0])
    np.testing.assert_allclose(numbers["saliency"], expected / expected.max(), atol=1e-5)


@pytest.mark.parametrize("class_index", [-1, 10])
def test_a_class_outside_0_to_9_is_refused(model, reading, class_index):
    with pytest.raises(ValueError, match="class_index must be 0-9"):
        explain.lesson_numbers(model, reading.image, class_index)


@pytest.mark.parametrize("class_index", [None, 0, 9])
def test_saliency_and_grad_cam_have_the_input_shape(model, reading, class_index):
    class_index = reading.digit if class_index is None else class_index
    numbers = explain.lesson_numbers(model, reading.image, class_index)
    saliency, grad_cam = numbers["saliency"], numbers["grad_cam"]
    assert numbers["class_index"] == class_index
    for heat in (saliency, grad_cam):
        assert heat.shape == (28, 28) and 0 <= heat.min() and heat.max() <= 1
    assert saliency.max() == pytest.approx(1.0)


@pytest.mark.parametrize("example", sorted(path.name for path in config.EXAMPLES_DIRECTORY.glob("*.png")))
def test_grad_cam_for_the_predicted_digit_lies_on_the_ink(model, reader, example):
    reading = reader.read(config.EXAMPLES_DIRECTORY / example)
    grad_cam = explain.lesson_numbers(model, reading.image, reading.digit)["grad_cam"]
    assert grad_cam.max() == pytest.approx(1.0)  # Not an empty picture.
    ink = reading.image > 0.2
    near_ink = np.zeros_like(ink)
    for row_offset in (-2, 0, 2):
        for column_offset in (-2, 0, 2):
            near_ink |= np.roll(np.roll(ink, row_offset, 0), column_offset, 1)
    assert grad_cam[near_ink].sum() > 0.8 * grad_cam.sum()


def test_filter_preferences_are_reproducible_and_excite_their_filter(model):
    first = explain.filter_preferences(model, steps=5)
    again = explain.filter_preferences(model, steps=5)
    np.testing.assert_array_equal(first, again)
    start = explain.filter_preferences(model, steps=0)

    conv2 = keras.Model(model.inputs[0], model.get_layer("conv2").output)
    gained = (conv2(first[..., None]).numpy().mean(axis=(1, 2)).diagonal()
              - conv2(start[..., None]).numpy().mean(axis=(1, 2)).diagonal())
    assert np.mean(gained >= 0) > 0.9


CELL = visualize.RECEPTIVE_FIELD_CELL


@pytest.mark.parametrize("x, y, pixel", [(5 * CELL + 3, 9 * CELL + 11, (9, 5)), (0, 0, (0, 0)),
                                         (28 * CELL - 1, 28 * CELL - 1, (27, 27)), (40 * CELL, -3, (0, 27))])
def test_a_click_on_the_receptive_field_picture_finds_its_pixel(x, y, pixel):
    assert visualize.input_pixel_at(x, y) == pixel


def test_the_receptive_field_picture_dims_what_the_unit_cannot_see():
    image = np.ones((28, 28), np.float32)
    top, left, bottom, right = field = explain.receptive_field("conv2", 3, 4)
    picture = visualize.receptive_field_picture(image, field)[::CELL, ::CELL]  # One sample per input pixel.
    seen = picture == 255
    assert picture.shape == (28, 28) and seen.sum() == 8 * 8 and seen[top: bottom + 1, left: right + 1].all()

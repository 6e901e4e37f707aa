"""Explain: the lecture's ideas computed on one drawing with the shipped network's real numbers.

- (designed kernels and the learned ones most like them need no network: `cnn.kernels`)
- one unit's arithmetic, patch x kernel + bias then ReLU, and its receptive field: `unit_arithmetic`;
- max pooling's tolerance of small shifts: `shift_effects`;
- all of the Learn tab's network numbers in one compiled pass: `lesson_numbers`;
- scores before softmax and the probabilities after: `softmax_steps`;
- where the evidence for a class lies: saliency and Grad-CAM, in `lesson_numbers`;
- what each conv2 filter responds to most: `filter_preferences` (gradient ascent from a fixed seed).
"""

import functools

import keras
import numpy as np
import tensorflow as tf

from cnn import config
from cnn.model import ARCHITECTURE, CONVOLUTION_LAYERS

# What each convolution reads, the layer before it: conv1 reads the image (None), conv2 reads pool1's maps.
LAYER_INPUT = {layer.name: ARCHITECTURE[index - 1].name if index else None
               for index, layer in enumerate(ARCHITECTURE) if layer.kind == "conv"}
# The layers that keep a picture's rows and columns, in order: a unit of each sees a patch of the input.
SPATIAL_LAYERS = tuple(layer for layer in ARCHITECTURE if layer.kind in ("conv", "pool"))
SHIFTS = (1, 2, 3)
SHIFT_LAYERS = ("conv1", "pool1", "conv2", "pool2", "output")
PREFERENCE_STEPS = 150
PREFERENCE_STEP_SIZE = 0.05
PREFERENCE_SEED = 0


def receptive_field(layer: str, row: int, column: int) -> tuple[int, int, int, int]:
    """The input pixels (top, left, bottom, right; inclusive, clipped to 28x28) that one unit of `layer` can see."""
    # Walk back through the layers: a 3x3 SAME convolution widens by one pixel each
    # side; a 2x2 pooling doubles the coordinates.
    names = [step.name for step in SPATIAL_LAYERS]
    if layer not in names:
        raise ValueError(f"layer must be one of {sorted(names)}, got {layer!r}")
    top, left, bottom, right = row, column, row, column
    for step in reversed(SPATIAL_LAYERS[: names.index(layer) + 1]):
        if step.kind == "conv":
            top, left, bottom, right = top - 1, left - 1, bottom + 1, right + 1
        else:
            top, left, bottom, right = 2 * top, 2 * left, 2 * bottom + 1, 2 * right + 1
    last = config.IMAGE_SIZE - 1
    return max(top, 0), max(left, 0), min(bottom, last), min(right, last)


def unit_arithmetic(model: keras.Model, image: np.ndarray, layer_outputs: dict, layer: str,
                    row: int, column: int, channel: int) -> dict:
    """The sum one convolution unit computes, term by term.

    Returns patch (3, 3, C) of the layer's input around (row, column) (zeros
    outside: SAME padding), kernel (3, 3, C), products (3, 3, C), per_channel
    sums (C,), bias, total = sum + bias, relu = max(total, 0), and the layer's
    own output at that unit for comparison.
    """
    if layer not in CONVOLUTION_LAYERS:
        raise ValueError(f"layer must be one of {CONVOLUTION_LAYERS}, got {layer!r}")
    source = image[:, :, None] if LAYER_INPUT[layer] is None else layer_outputs[LAYER_INPUT[layer]]
    height, width, _ = source.shape
    filters = model.get_layer(layer).kernel.shape[-1]
    if not (0 <= row < height and 0 <= column < width and 0 <= channel < filters):
        raise ValueError(f"{layer} has {height}x{width} positions and {filters} channels; "
                         f"got row {row}, column {column}, channel {channel}")
    padded = np.pad(source, ((1, 1), (1, 1), (0, 0)))
    patch = padded[row: row + 3, column: column + 3, :]
    kernel = model.get_layer(layer).kernel.numpy()[:, :, :, channel]
    bias = float(model.get_layer(layer).bias.numpy()[channel])
    products = patch * kernel
    total = float(products.sum()) + bias
    return {
        "layer": layer, "row": row, "column": column, "channel": channel,
        "patch": patch, "kernel": kernel, "products": products,
        "per_channel": products.sum(axis=(0, 1)), "bias": bias, "total": total, "relu": max(total, 0.0),
        "layer_output": float(layer_outputs[layer][row, column, channel]),
        "receptive_field": receptive_field(layer, row, column),
    }


def shift_image(image: np.ndarray, rows: int, columns: int) -> np.ndarray:
    """float (H, W) moved down `rows` and right `columns` pixels (negative: up/left).

    What leaves the image is lost and zeros come in, as when a drawing is moved on the canvas.
    """
    shifted = np.zeros_like(image)
    height, width = image.shape
    source = image[max(-rows, 0): height - max(rows, 0), max(-columns, 0): width - max(columns, 0)]
    shifted[max(rows, 0): max(rows, 0) + source.shape[0], max(columns, 0): max(columns, 0) + source.shape[1]] = source
    return shifted


def shift_effects(batch_outputs: dict, shifts=SHIFTS) -> list[dict]:
    """How much each layer's output changes when the input moves right by each shift, from real forward passes.

    `batch_outputs`: {layer name: (1 + len(shifts), ...)} for the image followed by
    its copies moved right by each shift, as `lesson_numbers` computes them.
    Change = |a(shifted) - a(original)| / |a(original)| over the whole layer
    (0 = unchanged, 1 = as large as the original). Returns one dict per shift (0
    first) with the change per layer in SHIFT_LAYERS, the predicted digit and its probability.
    """
    changes = {}
    for layer in SHIFT_LAYERS:
        outputs = batch_outputs[layer].reshape(len(shifts) + 1, -1)
        changes[layer] = (np.linalg.norm(outputs - outputs[0], axis=1)
                          / max(float(np.linalg.norm(outputs[0])), 1e-12)).tolist()
    probabilities = batch_outputs["output"]
    return [{"shift": shift, "changes": {layer: changes[layer][index] for layer in SHIFT_LAYERS},
             "digit": int(np.argmax(probabilities[index])), "probability": float(np.max(probabilities[index]))}
            for index, shift in enumerate((0, *shifts))]


def softmax_steps(model: keras.Model, layer_outputs: dict) -> dict:
    """The output layer's scores (logits) y = dense . W + b, e^y, their sum, and softmax = e^y / sum, each (10,)."""
    output = model.get_layer("output")
    logits = layer_outputs["dense"] @ output.kernel.numpy() + output.bias.numpy()
    exponentials = np.exp(logits - logits.max())  # The same ratios, without overflow.
    return {"logits": logits, "exponentials": exponentials, "sum": float(exponentials.sum()),
            "probabilities": exponentials / exponentials.sum()}


@functools.lru_cache(maxsize=4)
def _lesson_function(model: keras.Model):
    """One compiled pass for the Learn tab: every layer's output for an image and for its shifted copies, and the
    gradients of one class's score (the predicted class when given -1) by the image and by conv2's maps."""
    every_layer = keras.Model(inputs=model.inputs[0], outputs=[layer.output for layer in model.layers])
    names = [layer.name for layer in model.layers]
    conv2, dense = names.index("conv2"), names.index("dense")
    output = model.get_layer("output")

    @tf.function(input_signature=[tf.TensorSpec((1, *config.INPUT_SHAPE), tf.float32),
                                  tf.TensorSpec((len(SHIFTS), *config.INPUT_SHAPE), tf.float32),
                                  tf.TensorSpec((), tf.int32)])
    def lesson(image, shifted, class_index):
        with tf.GradientTape() as tape:
            tape.watch(image)
            outputs = every_layer(image, training=False)
            chosen = tf.where(class_index >= 0, class_index, tf.argmax(outputs[-1][0], output_type=tf.int32))
            # The class's score before softmax: softmax would couple it to every other class.
            score = (tf.matmul(outputs[dense], output.kernel) + output.bias)[0, chosen]
        # One backward sweep gives both gradients; conv2's lies on the way to the image's.
        input_gradient, map_gradient = tape.gradient(score, [image, outputs[conv2]])
        # The shifted copies go through outside the tape: no gradients are computed for them.
        shifted_outputs = every_layer(shifted, training=False)
        batch_outputs = {name: tf.concat([mine, theirs], axis=0)
                         for name, mine, theirs in zip(names, outputs, shifted_outputs)}
        return batch_outputs, chosen, input_gradient[0, :, :, 0], map_gradient[0]

    # Calling the traced function directly skips tf.function's argument matching (0.35 ms a call).
    return lesson.get_concrete_function()


def lesson_numbers(model: keras.Model, image: np.ndarray, class_index: int | None = None) -> dict:
    """float (28, 28) -> every number the Learn tab needs, from one compiled pass of the network.

    Returns layer_outputs ({layer name: output for the image}), shift_rows
    (`shift_effects` for the image moved right by each of SHIFTS), class_index (the
    given class, or the predicted digit), and saliency and grad_cam ((28, 28) in
    [0, 1]) for that class. Saliency is |d score / d pixel|: how much each pixel
    sways the score. Grad-CAM multiplies conv2's 64 maps by their gradients, adds
    them up and keeps the positive part: where in the image the evidence for the class lies.
    """
    if class_index is not None and not 0 <= class_index < config.NUM_CLASSES:
        raise ValueError(f"class_index must be 0-{config.NUM_CLASSES - 1}, got {class_index}")
    image = np.asarray(image, np.float32)
    shifted = np.zeros((len(SHIFTS), *image.shape), np.float32)
    for index, shift in enumerate(SHIFTS):
        shifted[index] = shift_image(image, 0, shift)
    outputs, chosen, input_gradient, map_gradients = _lesson_function(model)(
        tf.constant(image[None, :, :, None]), tf.constant(shifted[..., None]),
        tf.constant(-1 if class_index is None else class_index, tf.int32))
    batch_outputs = {name: output.numpy() for name, output in outputs.items()}
    saliency = np.abs(input_gradient.numpy())
    # Grad-CAM in its per-place form: conv2's maps times their gradients there, summed over the maps, the positive
    # part kept. (Weighing each map by its gradient averaged over the whole map, as Grad-CAM first did, left the
    # picture empty for a 0 or a 5: conv2's gradients pass only where pooling kept a maximum, and their averages
    # came out negative.)
    heat = np.maximum((batch_outputs["conv2"][0] * map_gradients.numpy()).sum(axis=2), 0.0)
    heat = np.repeat(np.repeat(heat, 2, axis=0), 2, axis=1)  # conv2 is 14x14: each unit covers 2x2 input pixels.
    return {
        "layer_outputs": {name: output[0] for name, output in batch_outputs.items()},
        "shift_rows": shift_effects(batch_outputs),
        "class_index": int(chosen),
        "saliency": saliency / max(float(saliency.max()), 1e-12),
        "grad_cam": heat / max(float(heat.max()), 1e-12),
    }


def filter_preferences(model: keras.Model, layer: str = "conv2", steps: int = PREFERENCE_STEPS,
                       seed: int = PREFERENCE_SEED) -> np.ndarray:
    """(D, 28, 28) in [0, 1]: for each filter of `layer`, an input that excites it most (gradient ascent).

    Every filter starts from the same faint noise (fixed seed), so the result is
    the same on every run; all filters are optimised together in one batch.
    """
    filters = model.get_layer(layer).kernel.shape[-1]
    feature_model = keras.Model(inputs=model.inputs[0], outputs=model.get_layer(layer).output)
    generator = np.random.default_rng(seed)
    start = 0.5 + 0.05 * generator.standard_normal((1, *config.INPUT_SHAPE)).astype(np.float32)
    images = tf.Variable(np.repeat(start, filters, axis=0))
    selector = tf.one_hot(tf.range(filters), filters)  # Image k is scored by filter k.
    for _ in range(steps):
        with tf.GradientTape() as tape:
            activations = feature_model(images, training=False)
            objective = tf.reduce_sum(tf.reduce_mean(activations, axis=(1, 2)) * selector)
        gradient = tape.gradient(objective, images)
        gradient /= tf.sqrt(tf.reduce_mean(tf.square(gradient), axis=(1, 2, 3), keepdims=True)) + 1e-8
        images.assign(tf.clip_by_value(images + PREFERENCE_STEP_SIZE * gradient, 0.0, 1.0))
    return images.numpy()[:, :, :, 0]

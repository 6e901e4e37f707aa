"""Model: the lecture's CNN, defined once, and a table of its layers.

    conv1   Conv2D 32 3x3 ReLU SAME   28x28x1  -> 28x28x32
    pool1   MaxPool 2x2               28x28x32 -> 14x14x32
    conv2   Conv2D 64 3x3 ReLU SAME   14x14x32 -> 14x14x64
    pool2   MaxPool 2x2               14x14x64 -> 7x7x64
    flatten                           7x7x64   -> 3136
    dense   Dense 128 ReLU            3136     -> 128
    output  Dense 10 softmax          128      -> 10
"""

import keras
from keras import layers

from cnn import config


def build_model(seed: int | None = None) -> keras.Sequential:
    """Return the untrained lecture CNN: (N, 28, 28, 1) in [0, 1] -> (N, 10) probabilities. With `seed`, its
    starting weights are drawn from that seed alone (Keras's default initialisers, seeded), not the process's."""
    def initial(layer: int):
        return {} if seed is None else {"kernel_initializer": keras.initializers.GlorotUniform(seed=seed + layer)}

    return keras.Sequential(
        [
            keras.Input(shape=config.INPUT_SHAPE, name="image"),
            layers.Conv2D(config.CONV1_FILTERS, config.KERNEL_SIZE, activation="relu",
                          padding="same", name="conv1", **initial(0)),
            layers.MaxPooling2D(config.POOL_SIZE, name="pool1"),
            layers.Conv2D(config.CONV2_FILTERS, config.KERNEL_SIZE, activation="relu",
                          padding="same", name="conv2", **initial(1)),
            layers.MaxPooling2D(config.POOL_SIZE, name="pool2"),
            layers.Flatten(name="flatten"),
            layers.Dense(config.DENSE_UNITS, activation="relu", name="dense", **initial(2)),
            layers.Dense(config.NUM_CLASSES, activation="softmax", name="output", **initial(3)),
        ],
        name="lecture_cnn",
    )


def compile_model(model: keras.Model, learning_rate=config.LEARNING_RATE, soft_labels: bool = False) -> keras.Model:
    """Attach the lecture's loss (cross-entropy) and optimizer (Adam); return the same model.

    Labels are digits (N,), or with `soft_labels` (N, 10) target probabilities (a drawing that is no digit
    targets 0.1 for each)."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="categorical_crossentropy" if soft_labels else "sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def layer_table(model: keras.Model) -> list[dict]:
    """Describe each layer: name, output shape, kernel shape (w, h, C, D), the formula and parameters.

    Convolutions count (w x h x C + 1) x D; a dense layer is the same formula with
    a 1x1 "kernel" over C inputs. Pooling and flatten have no parameters.
    """
    rows = []
    for layer in model.layers:
        output_shape = tuple(layer.output.shape[1:])
        row = {
            "name": layer.name,
            "kind": type(layer).__name__,
            "output_shape": output_shape,
            "kernel_shape": None,
            "formula": "no parameters",
            "parameters": layer.count_params(),
        }
        if isinstance(layer, layers.Conv2D):
            height, width, channels, filters = layer.kernel.shape
            row["kernel_shape"] = (width, height, channels, filters)
            row["formula"] = f"({width} x {height} x {channels} + 1) x {filters}"
        elif isinstance(layer, layers.Dense):
            inputs, units = layer.kernel.shape
            row["kernel_shape"] = (inputs, units)
            row["formula"] = f"({inputs} + 1) x {units}"
        rows.append(row)
    return rows

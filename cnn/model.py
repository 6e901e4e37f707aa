"""Model: the lecture's CNN, defined once, and a table of its layers.

    conv1   Conv2D 32 3x3 ReLU SAME   28x28x1  -> 28x28x32
    pool1   MaxPool 2x2               28x28x32 -> 14x14x32
    conv2   Conv2D 64 3x3 ReLU SAME   14x14x32 -> 14x14x64
    pool2   MaxPool 2x2               14x14x64 -> 7x7x64
    flatten                           7x7x64   -> 3136
    dense   Dense 128 ReLU            3136     -> 128
    output  Dense 10 softmax          128      -> 10

ARCHITECTURE is that table; `build_model` makes the Keras network from it, and the shapes and parameter counts
follow from it without TensorFlow (the app's page is built from them before TensorFlow has loaded).
"""

from dataclasses import dataclass

from cnn import config


@dataclass(frozen=True)
class Layer:
    name: str
    kind: str  # "conv" (3x3, SAME padding, stride 1), "pool" (max), "flatten" or "dense"
    size: int | tuple | None = None  # a convolution's filters, a pooling's window, a dense layer's units
    activation: str | None = None


ARCHITECTURE = (
    Layer("conv1", "conv", config.CONV1_FILTERS, "relu"),
    Layer("pool1", "pool", config.POOL_SIZE),
    Layer("conv2", "conv", config.CONV2_FILTERS, "relu"),
    Layer("pool2", "pool", config.POOL_SIZE),
    Layer("flatten", "flatten"),
    Layer("dense", "dense", config.DENSE_UNITS, "relu"),
    Layer("output", "dense", config.NUM_CLASSES, "softmax"),
)
LAYER_NAMES = tuple(layer.name for layer in ARCHITECTURE)  # Public: the visualisations address layers by them.
KERAS_CLASSES = {"conv": "Conv2D", "pool": "MaxPooling2D", "flatten": "Flatten", "dense": "Dense"}
CONVOLUTION_LAYERS = tuple(layer.name for layer in ARCHITECTURE if layer.kind == "conv")
TENSOR_NAMES = ("kernel", "bias")  # A layer's weights, in Keras's order.


def build_model(seed: int | None = None):
    """Return the untrained lecture CNN, a keras.Sequential: (N, 28, 28, 1) in [0, 1] -> (N, 10) probabilities.
    With `seed`, its starting weights are drawn from that seed alone (Keras's default initialisers, seeded), not the
    process's."""
    import keras  # Here, not at the top: importing this module must not load TensorFlow.

    made, trainable = [keras.Input(shape=config.INPUT_SHAPE, name="image")], 0
    for layer in ARCHITECTURE:
        options = {"name": layer.name}
        if layer.kind in ("conv", "dense"):
            if seed is not None:
                options["kernel_initializer"] = keras.initializers.GlorotUniform(seed=seed + trainable)
            trainable += 1
            options["activation"] = layer.activation
        if layer.kind == "conv":
            options.update(filters=layer.size, kernel_size=config.KERNEL_SIZE, padding="same")
        elif layer.kind == "pool":
            options["pool_size"] = layer.size
        elif layer.kind == "dense":
            options["units"] = layer.size
        made.append(getattr(keras.layers, KERAS_CLASSES[layer.kind])(**options))
    return keras.Sequential(made, name="lecture_cnn")


def compile_model(model, learning_rate=config.LEARNING_RATE, soft_labels: bool = False):
    """Attach the lecture's loss (cross-entropy) and optimizer (Adam) to a Keras model; return the same model.

    Labels are digits (N,), or with `soft_labels` (N, 10) target probabilities (a drawing that is no digit
    targets 0.1 for each)."""
    import keras

    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="categorical_crossentropy" if soft_labels else "sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def output_shapes() -> dict[str, tuple]:
    """{layer name: its output's shape without the batch axis}, conv1 (28, 28, 32) to output (10,)."""
    shapes, shape = {}, config.INPUT_SHAPE
    for layer in ARCHITECTURE:
        if layer.kind == "conv":  # SAME padding, stride 1: the size stays, one channel per filter.
            shape = (shape[0], shape[1], layer.size)
        elif layer.kind == "pool":
            shape = (shape[0] // layer.size[0], shape[1] // layer.size[1], shape[2])
        elif layer.kind == "flatten":
            shape = (shape[0] * shape[1] * shape[2],)
        else:
            shape = (layer.size,)
        shapes[layer.name] = shape
    return shapes


def tensor_shapes() -> dict[str, tuple[tuple, tuple]]:
    """{layer name: (kernel shape, bias shape)} for the layers with weights, in Keras's layout: a convolution's
    kernel is (h, w, C, D), a dense layer's (inputs, units)."""
    shapes, inputs = {}, config.INPUT_SHAPE
    for layer, output in zip(ARCHITECTURE, output_shapes().values()):
        if layer.kind == "conv":
            shapes[layer.name] = ((*config.KERNEL_SIZE, inputs[-1], layer.size), (layer.size,))
        elif layer.kind == "dense":
            shapes[layer.name] = ((inputs[0], layer.size), (layer.size,))
        inputs = output
    return shapes


def layer_table() -> list[dict]:
    """Describe each layer: name, Keras kind, output shape, kernel shape (w, h, C, D), the formula and parameters.

    Convolutions count (w x h x C + 1) x D; a dense layer is the same formula with
    a 1x1 "kernel" over C inputs. Pooling and flatten have no parameters.
    """
    rows, weights = [], tensor_shapes()
    for layer, output_shape in zip(ARCHITECTURE, output_shapes().values()):
        row = {"name": layer.name, "kind": KERAS_CLASSES[layer.kind], "output_shape": output_shape,
               "kernel_shape": None, "formula": "no parameters", "parameters": 0}
        if layer.kind == "conv":
            (height, width, channels, filters), _ = weights[layer.name]
            row.update(kernel_shape=(width, height, channels, filters),
                       formula=f"({width} x {height} x {channels} + 1) x {filters}",
                       parameters=(width * height * channels + 1) * filters)
        elif layer.kind == "dense":
            (inputs, units), _ = weights[layer.name]
            row.update(kernel_shape=(inputs, units), formula=f"({inputs} + 1) x {units}",
                       parameters=(inputs + 1) * units)
        rows.append(row)
    return rows

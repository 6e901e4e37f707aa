"""cnn: the lecture's MNIST network, its preprocessing and its pictures, with no UI attached.

    import cnn
    model = cnn.load_model()                 # Keras model, shipped weights
    image = cnn.to_mnist(drawing)            # (28, 28) float32, white digit on black
    probabilities = model(image[None, :, :, None])[0]

    reader = cnn.DigitReader()               # the same, compiled once, with "not a digit" and numbers
    reading = reader.read(drawing)           # reading.digit, reading.is_digit, reading.probabilities
    digits = reader.read_number(drawing)     # one Reading per digit written, left to right

The names below, and the modules (`cnn.inference`, `cnn.segment`...), are imported when first used:
`from cnn import config` (or any module that needs no network) does not load TensorFlow.
"""

import importlib

# Each public name -> the module that defines it.
_PUBLIC = {
    "CLASS_NAMES": "config", "DEFAULT_WEIGHTS_PATH": "config", "LAYER_NAMES": "model", "build_model": "model",
    "layer_table": "model", "DigitReader": "inference", "Reading": "inference", "EmptyDrawingError": "preprocess",
    "to_mnist": "preprocess", "WeightsError": "weights", "load_model": "weights", "read_metadata": "weights",
}
__all__ = sorted([*_PUBLIC, "segment"])


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(importlib.import_module(f"cnn.{_PUBLIC[name]}"), name)
    try:
        return importlib.import_module(f"cnn.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"cnn.{name}":  # A module of ours that fails to import: say so.
            raise
        raise AttributeError(f"module 'cnn' has no attribute {name!r}") from None

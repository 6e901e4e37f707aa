"""cnn: the lecture's MNIST network, its preprocessing and its pictures, with no UI attached.

    import cnn
    model = cnn.load_model()                 # Keras model, shipped weights
    image = cnn.to_mnist(drawing)            # (28, 28) float32, white digit on black
    probabilities = model(image[None, :, :, None])[0]

    reader = cnn.DigitReader()               # the same, compiled once, with "not a digit" and numbers
    reading = reader.read(drawing)           # reading.digit, reading.is_digit, reading.probabilities
    digits = reader.read_number(drawing)     # one Reading per digit written, left to right
"""

from cnn.config import CLASS_NAMES, DEFAULT_WEIGHTS_PATH, LAYER_NAMES
from cnn import segment
from cnn.inference import DigitReader, Reading
from cnn.model import build_model, layer_table
from cnn.preprocess import EmptyDrawingError, to_mnist
from cnn.weights import WeightsError, load_model, read_metadata

__all__ = [
    "CLASS_NAMES", "DEFAULT_WEIGHTS_PATH", "LAYER_NAMES", "DigitReader", "EmptyDrawingError", "Reading",
    "WeightsError", "build_model", "layer_table", "load_model", "read_metadata", "segment", "to_mnist",
]

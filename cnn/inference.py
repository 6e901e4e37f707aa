"""Inference: read one drawing with one compiled forward pass that yields every layer's output.

`model.predict` builds a tf.data pipeline on every call, which costs tens of
milliseconds for a single image; a `tf.function` with a fixed input signature is
traced once, at start-up, and then runs the 4.2 M multiply-adds in well under
a millisecond. The same pass gives the prediction and the Inside tab's maps.
"""

from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from cnn import config
from cnn.preprocess import to_mnist
from cnn.weights import load_model


def use_one_thread_per_request():
    """Run each TensorFlow operation on the calling thread; call before the first operation (start-up of a server).

    For one 28x28 image, handing each operation to TensorFlow's thread pool costs
    more than the work: the forward pass took about 1.6x as long on two threads as on
    one (2-core CPU; `python -m benchmarks.latency` times it). A server's concurrent
    requests use the cores instead.
    Training keeps the default pools, since this is never called there.
    """
    try:
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:
        pass  # TensorFlow is already running (e.g. a test session that trained first): keep its threads.


def digit_likeness(probabilities: np.ndarray) -> np.ndarray:
    """float (..., 10) probabilities -> (...) how much of them the two likeliest digits hold together, in [0.2, 1].

    A digit gets most of the probability, or splits it between two digits it could be (a 4 or a 9); training
    taught the network to spread its answer over all ten on drawings that are not digits (cnn.nondigits)."""
    probabilities = np.asarray(probabilities)
    return np.sort(probabilities, axis=-1)[..., -2:].sum(axis=-1)


@dataclass(frozen=True)
class Reading:
    """What the network made of one drawing."""

    image: np.ndarray  # float32 (28, 28): the MNIST-style input the network saw.
    layer_outputs: dict  # layer name -> float32 array without the batch axis, e.g. conv1 (28, 28, 32).

    @property
    def probabilities(self) -> np.ndarray:
        """float32 (10,): softmax output, one probability per digit."""
        return self.layer_outputs["output"]

    @property
    def digit(self) -> int:
        return int(np.argmax(self.probabilities))


class DigitReader:
    """A trained model compiled for one drawing at a time; safe to share between request threads."""

    def __init__(self, model: keras.Model | None = None):
        self.model = model if model is not None else load_model()
        self.layer_names = tuple(layer.name for layer in self.model.layers)
        every_layer = keras.Model(inputs=self.model.inputs[0],
                                  outputs=[layer.output for layer in self.model.layers])
        signature = [tf.TensorSpec((None, *config.INPUT_SHAPE), tf.float32)]
        # Traced once; calling the concrete function skips tf.function's argument matching.
        # XLA fuses the small layers: a forward pass took about 0.6x as long as without (2-core CPU).
        self._forward = tf.function(lambda images: every_layer(images, training=False), input_signature=signature,
                                    jit_compile=True).get_concrete_function()
        # Trace now, so the first user does not wait for it.
        self.layer_outputs(self.blank)

    @property
    def blank(self) -> np.ndarray:
        """An empty (28, 28) input, for warming up compiled passes."""
        return np.zeros((config.IMAGE_SIZE, config.IMAGE_SIZE), np.float32)

    def layer_outputs_shape(self, name: str) -> tuple:
        """The shape of one layer's output for one image, e.g. conv2 -> (14, 14, 64)."""
        return tuple(self.model.get_layer(name).output.shape[1:])

    def layer_outputs(self, image: np.ndarray) -> dict:
        """float32 (28, 28) in [0, 1] -> {layer name: its output for this image, without the batch axis}."""
        image = np.asarray(image, dtype=np.float32)
        if image.shape != (config.IMAGE_SIZE, config.IMAGE_SIZE):
            raise ValueError(f"expected a ({config.IMAGE_SIZE}, {config.IMAGE_SIZE}) image, got {image.shape}")
        return {name: output[0] for name, output in self.layer_outputs_batch(image[None]).items()}

    def layer_outputs_batch(self, images: np.ndarray) -> dict:
        """float32 (N, 28, 28) -> {layer name: (N, ...) outputs}; for several related images at once."""
        images = np.asarray(images, dtype=np.float32)
        outputs = self._forward(tf.constant(images[..., None]))
        return {name: output.numpy() for name, output in zip(self.layer_names, outputs)}

    def read(self, drawing) -> Reading:
        """Any drawing `cnn.to_mnist` accepts -> Reading. Raises EmptyDrawingError / ValueError like to_mnist."""
        image = to_mnist(drawing)
        return Reading(image=image, layer_outputs=self.layer_outputs(image))

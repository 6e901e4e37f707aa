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

from cnn import config, photo
from cnn.preprocess import EmptyDrawingError, digit_from_ink, ink_coverage, to_mnist
from cnn.segment import (MAXIMUM_DIGITS, SURELY_ONE_DIGIT, check_count, cuts_in_two, digit_inks, digits_apart,
                         in_one_line, pad_cuts_in_two, pad_digits)
from cnn.strokes import is_pad_value
from cnn.weights import load_model, not_a_digit_threshold


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
    threshold: float  # A digit-likeness under this is "not a digit" (from the weights' metadata).

    @property
    def probabilities(self) -> np.ndarray:
        """float32 (10,): softmax output, one probability per digit."""
        return self.layer_outputs["output"]

    @property
    def digit(self) -> int:
        """The likeliest digit (the closest one, when the drawing is not a digit)."""
        return int(np.argmax(self.probabilities))

    @property
    def digit_likeness(self) -> float:
        """How much probability the two likeliest digits hold together (see `digit_likeness`)."""
        return float(digit_likeness(self.probabilities))

    @property
    def is_digit(self) -> bool:
        """Whether the drawing looks like a digit at all."""
        return self.digit_likeness >= self.threshold


class DigitReader:
    """A trained model compiled for one drawing at a time; safe to share between request threads."""

    def __init__(self, model: keras.Model | None = None, threshold: float | None = None):
        """`model` defaults to the shipped weights, `threshold` (digit-likeness under which a drawing is not a
        digit) to the one training wrote into the shipped weights' metadata."""
        self.model = model if model is not None else load_model()
        self.threshold = not_a_digit_threshold() if threshold is None else float(threshold)
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
        return Reading(image=image, layer_outputs=self.layer_outputs(image), threshold=self.threshold)

    def read_number(self, drawing) -> list[Reading]:
        """Any drawing `cnn.to_mnist` accepts, of up to MAXIMUM_DIGITS digits on one line -> one Reading per digit,
        left to right (cnn.segment; each digit's strokes, or its ink, through to_mnist's path). One forward pass for
        all. Raises EmptyDrawingError / ValueError like to_mnist, and ValueError for too many digits."""
        digits = pad_digits(drawing) if is_pad_value(drawing) else None
        if digits is not None:
            # A digit of several strokes as wide as two narrow digits that touch is also read cut in two between
            # its strokes.
            chosen = self._wholes_or_halves(digits, pad_cuts_in_two, to_mnist, surely=SURELY_ONE_DIGIT)
            check_count(len(chosen))
            return chosen
        inks, refusal = self._digit_inks(drawing)
        # A piece as wide as two narrow digits that touch is also read cut in two, at several places.
        chosen = self._wholes_or_halves(inks, cuts_in_two, digit_from_ink)
        check_count(len(chosen))  # Cut in two, a piece can make one digit too many.
        if refusal is not None and not all(reading.is_digit for reading in chosen):
            raise refusal
        return chosen

    def _wholes_or_halves(self, pieces: list, cut, to_image, surely: float = 1.0) -> list[Reading]:
        """Pieces (pad values or inks), how to cut a piece in two (piece -> [(left, right)], the candidates) and how
        a piece becomes a (28, 28) image -> each piece's Reading, or its best cut's two where they read as two
        digits better than the whole reads as one. A piece read as a digit with at least `surely` is not cut (the
        pad's live answers skip the work): one forward pass for the wholes, one for the cuts if any."""
        wholes = self._readings(np.stack([to_image(piece) for piece in pieces]))
        cuts = {index: cut(pieces[index]) for index, whole in enumerate(wholes)
                if not (whole.is_digit and whole.probabilities.max() >= surely)}
        doubtful = [index for index, pairs in cuts.items() if pairs]
        halves = iter(self._readings(np.stack([to_image(half) for index in doubtful for pair in cuts[index]
                                               for half in pair])) if doubtful else [])
        best = {index: max(([next(halves), next(halves)] for _ in cuts[index]),
                           key=lambda pair: min(half.probabilities.max() for half in pair)) for index in doubtful}
        chosen = []
        for index, whole in enumerate(wholes):
            pair = best.get(index)
            chosen += pair if pair and _two_digits_rather_than_one(whole, pair) else [whole]
        return chosen

    @staticmethod
    def _digit_inks(drawing) -> tuple[list[np.ndarray], EmptyDrawingError | None]:
        """A picture -> (its digits' inks (cnn.segment), None), or for a photo the photo judge refuses as one digit
        (too wide, too many marks) (its inks as a number, the refusal): such a photo is a number only if its pieces
        are marks apart (one mark cut into digits was a face's hair, a table's edge),
        stand in one line, of like heights, and each reads as a digit."""
        try:
            return digit_inks(ink_coverage(drawing)), None
        except EmptyDrawingError as refused:
            if str(refused) != photo.NOT_A_DIGIT:
                raise
            coverage = ink_coverage(drawing, MAXIMUM_DIGITS)
            inks = digit_inks(coverage)
            if len(inks) == 1 or digits_apart(coverage) < 2 or not in_one_line(inks):
                raise
            return inks, refused

    def _readings(self, images: np.ndarray) -> list[Reading]:
        """float32 (N, 28, 28) -> N Readings from one forward pass."""
        outputs = self.layer_outputs_batch(images)
        return [Reading(image=image, layer_outputs={name: output[index] for name, output in outputs.items()},
                        threshold=self.threshold) for index, image in enumerate(images)]


def _two_digits_rather_than_one(whole: Reading, halves: list[Reading]) -> bool:
    """Whether a mark as wide as two touching digits is two: both halves read as digits, each more surely than
    the whole reads as one."""
    return (all(half.is_digit for half in halves)
            and min(half.probabilities.max() for half in halves) > whole.probabilities.max())

"""Views: what each tab of the page shows for one drawing, as plain data (sentences, arrays, pictures, Markdown).

One reading of a drawing feeds every view. A drawing with nothing to read is an
exception (`cnn.EmptyDrawingError`, or ValueError for a file that is not an image);
`sentence_for` turns it into the sentence every tab shows instead of a guess.

    lessons = Lessons(cnn.DigitReader())        # or Lessons(): the shipped weights, the network loaded in a thread
    readings = lessons.read(drawing)            # one Reading per digit written, left to right
    lessons.draw(readings).sentence             # "It reads **7** with 99.8% probability." or "It reads **42**."
    lessons.inside(readings[0]).layers["conv1"] # palette picture, one pixel per activation

It also names what the page's server (app.py) needs from the rest of the package, so that app.py reads as the
page's layout and wiring over these views. Importing it does not load TensorFlow: a server builds its page from the
weights file and serves it while the network loads (Lessons.load_in_background).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numpy as np

from cnn import config, live_training, teaching, visualize
from cnn.kernels import filter_responses, learned_kernels_like_designed
from cnn.live_training import sample_digits
from cnn.model import layer_table, output_shapes
from cnn.preprocess import EmptyDrawingError
from cnn.weights import arrays_of, load_arrays, load_model, not_a_digit_threshold

# What the page's server (app.py) uses from the package, named here so that app.py imports the views and the page's
# files (cnn.site) and nothing else of cnn.
from cnn.config import CLASS_NAMES, PREFERENCES_PICTURE  # noqa: F401
from cnn.kernels import DESIGNED_KERNELS
from cnn.live_training import (BATCH_SIZES, LEARNING_RATE_EXPONENT, MAXIMUM_SECONDS,  # noqa: F401
                               BusyError, Choices, LiveTraining, TrainingSlot)
from cnn.model import CONVOLUTION_LAYERS
from cnn.preprocess import require_whole_file  # noqa: F401
from cnn.segment import MAXIMUM_DIGITS  # noqa: F401
from cnn.visualize import LAYER_VIEWS, kernels_row, png_data_url  # noqa: F401
from cnn.weights import WeightsError, read_metadata  # noqa: F401

if TYPE_CHECKING:
    from cnn.inference import DigitReader, Reading

logger = logging.getLogger(__name__)

NOT_SURE_BELOW = 0.6  # A top probability under this is shown as "not sure".
TOP_CLASSES = 3  # The answer lists this many likeliest digits.
INPUT_CAPTION = ("An image is just a matrix of numbers: your drawing is cropped, scaled so its longest side is 20 "
                 "pixels, and centred by its centre of mass in a 28x28 grid, as MNIST's digits were. Each number is "
                 "one pixel's brightness, 0 to 255.")
NUMBER_CAPTION = "Each digit of the number, as the network sees it (28x28), and its three likeliest readings."
EMPTY_HINT = "Draw a digit from 0 to 9 in the box (or a number). The answer appears as you draw."
NOT_A_DIGIT = "not a digit"
NOT_A_DIGIT_MARK = "?"  # A piece of a number that is no digit, in the number as read.
CURVE_POINTS = 300  # The Train tab's curve of training batches is thinned to about this many points.
CONV2_KERNELS_SHOWN = 8
LAYER_TABLE_HEADERS = ("layer", "type", "output shape", "kernel (w, h, C, D)", "parameters", "formula")
LIKENESS_YARDSTICK_DIGITS = 2_000  # The Learn tab compares a drawing's digit-likeness with this many training digits.
EXAMPLE_DRAWINGS = sorted(config.EXAMPLES_DIRECTORY.glob("*.png"))  # Drawings to click on the Draw tab.


def sentence_for(error: ValueError) -> str:
    """Why there is nothing to read -> the sentence shown instead of an answer."""
    if isinstance(error, EmptyDrawingError):
        return EMPTY_HINT if error.nothing_drawn else str(error)
    return f"Could not read that image: {error}"


def sentence(probabilities: np.ndarray, is_digit: bool = True) -> str:
    """float (10,) probabilities -> the answer in words, or "not sure" between the two likeliest digits, or that
    the drawing is not a digit (with the closest digit, never in bold)."""
    ranked = np.argsort(probabilities)[::-1]
    best, second = (int(index) for index in ranked[:2])
    confidence = float(probabilities[best])
    if not is_digit:
        return f"That doesn't look like a digit (closest: {best})."
    if confidence < NOT_SURE_BELOW:
        return (f"**Not sure**: {best} ({confidence:.0%}) or {second} "
                f"({float(probabilities[second]):.0%})? Try drawing it larger or more clearly.")
    return f"It reads **{best}** with {confidence:.1%} probability."


def number_sentence(readings: list[Reading]) -> str:
    """Readings of a number's digits -> "It reads **42**.", a piece that is no digit written as ?."""
    text = f"It reads **{number_read(readings)}**."
    unsure = [str(place + 1) for place, reading in enumerate(readings) if not reading.is_digit]
    if unsure:
        text += (f" ({NOT_A_DIGIT_MARK}: mark {', '.join(unsure)} from the left doesn't look like a digit; "
                 "write it again more clearly.)")
    return text


def number_read(readings: list[Reading]) -> str:
    """Readings of a number's digits -> the number as a string, "?" for a piece that is no digit."""
    return "".join(str(reading.digit) if reading.is_digit else NOT_A_DIGIT_MARK for reading in readings)


def confidences(probabilities: np.ndarray) -> dict[str, float]:
    """float (10,) -> {digit name: probability}."""
    return {name: float(probability) for name, probability in zip(config.CLASS_NAMES, probabilities)}


def label_value(readings: list[Reading]) -> dict:
    """Readings -> a Label's value: {"label": what the page says it reads, "confidences": {digit: probability}}.
    One digit keeps its ten probabilities (its label "not a digit" if it is none); a number has none of its own."""
    if len(readings) > 1:
        return {"label": number_read(readings), "confidences": {}}
    reading = readings[0]
    return {"label": config.CLASS_NAMES[reading.digit] if reading.is_digit else NOT_A_DIGIT,
            "confidences": confidences(reading.probabilities)}


def reading_record(reading: Reading) -> dict:
    """One digit's reading as plain data for the API: the digit, whether it is one, and its probabilities."""
    return {"digit": reading.digit, "is_digit": reading.is_digit, "digit_likeness": round(reading.digit_likeness, 6),
            "confidences": confidences(reading.probabilities)}


def chosen(readings: list[Reading], which: int) -> Reading:
    """The `which`-th digit of a number (1 = the leftmost), kept within the digits there are."""
    return readings[min(max(int(which), 1), len(readings)) - 1]


def answer_value(seq: int, readings: list[Reading] | None, text: str | None) -> dict:
    """What the page's answer shows for drawing `seq`, read on the server: each digit's (28, 28) input as nested
    lists (the page runs the network on them, as on its own drawings), or the sentence saying why there is none."""
    if readings is None:
        return {"seq": seq, "images": [], "sentence": text}
    return {"seq": seq, "images": [np.round(reading.image, 6).tolist() for reading in readings], "sentence": None}


class View:
    """A tab's content; `values()` lists its fields in order, for a page with one component per field."""

    def values(self) -> list:
        return [getattr(self, field.name) for field in fields(self)]

    @classmethod
    def nothing(cls, text: str):
        """The view of a drawing with nothing to read: the sentence, and no pictures or numbers."""
        return cls(text, *[None] * (len(fields(cls)) - 1))


@dataclass(frozen=True)
class DrawView(View):
    sentence: str
    confidences: dict | None  # label_value: what it reads, and {digit name: probability}
    grid: np.ndarray | None  # uint8 (H, W, 3): the 28x28 input with each pixel's value written in it, or a number's
    # digits side by side, each with its top 3


@dataclass(frozen=True)
class InsideView(View):
    sentence: str
    layers: dict | None  # {hidden layer name: palette picture, one pixel per value}, in visualize.LAYER_VIEWS order
    confidences: dict | None
    colour_scales: str | None  # Markdown: each layer's strongest value, what its brightest colour means

    def values(self) -> list:
        """The layers spread out, one value per picture."""
        layers = self.layers or dict.fromkeys(visualize.LAYER_VIEWS)
        return [self.sentence, *layers.values(), self.confidences, self.colour_scales]


@dataclass(frozen=True)
class LearnView(View):
    sentence: str
    designed_responses: object  # palette picture: each designed kernel's response to the drawing
    learned_responses: object  # the same for the conv1 kernels most like them
    receptive_field: np.ndarray | None  # uint8 picture: the input with the chosen unit's field bright
    arithmetic: str | None  # Markdown: the unit's sum written out
    shifts: str | None  # Markdown: how much each layer changes when the drawing moves
    evidence: np.ndarray | None  # uint8 (28, 57, 3): saliency and Grad-CAM side by side, a pixel a value
    softmax: str | None  # Markdown: scores before softmax and probabilities after
    digit_likeness: str | None  # Markdown: whether it is a digit at all, against the threshold and training digits


@dataclass(frozen=True)
class Unit:
    """The Learn tab's choices: one unit of a convolution layer, and the digit whose evidence is shown."""

    layer: str = "conv1"
    row: int = 14
    column: int = 12
    channel: int = 0
    evidence_for: int | None = None  # None: the predicted digit


class Lessons:
    """The shipped network's views of drawings; safe to share between request threads.

    Lessons(reader) uses a loaded DigitReader. Lessons() reads the shipped weights file (checked, without TensorFlow:
    what the page is built from) and loads the network when `load_in_background` is called or a view first needs it.
    """

    def __init__(self, reader: DigitReader | None = None):
        self._reader = reader
        self.weights = load_arrays() if reader is None else arrays_of(reader.model)  # Raises WeightsError.
        self.threshold = not_a_digit_threshold() if reader is None else reader.threshold
        self.learned_kernels = learned_kernels_like_designed(self.weights["conv1"]["kernel"])
        self.kernel_pictures = visualize.kernel_pictures(self.weights)  # {"conv1", "conv2": uint8 picture}
        # The network (TensorFlow's import, 2-3 s, and its traced pass) and then the Learn tab's preparation (1.4 s)
        # load in one thread, started once the server is up or by the first view that needs them.
        self._loading_lock = threading.Lock()
        self._loading = None
        self._network_ready, self._prepared = threading.Event(), threading.Event()
        if reader is not None:
            self._network_ready.set()
        self._failures = {}  # event -> the exception that stopped it: raised to every view that waits for it

    def load_in_background(self) -> None:
        """Start loading the network and preparing the Learn tab in a thread, if not yet started."""
        with self._loading_lock:
            if self._loading is None:
                self._loading = threading.Thread(target=self._load, name="network-loading", daemon=True)
                self._loading.start()

    def _load(self) -> None:
        try:
            if self._reader is None:
                from cnn.inference import DigitReader, use_one_thread_per_request

                use_one_thread_per_request()  # Before TensorFlow's first operation.
                self._reader = DigitReader(load_model())
        except Exception as error:  # Raised to every view that waits for the network.
            logger.exception("the network could not be loaded")
            self._failures[self._network_ready] = self._failures[self._prepared] = error
        self._network_ready.set()
        try:
            if self._prepared not in self._failures:
                from cnn import explain
                from cnn.inference import digit_likeness

                explain.lesson_numbers(self._reader.model, self._reader.blank)  # Traced now, not on a visit.
                # The digit-likeness of MNIST training digits shipped with the code: the Learn tab's yardstick.
                training_digits = sample_digits()[0][:LIKENESS_YARDSTICK_DIGITS, :, :, 0]
                self._yardstick = np.sort(digit_likeness(self._reader.layer_outputs_batch(training_digits)["output"]))
        except Exception as error:  # Raised to the Learn tab's lesson that needs it.
            logger.exception("the Learn tab could not be prepared")
            self._failures[self._prepared] = error
        self._prepared.set()

    def _wait_for(self, event: threading.Event) -> None:
        if not event.is_set():
            self.load_in_background()
            event.wait()
        if event in self._failures:
            raise self._failures[event]

    @property
    def reader(self) -> DigitReader:
        """The DigitReader (waits for it to load)."""
        self._wait_for(self._network_ready)
        return self._reader

    @property
    def model(self):
        """The Keras model (waits for it to load)."""
        return self.reader.model

    @property
    def digit_likeness_yardstick(self) -> np.ndarray:
        """float (LIKENESS_YARDSTICK_DIGITS,) sorted digit-likeness of MNIST training digits."""
        self._wait_for(self._prepared)
        return self._yardstick

    @staticmethod
    def unit_limits(layer: str) -> tuple[int, int, int]:
        """A convolution layer -> the largest row, column and channel of its units (conv1: 27, 27, 31)."""
        size, _, channels = output_shapes()[layer]
        return size - 1, size - 1, channels - 1

    @staticmethod
    def unit_at(layer: str, x: int, y: int) -> tuple[int, int]:
        """A click at (x, y) on the Learn tab's receptive-field picture -> the (row, column) of the layer's unit
        over the input pixel there."""
        row, column = visualize.input_pixel_at(x, y)
        scale = config.IMAGE_SIZE // output_shapes()[layer][0]
        return row // scale, column // scale

    def read(self, drawing, number: bool = True) -> list[Reading]:
        """Any drawing `cnn.to_mnist` accepts, of one digit or a number -> a Reading per digit, left to right (or one
        Reading of the whole drawing as one digit, if not `number`). Raises what DigitReader.read_number raises."""
        return self.reader.read_number(drawing) if number else [self.reader.read(drawing)]

    def draw(self, readings: list[Reading]) -> DrawView:
        if len(readings) > 1:
            return DrawView(number_sentence(readings), label_value(readings), visualize.number_strip(
                np.stack([reading.image for reading in readings]),
                np.stack([reading.probabilities for reading in readings]), [reading.is_digit for reading in readings]))
        reading = readings[0]
        return DrawView(sentence(reading.probabilities, reading.is_digit), label_value(readings),
                        visualize.input_pixels(reading.image))

    def inside(self, reading: Reading) -> InsideView:
        return InsideView(sentence(reading.probabilities, reading.is_digit),
                          visualize.layer_pictures(reading.layer_outputs), label_value([reading]),
                          teaching.colour_scales_markdown(reading.layer_outputs, visualize.LAYER_VIEWS))

    def learn(self, reading: Reading, unit: Unit = Unit()) -> LearnView:
        """The Learn tab for one reading and one chosen unit (clipped to the layer's size)."""
        from cnn import explain

        if unit.layer not in CONVOLUTION_LAYERS:
            raise ValueError(f"the unit's layer is one of {CONVOLUTION_LAYERS}, got {unit.layer!r}")
        image = reading.image
        # One compiled pass gives the layers, the shifted copies and the evidence for the chosen class.
        numbers = explain.lesson_numbers(self.model, image, unit.evidence_for)
        last_row, last_column, last_channel = self.unit_limits(unit.layer)
        chosen = explain.unit_arithmetic(self.model, image, numbers["layer_outputs"], unit.layer,
                                         min(int(unit.row), last_row), min(int(unit.column), last_column),
                                         min(int(unit.channel), last_channel))
        return LearnView(
            sentence(reading.probabilities, reading.is_digit),
            *(visualize.responses_row(list(filter_responses(kernels, image).values()))
              for kernels in (DESIGNED_KERNELS, self.learned_kernels)),
            visualize.receptive_field_picture(image, chosen["receptive_field"]),
            teaching.arithmetic_markdown(chosen),
            teaching.shift_markdown(numbers["shift_rows"]),
            visualize.tile_grid(np.stack([visualize.heat_overlay(image, numbers[key])
                                          for key in ("saliency", "grad_cam")]), columns=2, gap=1),
            teaching.softmax_markdown(explain.softmax_steps(self.model, numbers["layer_outputs"])),
            teaching.digit_likeness_markdown(reading.probabilities, reading.digit_likeness, reading.threshold,
                                             self.digit_likeness_yardstick),
        )


@dataclass(frozen=True)
class TrainView(View):
    status: str  # Markdown: the run's state, step, speed and held-out accuracy
    loss: list  # rows (step, loss, series) of the training batches' and the held-out digits' curves
    accuracy: list  # rows (step, accuracy, series)
    conv1: np.ndarray  # uint8 picture of the run's conv1 kernels now
    conv2: np.ndarray  # the same for its first CONV2_KERNELS_SHOWN conv2 filters
    young: dict | None  # the young network's {digit name: probability} for the drawing
    shipped: str  # the shipped network's reading of the drawing in words, or why there is nothing to read
    summary: str  # Markdown: how the run ended, once it has


def train_view(progress: live_training.Progress, young: np.ndarray | None, reading: Reading | None,
               text: str | None) -> TrainView:
    """A training run's progress, the young network's (10,) probabilities for the drawing and the shipped network's
    reading of it (or the sentence saying why there is none) -> the Train tab."""
    held_out = progress.held_out_accuracy
    status = (f"**{progress.state}**: step {progress.step:,}, {progress.examples_seen:,} examples seen, "
              f"{progress.examples_per_second:,.0f} a second, {progress.seconds:.0f} s"
              + ("" if held_out is None else f"; held-out accuracy **{held_out:.1%}**"))
    batches = progress.batches[::max(1, len(progress.batches) // CURVE_POINTS)]
    loss = ([(step, value, "training batches") for step, value, _ in batches]
            + [(step, value, "held-out digits") for step, _, value in progress.held_out])
    accuracy = ([(step, value, "training batches") for step, _, value in batches]
                + [(step, value, "held-out digits") for step, value, _ in progress.held_out])
    summary = ""
    if progress.state not in (live_training.READY, live_training.RUNNING):
        summary = (f"**Run over ({progress.state})**: {progress.step:,} steps, {progress.examples_seen:,} examples "
                   f"in {progress.seconds:.0f} s" + ("" if held_out is None else
                                                     f"; {held_out:.1%} of the 1,000 held-out digits right") + ".")
    return TrainView(status, loss, accuracy, visualize.kernels(progress.kernels["conv1"], "conv1 now"),
                     visualize.kernels(progress.kernels["conv2"][..., :CONV2_KERNELS_SHOWN],
                                       f"conv2 now, its first {CONV2_KERNELS_SHOWN} filters"),
                     None if young is None else confidences(young),
                     text if reading is None else f"The shipped network: {sentence(reading.probabilities, reading.is_digit)}",
                     summary)


def layer_table_rows() -> list[list[str]]:
    """The network's layers as table rows under LAYER_TABLE_HEADERS, and a last row with the total of parameters."""
    rows = layer_table()
    return [[row["name"], row["kind"], "x".join(map(str, row["output_shape"])),
             "" if row["kernel_shape"] is None else ", ".join(map(str, row["kernel_shape"])),
             f"{row['parameters']:,}", row["formula"]] for row in rows] + [
        ["total", "", "", "", f"{sum(row['parameters'] for row in rows):,}", ""]]

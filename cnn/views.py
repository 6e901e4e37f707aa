"""Views: what each tab of the page shows for one drawing, as plain data (sentences, arrays, pictures, Markdown).

One reading of a drawing feeds every view. A drawing with nothing to read is an
exception (`cnn.EmptyDrawingError`, or ValueError for a file that is not an image);
`sentence_for` turns it into the sentence every tab shows instead of a guess.

    lessons = Lessons(cnn.DigitReader())
    reading = lessons.read(drawing)
    lessons.draw(reading).sentence           # "It reads **7** with 99.8% probability."
    lessons.inside(reading).layers["conv1"]  # palette picture, one pixel per activation
"""

from dataclasses import dataclass, fields

import numpy as np

from cnn import config, explain, teaching, visualize
from cnn.inference import DigitReader, Reading
from cnn.preprocess import EmptyDrawingError

NOT_SURE_BELOW = 0.6  # A top probability under this is shown as "not sure".
EMPTY_HINT = "Draw a digit from 0 to 9 in the box. The answer appears as you draw."


def sentence_for(error: ValueError) -> str:
    """Why there is nothing to read -> the sentence shown instead of an answer."""
    if isinstance(error, EmptyDrawingError):
        return EMPTY_HINT if error.nothing_drawn else str(error)
    return f"Could not read that image: {error}"


def sentence(probabilities: np.ndarray) -> str:
    """float (10,) probabilities -> the answer in words, or "not sure" between the two likeliest digits."""
    ranked = np.argsort(probabilities)[::-1]
    best, second = (int(index) for index in ranked[:2])
    confidence = float(probabilities[best])
    if confidence < NOT_SURE_BELOW:
        return (f"**Not sure**: {best} ({confidence:.0%}) or {second} "
                f"({float(probabilities[second]):.0%})? Try drawing it larger or more clearly.")
    return f"It reads **{best}** with {confidence:.1%} probability."


def confidences(probabilities: np.ndarray) -> dict[str, float]:
    """float (10,) -> {digit name: probability}."""
    return {name: float(probability) for name, probability in zip(config.CLASS_NAMES, probabilities)}


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
    confidences: dict | None  # {digit name: probability}
    grid: np.ndarray | None  # uint8 (H, W, 3): the 28x28 input with each pixel's value written in it


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


@dataclass(frozen=True)
class Unit:
    """The Learn tab's choices: one unit of a convolution layer, and the digit whose evidence is shown."""

    layer: str = "conv1"
    row: int = 14
    column: int = 12
    channel: int = 0
    evidence_for: int | None = None  # None: the predicted digit


class Lessons:
    """The shipped network's views of drawings; safe to share between request threads."""

    def __init__(self, reader: DigitReader):
        self.reader = reader
        self.model = reader.model
        self.learned_kernels = explain.learned_kernels_like_designed(self.model)
        explain.lesson_numbers(self.model, reader.blank)  # Trace the Learn tab's pass now, not on its first visit.

    def read(self, drawing) -> Reading:
        """Any drawing `cnn.to_mnist` accepts -> Reading. Raises what to_mnist raises."""
        return self.reader.read(drawing)

    def draw(self, reading: Reading) -> DrawView:
        return DrawView(sentence(reading.probabilities), confidences(reading.probabilities),
                        visualize.input_pixels(reading.image))

    def inside(self, reading: Reading) -> InsideView:
        return InsideView(sentence(reading.probabilities), visualize.layer_pictures(reading.layer_outputs),
                          confidences(reading.probabilities),
                          teaching.colour_scales_markdown(reading.layer_outputs, visualize.LAYER_VIEWS))

    def learn(self, reading: Reading, unit: Unit = Unit()) -> LearnView:
        """The Learn tab for one reading and one chosen unit (clipped to the layer's size)."""
        if unit.layer not in explain.CONVOLUTION_LAYERS:
            raise ValueError(f"the unit's layer is one of {explain.CONVOLUTION_LAYERS}, got {unit.layer!r}")
        image = reading.image
        # One compiled pass gives the layers, the shifted copies and the evidence for the chosen class.
        numbers = explain.lesson_numbers(self.model, image, unit.evidence_for)
        size, _, channels = self.reader.layer_outputs_shape(unit.layer)
        chosen = explain.unit_arithmetic(self.model, image, numbers["layer_outputs"], unit.layer,
                                         min(int(unit.row), size - 1), min(int(unit.column), size - 1),
                                         min(int(unit.channel), channels - 1))
        return LearnView(
            sentence(reading.probabilities),
            *(visualize.responses_row(list(explain.filter_responses(kernels, image).values()))
              for kernels in (explain.DESIGNED_KERNELS, self.learned_kernels)),
            visualize.receptive_field_picture(image, chosen["receptive_field"]),
            teaching.arithmetic_markdown(chosen),
            teaching.shift_markdown(numbers["shift_rows"]),
            visualize.tile_grid(np.stack([visualize.heat_overlay(image, numbers[key])
                                          for key in ("saliency", "grad_cam")]), columns=2, gap=1),
            teaching.softmax_markdown(explain.softmax_steps(self.model, numbers["layer_outputs"])),
        )

"""Training: `python -m cnn.train` fits the lecture CNN on MNIST and writes the shipped weights.

It prints Keras's progress bars, validates on 5,000 held-out training digits,
evaluates on the 10,000 test digits (as they are, after cnn.to_mnist, and redrawn)
and on digits in the handwriting of hands it never trained on, writes beside the
weights their metadata JSON, and draws the training curves, the test confusion
matrix, the held-out hands' most confident misses and conv2's filter preferences
(into docs/ for the shipped weights, beside any other weights file).

Augmentation (one random affine map per digit, and a random pen width) lives in a
training-only wrapper around the model; the weights it saves are those of the
lecture's network alone. Beside MNIST's training digits (twice an epoch) the
network sees each of them redrawn once as a pen drawing (in one of cnn.redraw's
styles, 1s and 7s now and then with a flag or a bar) and read back through
cnn.to_mnist, because that is what the app hands it; digits in the world's
school scripts, written by cnn.handwriting's training hands; and drawings that are
no digit (cnn.nondigits), one in three of them redrawn the same way.
"""

import argparse
import multiprocessing
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf
from keras import layers
from PIL import Image

from cnn import config
from cnn.data import load_mnist
from cnn.explain import PREFERENCE_STEPS, filter_preferences
from cnn.figures import confusion_matrix_image, misses_image, training_curves_image
from cnn.handwriting import ALL_DIGITS, HELD_OUT_HANDS, TRAINING_HANDS, handwritten_digits
from cnn.inference import digit_likeness
from cnn.model import build_model, compile_model
from cnn.nondigits import nondigit_images, turned_images
from cnn.preprocess import to_mnist_uint8
from cnn.redraw import STYLES, redrawn_digits
from cnn.visualize import preference_grid
from cnn.weights import metadata_path_for, save_weights

# How far training drawings are varied: each is rotated, scaled, slanted and
# shifted by one random affine map (a single resampling, so digits stay sharp),
# and drawn with a finer or fatter pen.
ROTATION_DEGREES = 10
SCALE_FRACTION = 0.10
SHEAR = 0.15
SHIFT_PIXELS = 2.0
MAX_THICKEN_BLEND = 0.5
MAX_THIN_BLEND = 0.3
# Redrawing is pure Python and numpy, one digit at a time; it is spread over the
# CPU's cores in chunks, each with its own seed, so the result does not depend
# on how many cores there are.
REDRAW_CHUNK = 2_500
# Each training digit is redrawn once, in the style its place in this cycle names: outlined, as a person
# redrawing a fat pen's digit would draw it, for two in three; the centre line alone for the third.
REDRAW_STYLE_CYCLE = ("outlined", "outlined", "thinned")
# Each redraw style's chunks have seeds of their own (seed + STYLE_SEED_STRIDE x style number + chunk
# number), and the test digits are redrawn with seeds far from training's.
STYLE_SEED_STRIDE = 1_000
REDRAWN_TEST_SEED_OFFSET = 1_000_000
REDRAWN_VALIDATION_SEED_OFFSET = 1_500_000
# Handwritten digits' chunks likewise: training's from seed + this, the evaluations' far from both.
HANDWRITING_SEED_OFFSET = 500_000
HANDWRITING_TEST_SEED_OFFSET = 2_000_000
# Drawings that are no digit likewise.
NONDIGIT_SEED_OFFSET = 3_000_000
NONDIGIT_TEST_SEED_OFFSET = 4_000_000
TURNED_SEED_OFFSET = 5_000_000
NONDIGIT_REDRAW_SEED_OFFSET = 6_000_000
# Every this-many-th drawing that is no digit is redrawn as the digits are (in REDRAW_STYLE_CYCLE's styles):
# were the redrawn look the digits' alone, the network could take a redrawing's look for a sign of a digit.
NONDIGIT_REDRAW_EVERY = 3


class _TrainingOnlyVariation(layers.Layer):
    """A layer that varies images during training only, drawing its randomness from its own seed."""

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, images, training=False):
        return self.vary(images) if training else images

    def vary(self, images):
        raise NotImplementedError


class RandomAffine(_TrainingOnlyVariation):
    """Training only: rotate, scale, shear and shift each image about its centre with one bilinear resampling."""

    def vary(self, images):
        batch = keras.ops.shape(images)[0]

        def uniform(limit):
            return keras.random.uniform((batch,), -limit, limit, seed=self.seed_generator)

        angle = uniform(np.radians(ROTATION_DEGREES))
        scale = 1.0 + uniform(SCALE_FRACTION)
        shear = uniform(SHEAR)
        shift_x, shift_y = uniform(SHIFT_PIXELS), uniform(SHIFT_PIXELS)
        cosine, sine = keras.ops.cos(angle) / scale, keras.ops.sin(angle) / scale
        # Output pixel (x, y) samples input pixel A (x - c, y - c) + c + shift, with A = rotation x shear / scale.
        a00, a01 = cosine, cosine * shear - sine
        a10, a11 = sine, sine * shear + cosine
        centre = (config.IMAGE_SIZE - 1) / 2.0
        transform = keras.ops.stack([
            a00, a01, centre - a00 * centre - a01 * centre + shift_x,
            a10, a11, centre - a10 * centre - a11 * centre + shift_y,
            keras.ops.zeros_like(angle), keras.ops.zeros_like(angle),
        ], axis=1)
        return keras.ops.image.affine_transform(images, transform, interpolation="bilinear",
                                                fill_mode="constant", fill_value=0.0)


class RandomStrokeWidth(_TrainingOnlyVariation):
    """Training only: blend each image towards its 3x3 dilation or erosion, as a fatter or finer pen would draw it."""

    def vary(self, images):
        dilated = keras.ops.max_pool(images, 3, strides=1, padding="same")
        eroded = -keras.ops.max_pool(-images, 3, strides=1, padding="same")
        batch = keras.ops.shape(images)[0]
        amount = keras.random.uniform((batch, 1, 1, 1), -MAX_THIN_BLEND, MAX_THICKEN_BLEND,
                                      seed=self.seed_generator)
        return (images + keras.ops.relu(amount) * (dilated - images)
                + keras.ops.relu(-amount) * (eroded - images))


def augmentation(seed: int) -> keras.Sequential:
    """The random variations applied to each training batch (identity at inference)."""
    return keras.Sequential([RandomAffine(seed=seed), RandomStrokeWidth(seed=seed + 1)], name="augmentation")


def to_model_input(images: np.ndarray) -> np.ndarray:
    """uint8 (N, 28, 28) -> float32 (N, 28, 28, 1) in [0, 1]."""
    return (images.astype(np.float32) / 255.0)[..., None]


def redrawn_in_styles(groups: list[tuple[np.ndarray, str, np.ndarray | None]], seed: int) -> list[np.ndarray]:
    """[(uint8 (N, 28, 28) digits, style, (N,) labels or None)] -> [uint8 (N, 28, 28)]: each group through
    cnn.redraw.redrawn_digits in its style (with labels, 1s and 7s get their school marks now and then).

    The chunks of all groups are spread over the cores together (so no core waits for another's last one);
    a style's pens are those of seed + STYLE_SEED_STRIDE x its number in cnn.redraw.STYLES + the chunk's."""
    calls, sizes = [], []
    empty = np.empty((0, config.IMAGE_SIZE, config.IMAGE_SIZE), np.uint8)
    for digits, style, labels in groups:
        style_seed = seed + STYLE_SEED_STRIDE * STYLES.index(style)
        starts = range(0, len(digits), REDRAW_CHUNK)
        calls += [(digits[start: start + REDRAW_CHUNK], style_seed + index, style,
                   None if labels is None else labels[start: start + REDRAW_CHUNK])
                  for index, start in enumerate(starts)]
        sizes.append(len(starts))
    parts = _in_parallel(redrawn_digits, calls, sum(len(digits) for digits, _, _ in groups))
    ends = np.cumsum(sizes)
    return [np.concatenate(parts[end - size: end]) if size else empty for end, size in zip(ends, sizes)]


def styles_in_turn(count: int) -> np.ndarray:
    """-> (count,) the redraw style REDRAW_STYLE_CYCLE gives each place, in turn."""
    return np.array(REDRAW_STYLE_CYCLE)[np.arange(count) % len(REDRAW_STYLE_CYCLE)]


def partly_redrawn(drawings: np.ndarray, seed: int) -> np.ndarray:
    """uint8 (N, 28, 28) drawings -> a copy with one in NONDIGIT_REDRAW_EVERY (the first, and every
    NONDIGIT_REDRAW_EVERY-th after it) redrawn by `redrawn_in_styles`, in turn in REDRAW_STYLE_CYCLE's styles."""
    drawings = drawings.copy()
    chosen = np.flatnonzero(np.arange(len(drawings)) % NONDIGIT_REDRAW_EVERY == 0)
    styles = styles_in_turn(len(chosen))
    picked = [chosen[styles == style] for style in STYLES]
    redrawn = redrawn_in_styles([(drawings[places], style, None) for places, style in zip(picked, STYLES)], seed)
    for places, pictures in zip(picked, redrawn):
        drawings[places] = pictures
    return drawings


def preprocessed(digits: np.ndarray) -> np.ndarray:
    """uint8 (N, 28, 28) -> uint8 (N, 28, 28): each digit through cnn.to_mnist, as the app would read it."""
    chunks = [digits[start: start + REDRAW_CHUNK] for start in range(0, len(digits), REDRAW_CHUNK)]
    return np.concatenate(_in_parallel(_preprocessed_chunk, [(chunk,) for chunk in chunks], len(digits)))


def _preprocessed_chunk(digits: np.ndarray) -> np.ndarray:
    return np.stack([to_mnist_uint8(digit) for digit in digits])


def handwritten(split: str, count: int, seed: int,
                digits: tuple[int, ...] = ALL_DIGITS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """cnn.handwriting.handwritten_digits for `count` digits of the split's hands (digits in turn from `digits`),
    in parallel chunks of REDRAW_CHUNK, chunk i with seed + i -> uint8 (count, 28, 28) digits, (count,) labels,
    (count,) hand names."""
    return _in_parallel_chunks(handwritten_digits, split, count, seed, digits)


def nondigits(split: str, count: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """cnn.nondigits.nondigit_images for `count` drawings of the split's shapes, in parallel chunks (chunk i with
    seed + i) -> uint8 (count, 28, 28) images, (count,) kinds, (count,) shape names."""
    return _in_parallel_chunks(nondigit_images, split, count, seed)


def nondigit_split(allographs: bool) -> str:
    """The cnn.nondigits split training learns from: its shapes, with or without their allographs."""
    return "training with allographs" if allographs else "training"


def _in_parallel_chunks(function, split: str, count: int, seed: int, *more) -> tuple[np.ndarray, ...]:
    """function(split, size, seed + i, *more) for chunk i of REDRAW_CHUNK of `count`, spread over the cores ->
    each of its arrays, the chunks' joined."""
    sizes = [min(REDRAW_CHUNK, count - start) for start in range(0, count, REDRAW_CHUNK)]
    parts = _in_parallel(function, [(split, size, seed + index, *more) for index, size in enumerate(sizes)], count)
    return tuple(np.concatenate(arrays) for arrays in zip(*parts))


def _in_parallel(function, calls: list[tuple], drawings: int) -> list:
    """[function(*arguments) for arguments in calls], spread over the CPU's cores when there are several calls and
    more than one chunk of `drawings` in all (a worker process takes seconds to start: it imports TensorFlow)."""
    if len(calls) == 1 or drawings <= REDRAW_CHUNK:
        return [function(*arguments) for arguments in calls]
    # "spawn", not fork: a forked copy of a process that has started TensorFlow can hang.
    with ProcessPoolExecutor(os.cpu_count(), mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(function, *zip(*calls)))


def probabilities_of(model: keras.Model, images: np.ndarray) -> np.ndarray:
    """uint8 (N, 28, 28) -> float32 (N, 10) the model's probabilities."""
    return model.predict(to_model_input(images), verbose=0)


def accuracy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Fraction of (N, 10) answers whose likeliest digit is the (N,) label."""
    return float(np.mean(np.argmax(probabilities, axis=1) == labels))


def digit_likeness_threshold(sets: list[np.ndarray], refused: float = config.REFUSED_DIGITS_FRACTION) -> float:
    """(N_i, 10) answers on each set of digits training may look at -> the digit-likeness under which at most
    `refused` of any one set falls: below it, a drawing is "not a digit"."""
    return min(float(np.quantile(digit_likeness(probabilities), refused, method="lower")) for probabilities in sets)


def refused(probabilities: np.ndarray, threshold: float) -> float:
    """Fraction of (N, 10) answers whose digit-likeness is under the threshold."""
    return round(float(np.mean(digit_likeness(probabilities) < threshold)), 6)


def nondigit_report(probabilities: np.ndarray, kinds: np.ndarray, names: np.ndarray, threshold: float) -> dict:
    """How many of (N, 10) answers on drawings that are no digit say so: overall, per kind, per shape."""
    flagged = digit_likeness(probabilities) < threshold
    return {
        "examples": int(len(kinds)),
        "flagged": round(float(flagged.mean()), 6),
        "flagged_per_kind": {str(kind): round(float(flagged[kinds == kind].mean()), 6) for kind in dict.fromkeys(kinds)},
        "flagged_per_shape": {str(name): round(float(flagged[names == name].mean()), 6)
                              for name in dict.fromkeys(names)},
    }


def per_class_accuracy(labels: np.ndarray, predictions: np.ndarray) -> list[float]:
    """Accuracy on each digit 0..9 separately."""
    return [float(np.mean(predictions[labels == digit] == digit)) for digit in range(config.NUM_CLASSES)]


def handwriting_report(model: keras.Model, images: np.ndarray, labels: np.ndarray,
                       hands: np.ndarray) -> tuple[dict, np.ndarray]:
    """How the model reads uint8 (N, 28, 28) handwritten digits -> (a report: overall, per digit, per hand, the
    confusion matrix, and how often it is wrong with more than config.CONFIDENT probability; (N, 10) probabilities)."""
    probabilities = probabilities_of(model, images)
    predictions = np.argmax(probabilities, axis=1)
    correct = predictions == labels
    return {
        "examples": int(len(labels)),
        "accuracy": round(float(correct.mean()), 6),
        "per_class_accuracy": [round(value, 6) for value in per_class_accuracy(labels, predictions)],
        "per_hand_accuracy": {str(hand): round(float(correct[hands == hand].mean()), 6)
                              for hand in dict.fromkeys(hands)},
        "confident_wrong_rate": round(float(np.mean(~correct & (probabilities.max(axis=1) > config.CONFIDENT))), 6),
        "confusion_matrix": confusion_matrix(labels, predictions).tolist(),
    }, probabilities


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """(10, 10) int counts: row = true digit, column = predicted digit."""
    matrix = np.zeros((config.NUM_CLASSES, config.NUM_CLASSES), dtype=np.int64)
    np.add.at(matrix, (labels, predictions), 1)
    return matrix


def train(
    output: Path,
    train_data: tuple[np.ndarray, np.ndarray],
    test_data: tuple[np.ndarray, np.ndarray],
    epochs: int = config.TRAINING_EPOCHS,
    batch_size: int = config.TRAINING_BATCH_SIZE,
    seed: int = config.TRAINING_SEED,
    validation_size: int = config.VALIDATION_SIZE,
    augment: bool = True,
    redraw: bool = True,
    handwritten_digits_count: int = config.HANDWRITTEN_TRAINING_DIGITS,
    handwriting_evaluation_digits: int = config.HANDWRITTEN_EVALUATION_DIGITS,
    nondigit_drawings: int = config.NONDIGIT_TRAINING_DRAWINGS,
    nondigit_evaluation_drawings: int = config.NONDIGIT_EVALUATION_DRAWINGS,
    allographs: bool = False,
    turned_digits: int = config.TURNED_TRAINING_DIGITS,
    verbose: int = 1,
    figures_directory: Path = config.DOCS_DIRECTORY,
    preference_steps: int = PREFERENCE_STEPS,
) -> dict:
    """Fit the model on uint8 digits (N, 28, 28) with labels (N,), save weights and report; return the metadata.

    Seeded; for the same weights bit for bit, switch on TensorFlow's deterministic ops first, as main() does
    (a global switch with no public way back, so a library call leaves it alone)."""
    run_started = time.perf_counter()
    keras.utils.set_random_seed(seed)
    x_train, y_train = train_data
    x_test, y_test = test_data
    if not 0 < validation_size < len(x_train):
        raise ValueError(f"validation_size must be between 1 and {len(x_train) - 1}, got {validation_size}")
    x_fit, y_fit = x_train[:-validation_size], y_train[:-validation_size]
    copies, redrawn_labels = [], []
    if redraw:
        # Every training digit is redrawn once, in the style REDRAW_STYLE_CYCLE gives its place.
        started = time.perf_counter()
        cycle = styles_in_turn(len(x_fit))
        redrawn_labels = [y_fit[cycle == style] for style in STYLES]
        copies = redrawn_in_styles([(x_fit[cycle == style], style, labels)
                                    for style, labels in zip(STYLES, redrawn_labels)], seed)
        if verbose:
            print(f"redrew the {sum(map(len, copies))} training digits ("
                  + ", ".join(f"{len(copy)} {style}" for copy, style in zip(copies, STYLES))
                  + f") in {time.perf_counter() - started:.0f} s")
    written, written_labels = np.empty((0, *x_fit.shape[1:]), np.uint8), np.empty(0, y_fit.dtype)
    if handwritten_digits_count:
        started = time.perf_counter()
        written, written_labels, _ = handwritten("training", handwritten_digits_count, seed + HANDWRITING_SEED_OFFSET,
                                                 config.HANDWRITTEN_TRAINING_CYCLE)
        if verbose:
            print(f"wrote {len(written)} digits in the {len(TRAINING_HANDS)} training hands in "
                  f"{time.perf_counter() - started:.0f} s")
    others = turned = np.empty((0, *x_fit.shape[1:]), np.uint8)
    if nondigit_drawings:
        started = time.perf_counter()
        others, _, _ = nondigits(nondigit_split(allographs), nondigit_drawings, seed + NONDIGIT_SEED_OFFSET)
        # MNIST's own digits turned or mirrored (a random few of them): no digit either.
        chosen = np.random.default_rng(seed + TURNED_SEED_OFFSET).permutation(len(x_fit))[:turned_digits]
        turned = turned_images(x_fit[chosen], y_fit[chosen], seed + TURNED_SEED_OFFSET)
        others = np.concatenate([others, turned])
        if redraw:
            others = partly_redrawn(others, seed + NONDIGIT_REDRAW_SEED_OFFSET)
        if verbose:
            redrew = f", and redrew one in {NONDIGIT_REDRAW_EVERY} of them" if redraw else ""
            print(f"drew {len(others) - len(turned)} letters, symbols, doodles and turned digits that are no digit, "
                  f"and turned {len(turned)} MNIST digits{redrew}, in {time.perf_counter() - started:.0f} s")
    # An epoch: MNIST's own digits MNIST_COPIES_PER_EPOCH times, each drawing once. Digits target their own
    # class; drawings that are no digit target 0.1 for every digit and count NONDIGIT_WEIGHT as much.
    x_fit = np.concatenate([x_fit] * config.MNIST_COPIES_PER_EPOCH + copies + [written, others])
    digit_labels = np.concatenate([y_fit] * config.MNIST_COPIES_PER_EPOCH + redrawn_labels + [written_labels])
    y_fit = np.concatenate([keras.utils.to_categorical(digit_labels, config.NUM_CLASSES),
                            np.full((len(others), config.NUM_CLASSES), 1 / config.NUM_CLASSES, np.float32)])
    weights = np.concatenate([np.ones(len(digit_labels), np.float32),
                              np.full(len(others), config.NONDIGIT_WEIGHT, np.float32)])
    preparation_seconds = time.perf_counter() - run_started
    x_fit = to_model_input(x_fit)
    x_val, y_val = to_model_input(x_train[-validation_size:]), y_train[-validation_size:]

    model = build_model()
    trainer = keras.Sequential([augmentation(seed), model], name="trainer") if augment else model
    steps = epochs * int(np.ceil(len(x_fit) / batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(config.LEARNING_RATE, decay_steps=steps)
    compile_model(trainer, learning_rate=schedule, soft_labels=True)

    started = time.perf_counter()
    history = trainer.fit(x_fit, y_fit, sample_weight=weights, batch_size=batch_size, epochs=epochs,
                          validation_data=(x_val, keras.utils.to_categorical(y_val, config.NUM_CLASSES)),
                          shuffle=True, verbose=verbose)
    training_seconds = time.perf_counter() - started

    compile_model(model)  # Evaluate the lecture network itself, without the augmentation wrapper.
    test_loss, test_accuracy = model.evaluate(to_model_input(x_test), y_test, verbose=verbose)
    test_probabilities = probabilities_of(model, x_test)
    predictions = np.argmax(test_probabilities, axis=1)
    matrix = confusion_matrix(y_test, predictions)
    # The same digits as the app would see them, after cnn.to_mnist, and redrawn as pen drawings (other
    # pens than training's: another seed).
    preprocessed_probabilities = probabilities_of(model, preprocessed(x_test))
    redrawn_tests = redrawn_in_styles([(x_test, style, None) for style in STYLES], seed + REDRAWN_TEST_SEED_OFFSET)
    redrawn_probabilities = {style: probabilities_of(model, images) for style, images in zip(STYLES, redrawn_tests)}
    # Hands training never saw, and new drawings in the hands it learned from.
    held_out_images, held_out_labels, held_out_hands = handwritten(
        "held-out", handwriting_evaluation_digits, seed + HANDWRITING_TEST_SEED_OFFSET)
    held_out, held_out_probabilities = handwriting_report(model, held_out_images, held_out_labels, held_out_hands)
    training_hands, training_hands_probabilities = handwriting_report(model, *handwritten(
        "training", handwriting_evaluation_digits, seed + HANDWRITING_TEST_SEED_OFFSET + STYLE_SEED_STRIDE))
    # "Not a digit": the threshold from digits training may look at, then shapes and digits it never saw.
    validation_redrawn, = redrawn_in_styles([(x_train[-validation_size:], "outlined", None)],
                                            seed + REDRAWN_VALIDATION_SEED_OFFSET)
    threshold = digit_likeness_threshold([
        probabilities_of(model, x_train[-validation_size:]),
        probabilities_of(model, preprocessed(x_train[-validation_size:])), training_hands_probabilities,
        probabilities_of(model, validation_redrawn)])
    not_a_digit = {"digit_likeness": "the two likeliest digits' probabilities added",
                   "threshold": round(threshold, 6), "refused_digits_fraction": config.REFUSED_DIGITS_FRACTION,
                   "digits_refused": {
                       "mnist_test": refused(test_probabilities, threshold),
                       "mnist_test_through_to_mnist": refused(preprocessed_probabilities, threshold),
                       **{f"mnist_test_redrawn_{style}": refused(probabilities, threshold)
                          for style, probabilities in redrawn_probabilities.items()},
                       "handwriting_held_out": refused(held_out_probabilities, threshold)}}
    if nondigit_evaluation_drawings:
        for split, offset in (("held-out", 0), ("training", STYLE_SEED_STRIDE)):
            images, kinds, names = nondigits(split, nondigit_evaluation_drawings,
                                             seed + NONDIGIT_TEST_SEED_OFFSET + offset)
            not_a_digit[f"nondigits_{split.replace('-', '_')}"] = nondigit_report(
                probabilities_of(model, images), kinds, names, threshold)

    metadata = {
        "architecture": "conv1 32x3x3 relu same > pool1 2x2 > conv2 64x3x3 relu same > pool2 2x2 "
                        "> flatten > dense 128 relu > output 10 softmax",
        "parameters": model.count_params(),
        "test_accuracy": round(float(test_accuracy), 6),
        "test_loss": round(float(test_loss), 6),
        "test_examples": int(len(x_test)),
        "test_accuracy_through_to_mnist": round(accuracy(preprocessed_probabilities, y_test), 6),
        "test_accuracy_redrawn": {style: round(accuracy(probabilities, y_test), 6)
                                  for style, probabilities in redrawn_probabilities.items()},
        "per_class_accuracy": [round(value, 6) for value in per_class_accuracy(y_test, predictions)],
        "confusion_matrix": matrix.tolist(),
        "handwriting_held_out": {"hands": [hand.name for hand in HELD_OUT_HANDS], **held_out},
        "handwriting_training_hands": {"hands": [hand.name for hand in TRAINING_HANDS], **training_hands},
        "not_a_digit": not_a_digit,
        "epochs": epochs,
        "batch_size": batch_size,
        "seed": seed,
        "augmentation": augment,
        "redrawn_training_styles": {style: int(len(copy)) for style, copy in zip(STYLES, copies)},
        "mnist_copies_per_epoch": config.MNIST_COPIES_PER_EPOCH,
        "handwritten_training_examples": int(handwritten_digits_count),
        "nondigit_training_examples": int(len(others)),
        "nondigit_training_shapes": nondigit_split(allographs),
        "turned_mnist_digits": int(len(turned)),
        "nondigit_weight": config.NONDIGIT_WEIGHT,
        "training_examples": int(len(x_fit)),
        "validation_examples": int(validation_size),
        "preparation_seconds": round(preparation_seconds, 1),
        "training_seconds": round(training_seconds, 1),
        "run_seconds": round(time.perf_counter() - run_started, 1),
        "history": {name: [round(float(value), 6) for value in values]
                    for name, values in history.history.items()},
        "versions": {"python": platform.python_version(), "tensorflow": tf.__version__,
                     "keras": keras.__version__, "numpy": np.__version__},
        "command": " ".join([config.RETRAIN_COMMAND, *sys.argv[1:]]),
    }
    metadata = save_weights(model, output, metadata)
    figures_directory = Path(figures_directory)
    figures_directory.mkdir(parents=True, exist_ok=True)
    stem = metadata_path_for(output).stem
    training_curves_image(metadata["history"]).save(figures_directory / f"{stem}_curves.png")
    confusion_matrix_image(matrix).save(figures_directory / f"{stem}_confusion.png")
    misses_image(held_out_images, held_out_labels, held_out_probabilities, held_out_hands,
                 "The most confident misses on hands training never saw").save(
        figures_directory / f"{stem}_handwriting_misses.png")
    write_preferences_picture(model, figures_directory / config.PREFERENCES_PICTURE.name, preference_steps)
    return metadata


def write_preferences_picture(model: keras.Model, path: Path, steps: int = PREFERENCE_STEPS) -> None:
    """Draw what each conv2 filter responds to most (the same every run: fixed seed) into a PNG."""
    preferences = filter_preferences(model, "conv2", steps=steps)
    Image.fromarray(preference_grid(preferences, "What each conv2 filter responds to most")).save(path)


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=config.RETRAIN_COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=config.TRAINING_EPOCHS)
    parser.add_argument("--batch-size", type=int, default=config.TRAINING_BATCH_SIZE)
    parser.add_argument("--seed", type=int, default=config.TRAINING_SEED)
    parser.add_argument("--output", type=Path, default=config.DEFAULT_WEIGHTS_PATH,
                        help="weights file to write (ends in .weights.h5); its metadata goes beside it, and its "
                             "pictures too unless it is the shipped file (then they go to docs/)")
    parser.add_argument("--limit", type=int, default=None,
                        help="train on only the first N training digits (for a quick try)")
    parser.add_argument("--no-augment", action="store_true", help="train on the digits as they are")
    parser.add_argument("--no-redraw", action="store_true",
                        help="train without the redrawn copy of each digit")
    parser.add_argument("--handwritten", type=int, default=config.HANDWRITTEN_TRAINING_DIGITS,
                        help="how many digits in cnn.handwriting's training hands to train on (0: none)")
    parser.add_argument("--nondigits", type=int, default=config.NONDIGIT_TRAINING_DRAWINGS,
                        help="how many letters, symbols, doodles and turned digits (cnn.nondigits) to train on as no digit (0: none)")
    parser.add_argument("--allographs", action="store_true",
                        help="also train on print's other forms of some letters and six letters people write like a "
                             "digit (cnn.nondigits.ALLOGRAPHS; runs 33-38)")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    arguments = parse_arguments(argv)
    tf.config.experimental.enable_op_determinism()
    (x_train, y_train), test_data = load_mnist()
    if arguments.limit:
        x_train, y_train = x_train[: arguments.limit], y_train[: arguments.limit]
    validation_size = min(config.VALIDATION_SIZE, len(x_train) // 10)
    # The shipped weights' pictures belong to the README; a trial run's stay beside its weights.
    shipped = arguments.output.resolve() == config.DEFAULT_WEIGHTS_PATH.resolve()
    metadata = train(arguments.output, (x_train, y_train), test_data, epochs=arguments.epochs,
                     batch_size=arguments.batch_size, seed=arguments.seed,
                     validation_size=validation_size, augment=not arguments.no_augment, redraw=not arguments.no_redraw,
                     handwritten_digits_count=arguments.handwritten, nondigit_drawings=arguments.nondigits,
                     allographs=arguments.allographs,
                     figures_directory=config.DOCS_DIRECTORY if shipped else arguments.output.parent)
    print(f"test accuracy {metadata['test_accuracy']:.4f} on {metadata['test_examples']} digits, "
          f"trained in {metadata['training_seconds'] / 60:.1f} min ({metadata['run_seconds'] / 60:.1f} min in all, "
          f"drawings and evaluation included); wrote {arguments.output} "
          f"({metadata['weights_bytes'] / 1e6:.1f} MB) and {metadata_path_for(arguments.output).name}")
    held_out = metadata["handwriting_held_out"]
    print(f"hands training never saw: {held_out['accuracy']:.4f}, weakest digit "
          f"{int(np.argmin(held_out['per_class_accuracy']))} at {min(held_out['per_class_accuracy']):.4f}")
    not_a_digit = metadata["not_a_digit"]
    if "nondigits_held_out" in not_a_digit:
        print(f"not a digit below {not_a_digit['threshold']:.3f}: held-out shapes flagged "
              f"{not_a_digit['nondigits_held_out']['flagged_per_kind']}, digits refused {not_a_digit['digits_refused']}")


if __name__ == "__main__":
    main()

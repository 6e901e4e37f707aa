"""Not a digit: how often drawings that are no digit are told so, and how often digits are wrongly refused.

    python -m benchmarks.not_a_digit [--count 600] [--digits 10000] [--seed 11] [--weights path/to/mnist_cnn.weights.h5]

Drawings that are no digit, in a style training never used: whole alphabets and doodle signs typed in the fonts on
this machine (benchmarks.typed: DejaVu's and Liberation's, and KaTeX's), as typed, and the first family's redrawn as
pen strokes the way MNIST's test digits are redrawn (cnn.redraw: the centre line, thick parts outlined or not, with
a random pen), like single-stroke lettering. In shapes training never saw: cnn.nondigits' held-out shapes, written
by random hands, on the drawing pad, with a random pen, and photographed on paper. The training shapes drawn anew
beside them, and MNIST's test digits turned or mirrored. Digits: MNIST's 10,000 test digits as they are, through
to_mnist and redrawn; digits in the hands training never saw (cnn.handwriting), on the pad and with a random pen;
photos of digits (benchmarks.photos); typed digits, as typed and redrawn. A photo the photo judge refuses ("doesn't
look like one handwritten digit") counts as told.
"""

import argparse
import io
import time

import numpy as np
from PIL import Image

import cnn
from benchmarks.photos import Conditions, photo_set, photograph
from benchmarks.typed import FAMILIES, FAMILY, TYPED, fonts as typed_fonts, typed_set
from benchmarks.written_numbers import drawn
from cnn import nondigits
from cnn.data import load_mnist
from cnn.handwriting import handwritten_set
from cnn.inference import digit_likeness
from cnn.preprocess import to_mnist_uint8
from cnn.redraw import STYLES, redrawn_digits
from cnn.weights import load_model, not_a_digit_threshold, read_metadata


def told(reader, drawing) -> bool:
    """Whether the app tells the user this drawing is not a digit (or not one it can read)."""
    try:
        return not reader.read(drawing).is_digit
    except cnn.EmptyDrawingError:
        return True


def print_told(surface: str, kind: str, flags, note: str = "") -> None:
    """One row of the table: how many of a kind's drawings on a surface are told "not a digit"."""
    print(f"{surface:<44} {kind:<14} {np.mean(flags):>7.1%} {len(flags):>6}{note}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=600, help="drawings of each kind and surface")
    parser.add_argument("--digits", type=int, default=10_000,
                        help="MNIST test digits read through to_mnist and redrawn (a 1,000 sample's share refused "
                             "varies by half a point)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--weights", default=None, help="weights to measure (default: the shipped ones)")
    arguments = parser.parse_args(argv)
    cnn.inference.use_one_thread_per_request()
    reader = cnn.DigitReader(load_model(arguments.weights), not_a_digit_threshold(arguments.weights))

    def outputs(images):
        """uint8 (N, 28, 28) inputs -> (N, 10) probabilities."""
        return reader.layer_outputs_batch(np.asarray(images, np.float32) / 255)["output"]

    print(f"threshold {reader.threshold:.4f} (digit-likeness: the two likeliest digits' probabilities added)\n")
    print(f"{'drawings that are no digit':<44} {'kind':<14} {'told':>7} {'count':>6}")
    # Typed once: {family: {kind: [(character, picture), ...]}}; the first family's are also redrawn below.
    typed = {family: {kind: [(character, picture) for character, _, picture in typed_set(kind, family)]
                      for kind in (*nondigits.KINDS, "like a digit", "digits")} for family in FAMILIES}
    for family in FAMILIES:
        typed_in, everything = f"typed in {family}'s {len(typed_fonts(family))} fonts", []
        for kind in nondigits.KINDS:
            flags = [told(reader, picture) for _, picture in typed[family][kind]]
            everything += flags
            print_told(typed_in, kind, flags)
        print_told(typed_in, "all", everything)
        flags = [told(reader, picture) for _, picture in typed[family]["like a digit"]]
        print_told(typed_in, "like a digit", flags, "  (" + " ".join(TYPED["like a digit"]) + ")")
    typed_images = {kind: np.stack([to_mnist_uint8(picture) for _, picture in typed[FAMILY][kind]])
                    for kind in nondigits.KINDS}
    for style in STYLES:
        surface, everything = f"typed, redrawn as strokes ({style})", []
        for kind in nondigits.KINDS:
            redrawn = redrawn_digits(typed_images[kind], arguments.seed, style)
            flags = list(digit_likeness(outputs(redrawn)) < reader.threshold)
            everything += flags
            print_told(surface, kind, flags)
        print_told(surface, "all", everything)
    # As a check, the shapes the weights learnt from: their metadata's split (weights before run 33 name none: the
    # first split, without the allographs).
    trained_split = read_metadata(arguments.weights).get("nondigit_training_shapes", "training")
    for split in ("held-out", trained_split):
        for surface in ("pad", "canvas", "photo"):
            if split == trained_split and surface == "photo":
                continue
            generator = np.random.default_rng(arguments.seed)
            results = {kind: [] for kind in nondigits.SPLITS[split]}
            for kind, name, strokes in nondigits.nondigit_set(split, arguments.count, arguments.seed):
                if surface == "photo":
                    drawing = Image.open(io.BytesIO(photograph(strokes, generator,
                                                               Conditions.random(generator, sides=(800, 2000)))))
                else:
                    drawing = drawn(strokes, generator, surface)
                results[kind].append(told(reader, drawing))
            for kind, flags in [*results.items(), ("all", sum(results.values(), []))]:
                print_told(f"{split} shapes, {surface}", kind, flags)
    (_, _), (x_test, y_test) = load_mnist(verbose=False)
    sample = slice(arguments.digits)
    # A digit mirrored or turned so that it is no digit (a 3 back to front, a 7 upside down), as a child may write it.
    turned = nondigits.turned_images(x_test[sample], y_test[sample], arguments.seed)
    flags = digit_likeness(outputs(turned)) < reader.threshold
    print_told("MNIST test digits turned or mirrored", "turned digits", flags)

    print(f"\n{'digits':<44} {'count':>6} {'refused':>8} {'read right':>11}")

    def report(name, probabilities, labels):
        refused = digit_likeness(probabilities) < reader.threshold
        right = probabilities.argmax(axis=1) == labels
        print(f"{name:<44} {len(labels):>6} {refused.mean():>8.2%} {right.mean():>11.2%}")

    report("MNIST test digits as they are", outputs(x_test), y_test)
    report("MNIST test digits through to_mnist",
           np.stack([reader.read(digit).probabilities for digit in x_test[sample]]), y_test[sample])
    report("MNIST test digits redrawn (outlined)", outputs(redrawn_digits(x_test[sample], arguments.seed)),
           y_test[sample])
    for surface in ("pad", "canvas"):
        generator = np.random.default_rng(arguments.seed)
        labels, probabilities = [], []
        for digit, _, strokes in handwritten_set("held-out", arguments.count, arguments.seed + 1):
            labels.append(digit)
            probabilities.append(reader.read(drawn(strokes, generator, surface)).probabilities)
        report(f"held-out hands, {surface}", np.stack(probabilities), np.array(labels))
    labels, probabilities, refused_photos = [], [], 0
    for label, jpeg, _ in photo_set(200, 2026):
        try:
            probabilities.append(reader.read(Image.open(io.BytesIO(jpeg))).probabilities)
            labels.append(label)
        except cnn.EmptyDrawingError:
            refused_photos += 1
    report(f"photos of digits ({refused_photos} refused by the photo judge)", np.stack(probabilities), np.array(labels))
    for family in FAMILIES:
        report(f"typed digits, {family}",
               np.stack([reader.read(picture).probabilities for _, picture in typed[family]["digits"]]),
               np.array([int(character) for character, _ in typed[family]["digits"]]))
    labels = np.array([int(character) for character, _ in typed[FAMILY]["digits"]])
    typed_digit_images = np.stack([to_mnist_uint8(picture) for _, picture in typed[FAMILY]["digits"]])
    for style in STYLES:
        redrawn = redrawn_digits(typed_digit_images, arguments.seed, style)
        report(f"typed digits, redrawn ({style})", outputs(redrawn), labels)

    image = reader.read(x_test[0]).image
    times = {"forward pass": [], "forward pass and digit-likeness": []}
    for _ in range(200):
        started = time.perf_counter()
        outputs_now = reader.layer_outputs(image)
        middle = time.perf_counter()
        digit_likeness(outputs_now["output"]) >= reader.threshold
        ended = time.perf_counter()
        times["forward pass"].append(middle - started)
        times["forward pass and digit-likeness"].append(ended - started)
    floor = np.median(times["forward pass"])
    print(f"\ncost: forward pass {floor * 1e3:.3f} ms; with the digit-likeness "
          f"{np.median(times['forward pass and digit-likeness']) / floor:.3f}x (median of 200)")


if __name__ == "__main__":
    main()

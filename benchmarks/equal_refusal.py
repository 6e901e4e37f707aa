"""Equal refusal: weights compared at the same share of digits refused, so that a gain is not just a lower threshold.

    python -m benchmarks.equal_refusal [--weights path ...] [--refused 0.01] [--seed 11]

Training chooses each weights' threshold from its own validation digits, and a lower threshold tells more drawings
"not a digit" and refuses more digits too: one trade-off. To see whether a training run moved that trade-off rather
than its place on it, this reads each weights twice: at its own threshold, and at the one where the set of digits it
refuses most loses exactly `--refused`. The digits: MNIST's 10,000 test digits as they are, through to_mnist and
redrawn as pen drawings (cnn.redraw, outlined), and 600 drawings of the hands training never saw, on the pad.
The drawings that are no digit: letters and signs typed in fonts training never used (benchmarks.typed) and 600
drawings of cnn.nondigits' held-out shapes on the pad, per kind. Every weights reads the same inputs.
"""

import argparse

import numpy as np

import cnn
from benchmarks.typed import typed_set
from benchmarks.written_numbers import drawn
from cnn import nondigits
from cnn.data import load_mnist
from cnn.handwriting import handwritten_set
from cnn.inference import digit_likeness
from cnn.redraw import redrawn_digits
from cnn.train import digit_likeness_threshold
from cnn.weights import load_model, not_a_digit_threshold


def inputs(count: int, seed: int) -> tuple[dict, dict]:
    """-> ({set of digits: float32 (N, 28, 28)}, {set of no digit: (float32 (N, 28, 28), (N,) kinds)}), each input
    as the app hands it to the network."""
    (_, _), (x_test, _) = load_mnist(verbose=False)
    generator = np.random.default_rng(seed)
    hands = [cnn.to_mnist(drawn(strokes, generator, "pad"))
             for _, _, strokes in handwritten_set("held-out", count, seed + 1)]
    digits = {
        "MNIST test": x_test.astype(np.float32) / 255,
        # All 10,000: the first 3,000 through to_mnist are refused 1.10% at the shipped threshold, all of them 0.74%.
        "through to_mnist": np.stack([cnn.to_mnist(image) for image in x_test]),
        "redrawn": redrawn_digits(x_test, seed).astype(np.float32) / 255,
        "held-out hands": np.stack(hands),
    }
    typed = [(kind, cnn.to_mnist(picture)) for kind in nondigits.KINDS for _, _, picture in typed_set(kind)]
    generator = np.random.default_rng(seed)
    shapes = [(kind, cnn.to_mnist(drawn(strokes, generator, "pad")))
              for kind, _, strokes in nondigits.nondigit_set("held-out", count, seed)]
    not_digits = {name: (np.stack([image for _, image in pairs]), np.array([kind for kind, _ in pairs]))
                  for name, pairs in (("typed in fonts", typed), ("held-out shapes, pad", shapes))}
    return digits, not_digits


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", nargs="+", default=[None], help="weights to measure (default: the shipped ones)")
    parser.add_argument("--refused", type=float, default=0.01, help="share of each set of digits refused")
    parser.add_argument("--count", type=int, default=600, help="drawings of the held-out hands and of the shapes")
    parser.add_argument("--seed", type=int, default=11)
    arguments = parser.parse_args(argv)
    if not 0 < arguments.refused < 1:
        parser.error(f"--refused must be between 0 and 1, got {arguments.refused}")
    digits, not_digits = inputs(arguments.count, arguments.seed)
    print(f"digits: {', '.join(f'{name} {len(images)}' for name, images in digits.items())}; no digit: "
          + ", ".join(f"{name} {len(images)}" for name, (images, _) in not_digits.items()))
    for weights in arguments.weights:
        model = load_model(weights)

        def answers(images):
            """float32 (N, 28, 28) -> (N, 10) probabilities."""
            return model.predict(images[..., None], batch_size=1000, verbose=0)

        digit_answers = {name: answers(images) for name, images in digits.items()}
        digit_likeness_of = {name: digit_likeness(probabilities) for name, probabilities in digit_answers.items()}
        # Read once, then cut at each threshold.
        no_digit_likeness_of = {name: digit_likeness(answers(images)) for name, (images, _) in not_digits.items()}
        at = {"own": not_a_digit_threshold(weights),
              f"{arguments.refused:.1%} refused": digit_likeness_threshold(list(digit_answers.values()),
                                                                           arguments.refused)}
        print(f"\n{weights or 'shipped weights'}")
        for name, threshold in at.items():
            refused = ", ".join(f"{set_name} {np.mean(values < threshold):.2%}"
                                for set_name, values in digit_likeness_of.items())
            print(f"  threshold {threshold:.3f} ({name}); digits refused: {refused}")
            for set_name, (_, kinds) in not_digits.items():
                told = no_digit_likeness_of[set_name] < threshold
                per_kind = " / ".join(f"{told[kinds == kind].mean():.1%}" for kind in nondigits.KINDS)
                print(f"    {set_name:<22} told {told.mean():6.1%} ({per_kind})")


if __name__ == "__main__":
    main()

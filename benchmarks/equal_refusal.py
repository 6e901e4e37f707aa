"""Equal refusal: weights compared at the same share of digits refused, so that a gain is not just a lower threshold.

    python -m benchmarks.equal_refusal [--weights path ...] [--together] [--refused 0.01] [--seed 11]

Training chooses each weights' threshold from its own validation digits, and a lower threshold tells more drawings
"not a digit" and refuses more digits too: one trade-off. To see whether a training run moved that trade-off rather
than its place on it, this reads each weights twice: at its own threshold, and at the one where the set of digits it
refuses most loses exactly `--refused`. The digits: MNIST's 10,000 test digits as they are, through to_mnist and
redrawn as pen drawings (cnn.redraw, outlined), and 600 drawings of the hands training never saw, on the pad; how
many of each are read right is printed too (the model tests hold shipped weights to 99% of training's own redrawing
read right; here every weights reads one redrawing, so runs of different seeds compare fairly).
The drawings that are no digit: letters and signs typed in fonts training never used (benchmarks.typed's two
families) and 600 drawings of cnn.nondigits' held-out shapes on the pad, per kind. Every weights reads the same
inputs.

`--together` also reads the given weights as one (their ten probabilities averaged): several networks are not the
lecture's network, but what they tell together bounds what any one run of the same recipes could be hoped to tell.
"""

import argparse

import numpy as np

import cnn
from benchmarks.typed import FAMILIES, typed_set
from benchmarks.written_numbers import drawn
from cnn import nondigits
from cnn.data import load_mnist
from cnn.handwriting import handwritten_set
from cnn.inference import digit_likeness
from cnn.redraw import redrawn_digits
from cnn.train import digit_likeness_threshold
from cnn.weights import load_model, not_a_digit_threshold


def inputs(count: int, seed: int) -> tuple[dict, dict, dict]:
    """-> ({set of digits: float32 (N, 28, 28)}, {set of digits: (N,) labels}, {set of no digit: (float32 (N, 28,
    28), (N,) kinds)}), each input as the app hands it to the network."""
    (_, _), (x_test, y_test) = load_mnist(verbose=False)
    generator = np.random.default_rng(seed)
    written = list(handwritten_set("held-out", count, seed + 1))
    hands = [cnn.to_mnist(drawn(strokes, generator, "pad")) for _, _, strokes in written]
    digits = {
        "MNIST test": x_test.astype(np.float32) / 255,
        # All 10,000: the first 3,000 through to_mnist are refused 1.10% at the shipped threshold, all of them 0.74%.
        "through to_mnist": np.stack([cnn.to_mnist(image) for image in x_test]),
        "redrawn": redrawn_digits(x_test, seed).astype(np.float32) / 255,
        "held-out hands": np.stack(hands),
    }
    labels = {name: y_test for name in ("MNIST test", "through to_mnist", "redrawn")}
    labels["held-out hands"] = np.array([digit for digit, _, _ in written])
    named = {f"typed, {family}": [(kind, cnn.to_mnist(picture)) for kind in nondigits.KINDS
                                  for _, _, picture in typed_set(kind, family)] for family in FAMILIES}
    generator = np.random.default_rng(seed)
    named["held-out shapes, pad"] = [(kind, cnn.to_mnist(drawn(strokes, generator, "pad")))
                                     for kind, _, strokes in nondigits.nondigit_set("held-out", count, seed)]
    not_digits = {name: (np.stack([image for _, image in pairs]), np.array([kind for kind, _ in pairs]))
                  for name, pairs in named.items()}
    return digits, labels, not_digits


def report(title: str, digit_answers: dict, labels: dict, no_digit_answers: dict, kinds: dict, refused: float,
           own_threshold: float | None) -> None:
    """Print digits read right, then digits refused and drawings told, per set and kind, at the weights' own
    threshold (if they have one) and at the one where the most-refused set of digits loses `refused`; answers are
    {set: (N, 10) probabilities}."""
    digit_likeness_of = {name: digit_likeness(answers) for name, answers in digit_answers.items()}
    no_digit_likeness_of = {name: digit_likeness(answers) for name, answers in no_digit_answers.items()}
    at = {f"{refused:.1%} refused": digit_likeness_threshold(list(digit_answers.values()), refused)}
    if own_threshold is not None:
        at = {"own": own_threshold, **at}
    print(f"\n{title}")
    print("  digits read right: " + ", ".join(f"{name} {np.mean(answers.argmax(axis=1) == labels[name]):.2%}"
                                             for name, answers in digit_answers.items()))
    for name, threshold in at.items():
        refused_shares = ", ".join(f"{set_name} {np.mean(values < threshold):.2%}"
                                   for set_name, values in digit_likeness_of.items())
        print(f"  threshold {threshold:.3f} ({name}); digits refused: {refused_shares}")
        for set_name, values in no_digit_likeness_of.items():
            told = values < threshold
            per_kind = " / ".join(f"{told[kinds[set_name] == kind].mean():.1%}" for kind in nondigits.KINDS
                                  if np.any(kinds[set_name] == kind))
            print(f"    {set_name:<32} told {told.mean():6.1%} ({per_kind})")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", nargs="+", default=[None], help="weights to measure (default: the shipped ones)")
    parser.add_argument("--together", action="store_true", help="also read the weights as one, answers averaged")
    parser.add_argument("--refused", type=float, default=0.01, help="share of each set of digits refused")
    parser.add_argument("--count", type=int, default=600, help="drawings of the held-out hands and of the shapes")
    parser.add_argument("--seed", type=int, default=11)
    arguments = parser.parse_args(argv)
    if not 0 < arguments.refused < 1:
        parser.error(f"--refused must be between 0 and 1, got {arguments.refused}")
    digits, labels, not_digits = inputs(arguments.count, arguments.seed)
    print(f"digits: {', '.join(f'{name} {len(images)}' for name, images in digits.items())}; no digit: "
          + ", ".join(f"{name} {len(images)}" for name, (images, _) in not_digits.items()))
    kinds = {name: set_kinds for name, (_, set_kinds) in not_digits.items()}
    every_answer = []
    for weights in arguments.weights:
        model = load_model(weights)

        def answers(images):
            """float32 (N, 28, 28) -> (N, 10) probabilities."""
            return model.predict(images[..., None], batch_size=1000, verbose=0)

        # Read once, then cut at each threshold.
        digit_answers = {name: answers(images) for name, images in digits.items()}
        no_digit_answers = {name: answers(images) for name, (images, _) in not_digits.items()}
        every_answer.append((digit_answers, no_digit_answers))
        report(weights or "shipped weights", digit_answers, labels, no_digit_answers, kinds, arguments.refused,
               not_a_digit_threshold(weights))
    if arguments.together:
        averaged = [{name: np.mean([answers[index][name] for answers in every_answer], axis=0)
                     for name in every_answer[0][index]} for index in (0, 1)]
        report(f"the {len(arguments.weights)} weights together (answers averaged)", averaged[0], labels, averaged[1],
               kinds, arguments.refused, None)


if __name__ == "__main__":
    main()

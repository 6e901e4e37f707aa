"""Stored drawings: the held-out sets the model tests read, drawn once by cnn's own generators with fixed seeds.

Drawing them takes about 12 ms a digit (15 s a run for these 1,000); the tests read them from
tests/data/stored_drawings.npz instead. tests/unit/test_stored_drawings.py draws the first few of each set again
and compares, so the file cannot drift from the code; after changing a generator, rewrite it:

    python -m tests.stored_drawings

Beside them, characters typed in the fonts of the machine that wrote the file (benchmarks.typed: a style of
writing training never used), read through cnn.to_mnist: stored because a test machine may have no such fonts.
"""

from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data"
STORED = DATA / "stored_drawings.npz"
REDRAW_SEED = 99  # A seed training never used: training redraws with seeds from 1234 up.
HELD_OUT_HANDS_SEED = 31


def mnist_test_sample() -> tuple[np.ndarray, np.ndarray]:
    """The first 1,000 MNIST test digits: uint8 (1000, 28, 28) images and (1000,) labels."""
    with np.load(DATA / "mnist_test_1000.npz") as arrays:
        return arrays["images"], arrays["labels"]


def held_out_hands(count: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` digits in cnn.handwriting's held-out hands -> uint8 (count, 28, 28), labels (count,)."""
    from cnn.handwriting import handwritten_digits

    images, labels, _ = handwritten_digits("held-out", count, seed=HELD_OUT_HANDS_SEED)
    return images, labels


def redrawn(style: str):
    def draw(count: int) -> tuple[np.ndarray, np.ndarray]:
        """The first `count` MNIST test digits redrawn as pen drawings in `style` -> uint8 (count, 28, 28), labels."""
        from cnn.redraw import redrawn_digits

        images, labels = mnist_test_sample()
        return redrawn_digits(images[:count], seed=REDRAW_SEED, style=style), labels[:count]

    return draw


TYPED_EVERY = 3  # One in three of benchmarks.typed's characters (fonts in turn, then characters): about 1,500.


def typed(kind: str) -> tuple[np.ndarray, np.ndarray]:
    """One in TYPED_EVERY of benchmarks.typed's characters of a kind through cnn.to_mnist -> uint8 (N, 28, 28)
    images and the (N,) characters."""
    from benchmarks.typed import typed_set
    from cnn.preprocess import to_mnist_uint8

    chosen = [(character, picture) for index, (character, _, picture) in enumerate(typed_set(kind))
              if index % TYPED_EVERY == 0]
    images = np.stack([to_mnist_uint8(picture) for _, picture in chosen])
    return images, np.array([character for character, _ in chosen])


TYPED_KINDS = ("latin", "other scripts", "doodles", "digits")


# Each set: how it is drawn (the first n of a set are the set of n) and how many are stored.
SETS = {"held_out_hands": (held_out_hands, 400), "redrawn_outlined": (redrawn("outlined"), 300),
        "redrawn_thinned": (redrawn("thinned"), 300)}


def typed_name(kind: str) -> str:
    """The stored set of a typed kind: "other scripts" -> "typed_other_scripts"."""
    return "typed_" + kind.replace(" ", "_")


def load() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """{set name: (uint8 (N, 28, 28) images, (N,) labels)} as stored; a typed set's labels are its characters."""
    with np.load(STORED) as arrays:
        return {name: (arrays[f"{name}_images"], arrays[f"{name}_labels"])
                for name in [*SETS, *map(typed_name, TYPED_KINDS)]}


def write() -> None:
    arrays = {}
    for name, (draw, count) in SETS.items():
        arrays[f"{name}_images"], arrays[f"{name}_labels"] = draw(count)
    for kind in TYPED_KINDS:
        arrays[f"{typed_name(kind)}_images"], arrays[f"{typed_name(kind)}_labels"] = typed(kind)
    np.savez_compressed(STORED, **arrays)


if __name__ == "__main__":
    write()
    print(f"wrote {STORED} ({STORED.stat().st_size / 1e3:.0f} kB)")

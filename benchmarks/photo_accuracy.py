"""Benchmark: how often the shipped model reads phone photos of digits on paper right, and how fast.

    python -m benchmarks.photo_accuracy [--count 500]

Photos come from benchmarks.photos (digits in hands training never saw, on our own
paper, light and camera; 800-4000 px JPEGs). Prints accuracy overall, per digit and
per condition; the median and slowest time of `cnn.to_mnist(path)` on 4000 px JPEGs,
decoding included, against Pillow decoding the same files at full size (the floor
every reader of the file pays without draft mode), measured in the same run; a
6000x6000 JPEG; and how many pictures with no digit (blank pages, photos taken in the
dark, faces, tables: 40 scenes of each at two camera sizes) get a sentence, not a guess.
"""

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

import cnn
from benchmarks.photos import bad_photos, photo_set
from cnn import config

FACTORS = {
    "paper": lambda conditions: conditions.ruling,
    "table showing": lambda conditions: conditions.table,
    "pen": lambda conditions: conditions.pen,
    "digit % of height": lambda conditions: _bin(100 * conditions.digit_height_fraction, [15, 25, 35, 50.1]),
    "darker edge %": lambda conditions: _bin(100 * conditions.darkening, [20, 30, 40.1]),
    "long side px": lambda conditions: _bin(conditions.side, [800, 1600, 2400, 4001]),
    "stored sideways (EXIF)": lambda conditions: conditions.portrait,
}


def _bin(value, edges):
    for low, high in zip(edges, edges[1:]):
        if low <= value < high:
            return f"{low:g}-{high:g}"
    return "other"


def accuracy(reader, folder: Path, count: int, seed: int) -> None:
    labels, read, conditions = [], [], []
    for index, (label, jpeg, photo_conditions) in enumerate(photo_set(count, seed)):
        path = folder / f"{index}.jpg"
        path.write_bytes(jpeg)
        try:
            read.append(reader.read(path).digit)
        except cnn.EmptyDrawingError as error:
            read.append(-1)
            print(f"  photo {index} ({label}) refused: {error}")
        labels.append(label)
        conditions.append(photo_conditions)
        path.unlink()
    labels, correct = np.array(labels), np.array(read) == np.array(labels)
    per_digit = [correct[labels == digit].mean() for digit in range(config.NUM_CLASSES)]
    print(f"\n== photographed: {count} photos of digits in hands training never saw ==")
    print(f"  {correct.mean():7.2%}  overall; weakest digit {int(np.argmin(per_digit))} at {min(per_digit):.1%}")
    print("  per digit: " + "  ".join(f"{digit}: {value:.1%}" for digit, value in enumerate(per_digit)))
    for factor, key in FACTORS.items():
        groups = {}
        for photo_conditions, is_correct in zip(conditions, correct):
            groups.setdefault(key(photo_conditions), []).append(is_correct)
        print(f"  {factor}: " + "  ".join(f"{group}: {np.mean(values):.1%} (n={len(values)})"
                                          for group, values in sorted(groups.items(), key=str)))


def median_and_slowest(function, paths) -> tuple[float, float]:
    function(paths[0])  # Warm caches before timing.
    timings = []
    for path in paths:
        started = time.perf_counter()
        function(path)
        timings.append(time.perf_counter() - started)
    return 1000 * statistics.median(timings), 1000 * max(timings)


def speed(folder: Path, count: int, seed: int) -> None:
    paths = []
    for index, (_, jpeg, _) in enumerate(photo_set(count, seed, sides=(4000, 4000))):
        paths.append(folder / f"large-{index}.jpg")
        paths[-1].write_bytes(jpeg)
    reading = median_and_slowest(cnn.to_mnist, paths)
    decoding = median_and_slowest(lambda path: Image.open(path).load(), paths)
    print(f"\n== speed: {count} JPEGs of 4000x3000 px ==")
    print(f"  cnn.to_mnist(path), decoding included: median {reading[0]:.1f} ms, slowest {reading[1]:.1f} ms "
          f"(target: median <= 60 ms, slowest <= 250 ms)")
    print(f"  floor, Pillow decoding the file at full size: median {decoding[0]:.1f} ms, slowest {decoding[1]:.1f} ms"
          f" ({reading[0] / decoding[0]:.2f}x the floor)")
    huge = Image.open(io.BytesIO(next(photo_set(1, seed + 1, sides=(6000, 6000)))[1]))
    square = folder / "square.jpg"
    huge.resize((6000, 6000)).save(square, quality=90)
    huge_reading = median_and_slowest(cnn.to_mnist, [square] * 5)
    print(f"  a 6000x6000 JPEG: median {huge_reading[0]:.0f} ms, slowest {huge_reading[1]:.0f} ms (target: < 1 s)")


def refusals(reader, folder: Path, seeds: int, sides=(2000, 1200)) -> None:
    """Each kind of picture with no digit, `seeds` scenes of it at each of `sides`: how many got a sentence."""
    print(f"\n== pictures with no digit: {seeds} scenes of each, photographed at {' and '.join(map(str, sides))} px ==")
    sentences, guesses = {}, {}
    for seed in range(seeds):
        for side in sides:
            for name, jpeg in bad_photos(seed, side).items():
                path = folder / "bad.jpg"
                path.write_bytes(jpeg)
                try:
                    guesses.setdefault(name, []).append(f"seed {seed} at {side} px read as {reader.read(path).digit}")
                except cnn.EmptyDrawingError as error:
                    sentences.setdefault(name, set()).add(str(error))
    for name in dict.fromkeys([*sentences, *guesses]):
        said = len(guesses.get(name, []))
        print(f"  {name}: a sentence for {seeds * len(sides) - said} of {seeds * len(sides)} "
              f"{sorted(sentences.get(name, []))}" + (f"; guessed: {', '.join(guesses[name])}" if said else ""))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500, help="photos to read (0: skip)")
    parser.add_argument("--timed", type=int, default=40, help="4000 px photos to time (0: skip)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--bad", type=int, default=40, help="scenes of each kind of picture with no digit")
    arguments = parser.parse_args(argv)
    cnn.inference.use_one_thread_per_request()  # As the app does.
    reader = cnn.DigitReader()
    with tempfile.TemporaryDirectory() as folder:
        if arguments.count:
            accuracy(reader, Path(folder), arguments.count, arguments.seed)
        if arguments.timed:
            speed(Path(folder), arguments.timed, arguments.seed + 1)
        refusals(reader, Path(folder), arguments.bad)


if __name__ == "__main__":
    main()

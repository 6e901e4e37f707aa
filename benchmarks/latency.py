"""Benchmark: in-process cost of reading an 800x800 Sketchpad drawing, against the bare forward pass.

    python -m benchmarks.latency [--runs 300]

Medians over many runs (time.perf_counter), measured in the same process, plus
`model.predict` on one image to show what the compiled pass saves.
"""

import argparse
import statistics
import time

import numpy as np

import cnn
from benchmarks.drawings import traced_digit
from cnn.redraw import Pen, render


def median_milliseconds(function, runs: int) -> float:
    function()  # Warm caches before timing.
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return 1000 * statistics.median(timings)


def sketchpad_drawing(canvas: int = 800, seed: int = 3) -> dict:
    """A digit drawn on a transparent canvas, as Gradio's Sketchpad hands it to the server."""
    generator = np.random.default_rng(seed)
    pen = Pen.random(generator, canvas=canvas, background="transparent", digit_height_fraction=0.6)
    return render(traced_digit(5, generator), pen)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    arguments = parser.parse_args(argv)
    cnn.inference.use_one_thread_per_request()  # As the app does.
    reader = cnn.DigitReader()
    drawing = sketchpad_drawing()
    image = cnn.to_mnist(drawing)
    forward = median_milliseconds(lambda: reader.layer_outputs(image), arguments.runs)
    preprocess = median_milliseconds(lambda: cnn.to_mnist(drawing), arguments.runs)
    whole = median_milliseconds(lambda: reader.read(drawing), arguments.runs)
    keras_predict = median_milliseconds(lambda: reader.model.predict(image[None, :, :, None], verbose=0),
                                        max(arguments.runs // 10, 10))
    print(f"800x800 Sketchpad value, median of {arguments.runs} runs:")
    print(f"  bare forward pass (compiled, all layers)  {forward:7.3f} ms")
    print(f"  preprocessing (cnn.to_mnist)               {preprocess:7.3f} ms")
    print(f"  preprocessing + forward (DigitReader.read) {whole:7.3f} ms   = {whole / forward:.1f}x the forward pass")
    print(f"  model.predict on one image, for comparison {keras_predict:7.3f} ms")
    print(f"target: preprocessing + forward <= 5 ms: {'met' if whole <= 5 else 'NOT met'}")


if __name__ == "__main__":
    main()

"""Benchmark: /predict, /inside and /learn round trips against a bare Gradio app, cold start, and peak memory.

    python -m benchmarks.http_roundtrip [--calls 100]

Both servers run as `python <script>` on loopback; the same Sketchpad payload
(the app's 336x336 canvas as PNG layer and composite) goes to each, calls
alternated so both see the same machine. Reports medians and their ratios.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from gradio_client import Client

from benchmarks.latency import sketchpad_drawing
from benchmarks.servers import peak_memory_megabytes, serving, sketchpad_payload

import app


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(app_client, bare_client, payload, count: int) -> dict:
    """{call name: [seconds]}, the calls alternated `count` times after one warm-up each."""
    calls = {
        "bare Gradio /predict (constant)": lambda: bare_client.predict(payload, api_name="/predict"),
        "app /predict": lambda: app_client.predict(payload, api_name="/predict"),
        "app /inside (every layer's pictures)": lambda: app_client.predict(payload, api_name="/inside"),
        "app /learn (every lesson)": lambda: app_client.predict(payload, api_name="/learn"),
    }
    for call in calls.values():
        call()
    timings = {name: [] for name in calls}
    for _ in range(count):
        for name, call in calls.items():
            timings[name].append(timed(call))
    return timings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        payload = sketchpad_payload(sketchpad_drawing(canvas=app.CANVAS_SIZE), Path(folder))
        with serving("app.py") as (app_url, app_process, app_serving):
            # Cold start is measured with the app alone on the machine.
            started = time.perf_counter()
            app_client = Client(app_url, verbose=False)
            first = app_client.predict(payload, api_name="/predict")
            cold_start = app_serving + time.perf_counter() - started
            with serving("benchmarks/bare_app.py") as (bare_url, _, bare_serving):
                bare_client = Client(bare_url, verbose=False)
                timings = measure(app_client, bare_client, payload, arguments.calls)
            memory = peak_memory_megabytes(app_process.pid)
    floor = statistics.median(timings["bare Gradio /predict (constant)"])
    print(f"round trips over loopback, median of {arguments.calls} alternated calls:")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"  {name:40s} {1000 * median:7.2f} ms  {median / floor:5.2f}x the bare floor")
    print(f"cold start: `python app.py` to first /predict answer {cold_start:.1f} s; first answer {first['label']}")
    print(f"peak memory of the app process: {memory:.0f} MB")


if __name__ == "__main__":
    main()

"""Benchmark: /predict, /inside and /learn round trips against a bare Gradio app, cold start, and peak memory.

    python -m benchmarks.http_roundtrip [--calls 200]

Both servers run as `python <script>` on loopback. Every call does what the page
does for one stroke (upload the Sketchpad's layer and composite PNGs, queue the
event, read its answer from the event stream, fetch any picture files), with the
same 336x336 drawing, the calls alternated so both servers see the same machine.
Reports medians and their ratios to the bare app's.
"""

import argparse
import statistics
import time

from benchmarks.latency import sketchpad_drawing
from benchmarks.servers import BrowserLikeClient, peak_memory_megabytes, serving

import app

TARGETS = {"/predict": 1.15, "/inside": 1.5, "/learn": 1.5}


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(app_client, bare_client, drawing, count: int) -> dict:
    """{call name: [seconds]}, the calls alternated `count` times after a few warm-up rounds."""
    calls = {"bare /predict": lambda: bare_client.call("predict", drawing)}
    calls.update({f"/{name}": lambda name=name: app_client.call(name, drawing) for name in ("predict", "inside", "learn")})
    for _ in range(5):
        for call in calls.values():
            call()
    timings = {name: [] for name in calls}
    for _ in range(count):
        for name, call in calls.items():
            timings[name].append(timed(call))
    return timings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    arguments = parser.parse_args(argv)
    drawing = BrowserLikeClient.encode(sketchpad_drawing(canvas=app.CANVAS_SIZE))
    with serving("app.py") as (app_url, app_process, app_serving):
        # Cold start is measured with the app alone on the machine.
        started = time.perf_counter()
        app_client = BrowserLikeClient(app_url)
        first = app_client.call("predict", drawing)[0]
        cold_start = app_serving + time.perf_counter() - started
        with serving("benchmarks/bare_app.py") as (bare_url, _, _):
            bare_client = BrowserLikeClient(bare_url)
            timings = measure(app_client, bare_client, drawing, arguments.calls)
            bare_client.close()
        app_client.close()
        memory = peak_memory_megabytes(app_process.pid)
    floor = statistics.median(timings["bare /predict"])
    print(f"round trips over loopback, median of {arguments.calls} alternated calls:")
    for name, values in timings.items():
        median = statistics.median(values)
        target = f"target <= {TARGETS[name]:.2f}x: {'met' if median / floor <= TARGETS[name] else 'NOT met'}" \
            if name in TARGETS else "the floor"
        print(f"  {name:14s} {1000 * median:7.2f} ms  {median / floor:5.2f}x   {target}")
    print(f"cold start: `python app.py` to first /predict answer {cold_start:.1f} s "
          f"(target <= 10 s); first answer {first['label']}")
    print(f"peak memory of the app process: {memory:.0f} MB")


if __name__ == "__main__":
    main()

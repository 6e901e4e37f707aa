"""Benchmark: /predict, /inside and /learn round trips against a bare Gradio app, cold start, and peak memory.

    python -m benchmarks.http_roundtrip [--calls 200] [--launches 3]

Both servers run as `python <script>` on loopback. Every call does what the page
does for one stroke (upload the Sketchpad's layer and composite PNGs, queue the
event, read its answer from the event stream, fetch any picture files), with the
same 336x336 drawing, the calls alternated so both servers see the same machine.
Reports medians and their ratios to the bare app's. Ratios move between launches
of the same servers by more than within one (the floor itself moves by a third),
so the servers are started afresh `--launches` times and the median launch reported
beside the range.
"""

import argparse
import statistics
import time

from benchmarks.latency import sketchpad_drawing
from benchmarks.servers import BrowserLikeClient, peak_memory_megabytes, serving

from benchmarks import bare_app

TARGETS = {"/predict": 1.15, "/inside": 1.5, "/learn": 1.5}


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(app_client, bare_client, drawing, count: int) -> dict:
    """{call name: [seconds]}, the calls alternated `count` times after a few warm-up rounds."""
    calls = {"bare /predict": lambda: bare_client.call("predict", drawing)}
    calls.update({f"/{name}": lambda name=name: app_client.call(name, drawing)
                  for name in ("predict", "inside", "learn")})
    for _ in range(5):
        for call in calls.values():
            call()
    timings = {name: [] for name in calls}
    for _ in range(count):
        for name, call in calls.items():
            timings[name].append(timed(call))
    return timings


def launch(drawing: dict, calls: int) -> dict:
    """Start both servers once; {"ratios": {endpoint: median / floor}, "floor": s, "cold_start": s, "memory": MB}."""
    with serving("app.py") as (app_url, app_process, app_serving):
        # Cold start is measured with the app alone on the machine.
        started = time.perf_counter()
        app_client = BrowserLikeClient(app_url)
        app_client.call("predict", drawing)
        cold_start = app_serving + time.perf_counter() - started
        with serving("benchmarks/bare_app.py") as (bare_url, _, _):
            bare_client = BrowserLikeClient(bare_url)
            timings = measure(app_client, bare_client, drawing, calls)
            bare_client.close()
        app_client.close()
        memory = peak_memory_megabytes(app_process.pid)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    floor = medians.pop("bare /predict")
    return {"ratios": {name: median / floor for name, median in medians.items()}, "medians": medians,
            "floor": floor, "cold_start": cold_start, "memory": memory}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--launches", type=int, default=3)
    arguments = parser.parse_args(argv)
    drawing = BrowserLikeClient.encode(sketchpad_drawing(canvas=bare_app.CANVAS_SIZE))
    launches = []
    for number in range(1, arguments.launches + 1):
        result = launch(drawing, arguments.calls)
        launches.append(result)
        print(f"launch {number}: floor {1000 * result['floor']:.2f} ms; "
              + "; ".join(f"{name} {1000 * result['medians'][name]:.2f} ms = {ratio:.2f}x"
                          for name, ratio in result["ratios"].items()), flush=True)
    print(f"round trips over loopback against the bare app, median of {arguments.calls} alternated calls per launch, "
          f"{arguments.launches} launches:")
    for name, target in TARGETS.items():
        ratios = sorted(result["ratios"][name] for result in launches)
        median = statistics.median(ratios)
        print(f"  {name:9s} {median:5.2f}x (launches {ratios[0]:.2f}-{ratios[-1]:.2f}x)   "
              f"target <= {target:.2f}x: {'met' if median <= target else 'NOT met'}")
    cold = [result["cold_start"] for result in launches]
    print(f"cold start: `python app.py` to first /predict answer {min(cold):.1f}-{max(cold):.1f} s (target <= 10 s)")
    print(f"peak memory of the app process: {max(result['memory'] for result in launches):.0f} MB")


if __name__ == "__main__":
    main()

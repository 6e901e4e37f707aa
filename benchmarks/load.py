"""Load: many concurrent gradio_client users on /predict; reports p50/p95 latency and errors.

    python -m benchmarks.load [--users 16 --requests 25] [--script benchmarks/bare_app.py]

The same load on the bare Gradio app (a constant answer) shows how much of the
latency is Gradio's own queue and uploads.
"""

import argparse
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks import bare_app
from benchmarks.latency import sketchpad_drawing
from benchmarks.servers import gradio_client, serving, sketchpad_payload


def run_load(url: str, payload: dict, users: int, requests: int, expected: str) -> tuple[list, list]:
    """`users` threads, each its own client, `requests` calls each; returns (latencies in s, errors)."""
    def user(_):
        client = gradio_client(url)
        latencies, errors = [], []
        for _ in range(requests):
            started = time.perf_counter()
            try:
                label = client.predict(payload, api_name="/predict")["label"]
                if label != expected:
                    errors.append(f"read {label}, expected {expected}")
            except Exception as error:  # Any failure counts as an error for the report.
                errors.append(repr(error))
            latencies.append(time.perf_counter() - started)
        return latencies, errors

    with ThreadPoolExecutor(users) as pool:
        results = list(pool.map(user, range(users)))
    return [value for latencies, _ in results for value in latencies], [e for _, errors in results for e in errors]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--requests", type=int, default=25)
    parser.add_argument("--script", default="app.py", help="the Gradio app to load (default: the app)")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        payload = sketchpad_payload(sketchpad_drawing(canvas=bare_app.CANVAS_SIZE), Path(folder))
        with serving(arguments.script) as (url, _, _):
            expected = gradio_client(url).predict(payload, api_name="/predict")["label"]
            started = time.perf_counter()
            latencies, errors = run_load(url, payload, arguments.users, arguments.requests, expected)
            elapsed = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"{arguments.script}: {arguments.users} users x {arguments.requests} requests = "
          f"{len(latencies)} calls in {elapsed:.1f} s "
          f"({len(latencies) / elapsed:.0f} per second)")
    print(f"  p50 {1000 * statistics.median(latencies):.0f} ms, p95 {1000 * p95:.0f} ms, errors {len(errors)}")
    for error in errors[:5]:
        print(f"  {error}")


if __name__ == "__main__":
    main()

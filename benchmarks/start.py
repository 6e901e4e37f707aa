"""Start: how long `python app.py` takes to serve its page, to let the page read drawings, and to answer the API.

    python -m benchmarks.start [--launches 5]

Each launch is a fresh process, as a Space's start is. Three moments, from the process's start:
- page served: the page's HTML answers;
- the page reads: its reading files (reading.json, weights.bin) fetched too; from then on the page reads every
  drawing on the pad itself (cnn/static/reading.js), with no TensorFlow on the server;
- the server's network answers: /predict reads a drawing (TensorFlow loaded after the page was served; the Learn
  and Train tabs and the API wait for it).
The two big imports are timed in fresh processes too. Medians, with the range.
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.request

from benchmarks.drawings import sketchpad_from_picture
from benchmarks.servers import BrowserLikeClient, serving
from cnn import config

IMPORTS = {"gradio": "import gradio", "tensorflow and keras": "import tensorflow, keras"}


def import_seconds(statement: str) -> float:
    """Seconds a fresh Python process takes to run `statement`, its own start left out."""
    code = f"import time; started = time.perf_counter(); {statement}; print(time.perf_counter() - started)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                env={"TF_CPP_MIN_LOG_LEVEL": "2", "GRADIO_ANALYTICS_ENABLED": "False",
                                     "PATH": "/usr/bin:/bin"}).stdout.split()[-1])


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f})"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def one_launch(pngs: dict) -> tuple[float, float, float]:
    """Start app.py once -> seconds to (page served, the page's reading files fetched, /predict answered)."""
    with serving("app.py") as (url, _, served):
        started = time.perf_counter() - served  # When the process was started, on this clock.
        head = json.loads(fetch(url + "config"))["head"]  # The page's <head>: where it fetches its reading files.
        base = json.loads(re.search(r"DrawADigit\.configure\((\".*?\")\)", head).group(1))
        for name in ("reading.json", "weights.bin"):
            fetch(url + base + name)
        reads = time.perf_counter() - started
        client = BrowserLikeClient(url)
        try:
            outputs = client.call("predict", pngs)
        finally:
            client.close()
        if outputs[0]["label"] != "7":
            raise RuntimeError(f"/predict read the 7 as {outputs[0]['label']}")
        return served, reads, time.perf_counter() - started


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=5)
    arguments = parser.parse_args(argv)
    pngs = BrowserLikeClient.encode(sketchpad_from_picture(config.EXAMPLES_DIRECTORY / "7.png"))
    launches = [one_launch(pngs) for _ in range(arguments.launches)]
    for index, moment in enumerate(("page served", "the page reads drawings", "the server's network answers")):
        print(f"python app.py -> {moment}: {summary([launch[index] for launch in launches])}")
    print(f"{arguments.launches} launches")
    for name, statement in IMPORTS.items():
        print(f"  import {name}: {summary([import_seconds(statement) for _ in range(arguments.launches)])}")


if __name__ == "__main__":
    main()

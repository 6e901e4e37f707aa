"""Start: how long `python app.py` takes to serve its page, and what the two big imports take of it.

    python -m benchmarks.start [--launches 5]

Each launch is a fresh process, as a Space's start is; the imports are timed in fresh processes too. Medians, with
the range.
"""

import argparse
import statistics
import subprocess
import sys

from benchmarks.servers import serving

IMPORTS = {"gradio": "import gradio", "tensorflow and keras": "import tensorflow, keras"}


def import_seconds(statement: str) -> float:
    """Seconds a fresh Python process takes to run `statement`, its own start left out."""
    code = f"import time; started = time.perf_counter(); {statement}; print(time.perf_counter() - started)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                env={"TF_CPP_MIN_LOG_LEVEL": "2", "GRADIO_ANALYTICS_ENABLED": "False",
                                     "PATH": "/usr/bin:/bin"}).stdout.split()[-1])


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f})"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=5)
    arguments = parser.parse_args(argv)
    starts = []
    for _ in range(arguments.launches):
        with serving("app.py") as (_, _, seconds):
            starts.append(seconds)
    print(f"python app.py -> page served: {summary(starts)}, {arguments.launches} launches")
    for name, statement in IMPORTS.items():
        print(f"  import {name}: {summary([import_seconds(statement) for _ in range(arguments.launches)])}")


if __name__ == "__main__":
    main()

"""Shared fixtures: the shipped model (loaded once), a reader around it, and 1,000 MNIST test digits."""

import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def mnist_sample():
    """The first 1,000 MNIST test digits: uint8 (1000, 28, 28) images and (1000,) labels."""
    with np.load(DATA / "mnist_test_1000.npz") as arrays:
        return arrays["images"], arrays["labels"]


@pytest.fixture(scope="session")
def model():
    import cnn

    return cnn.load_model()


@pytest.fixture(scope="session")
def reader(model):
    import cnn

    return cnn.DigitReader(model)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def served_app():
    """`python app.py` running on a free loopback port, as Spaces runs it; yields its URL."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    environment = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": "127.0.0.1",
                   "GRADIO_ANALYTICS_ENABLED": "False"}
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"app-{port}.log", "w+")
    process = subprocess.Popen([sys.executable, "app.py"], cwd=Path(__file__).parent.parent, env=environment,
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"the app did not start:\n{log.read()[-3000:]}")
            time.sleep(0.25)
    yield url
    process.terminate()
    process.wait(timeout=30)
    log.close()

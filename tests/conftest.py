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


@pytest.fixture(scope="session")
def served_app():
    """`python app.py` running on a free loopback port, as Spaces runs it; yields its URL."""
    from benchmarks.servers import serving

    with serving("app.py") as (url, _, _):
        yield url

"""Shared fixtures: the shipped model (loaded once), a reader around it, 1,000 MNIST test digits, the stored
held-out drawings, a fresh Python process, the app and the static site served; and each test's kind, from its
folder, as a marker:

    unit/     code on arrays and files, and training's own steps      pytest -m unit
    model/    what the shipped weights must read, and its lessons     pytest -m model
    app/      the app's handlers, and the app over HTTP              pytest -m app
    browser/  the page and the static site in Chromium               pytest -m browser   (pytest -m "not browser")
"""

import os

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# The suite runs in two workers on two cores (pyproject.toml); a live-training run at the lower priority the
# app gives it would crawl behind the other worker's tests (here and in the app servers the tests start).
os.environ.setdefault("CNN_TRAINING_NICENESS", "0")
# One TensorFlow thread each for the two workers (and the app servers they start): more threads than cores make
# each worker's small operations wait for threads the other worker holds (a training test took 16-56 s, not 11).
os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")
# The same for numpy's BLAS, read when numpy loads (not yet: the test modules import it): the suite without the
# browser took 64-68 s with two BLAS threads a worker, 58-60 s with one.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")


@pytest.fixture(scope="session")
def fresh_python():
    """Run Python code in a fresh process at the repository root -> the last line it printed (the test fails,
    with the process's error, if the code raised)."""
    import subprocess
    import sys

    from cnn import config

    def run(code: str) -> str:
        done = subprocess.run([sys.executable, "-c", code], cwd=config.REPOSITORY_ROOT, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.split("\n")[-2]

    return run


@pytest.fixture(scope="session")
def mnist_sample():
    """The first 1,000 MNIST test digits: uint8 (1000, 28, 28) images and (1000,) labels."""
    from tests import stored_drawings

    return stored_drawings.mnist_test_sample()


@pytest.fixture(scope="session")
def stored():
    """The stored held-out drawings (tests/stored_drawings.py): {set name: (uint8 images, labels)}."""
    from tests import stored_drawings

    return stored_drawings.load()


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


@pytest.fixture(scope="session")
def static_site(tmp_path_factory):
    """The static site `python -m cnn.site` writes, served by a plain static file server; yields (its URL, folder)."""
    from benchmarks.servers import serving_folder
    from cnn import site

    folder = tmp_path_factory.mktemp("site")
    site.build(folder)
    with serving_folder(folder) as url:
        yield url, folder


# The files that take longest, started first: the two workers (pyproject.toml) each take whole files in this
# order, and a long file taken last would leave one worker alone at the end.
LONGEST_FIRST = ("test_browser.py", "test_browser_reading.py", "test_live_training.py", "test_http.py", "test_photo.py",
                 "test_train.py", "test_app.py", "test_weights_and_data.py", "test_segment.py")
KINDS = ("unit", "model", "app", "browser")


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    for item in items:
        kind = item.path.parent.name
        if kind not in KINDS:
            raise pytest.UsageError(f"{item.path} is not in one of tests/{', tests/'.join(KINDS)}")
        item.add_marker(kind)
    items.sort(key=rank)  # Stable: within a file, and among the other files, the order stays as written.


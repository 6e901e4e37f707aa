"""Weights: save the trained network with its metadata, and load it back only if it checks out.

A weights file `name.weights.h5` always travels with `name.json`, which records how
it was made (accuracy, epochs, seed, library versions) and the file's sha256.
`load_model` gives the Keras network; `load_arrays` gives its weights as numpy
arrays without TensorFlow (h5py), for what draws or serves them.
"""

import hashlib
import json
from pathlib import Path

import h5py
import numpy as np

from cnn import config
from cnn.model import TENSOR_NAMES, build_model, tensor_shapes

WEIGHTS_SUFFIX = ".weights.h5"


class WeightsError(RuntimeError):
    """The weights file or its metadata is missing, corrupt or does not fit the model."""


def sha256_of_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def metadata_path_for(weights_path: Path) -> Path:
    """`weights/x.weights.h5` -> `weights/x.json`."""
    weights_path = Path(weights_path)
    if not weights_path.name.endswith(WEIGHTS_SUFFIX):
        raise ValueError(f"weights files end in '{WEIGHTS_SUFFIX}', got '{weights_path.name}'")
    return weights_path.with_name(weights_path.name[: -len(WEIGHTS_SUFFIX)] + config.METADATA_SUFFIX)


def save_weights(model, weights_path: Path, metadata: dict) -> dict:
    """Write the model's weights and `metadata` plus the weights' sha256 beside them; return the metadata."""
    weights_path = Path(weights_path)
    weights_path.parent.mkdir(parents=True, exist_ok=True)
    model.save_weights(weights_path)
    metadata = {**metadata, "weights_file": weights_path.name,
                "weights_sha256": sha256_of_file(weights_path),
                "weights_bytes": weights_path.stat().st_size}
    metadata_path_for(weights_path).write_text(json.dumps(metadata, indent=2) + "\n")
    return metadata


def read_metadata(weights_path: Path | None = None) -> dict:
    """The metadata JSON that travels with a weights file (the shipped one by default)."""
    weights_path = Path(weights_path or config.DEFAULT_WEIGHTS_PATH)
    metadata_path = metadata_path_for(weights_path)
    try:
        return json.loads(metadata_path.read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise WeightsError(_fix_message(metadata_path, f"cannot read it ({error})")) from error


def not_a_digit_threshold(weights_path: Path | None = None) -> float:
    """The digit-likeness under which the weights' network reads a drawing as "not a digit", from their metadata."""
    weights_path = Path(weights_path or config.DEFAULT_WEIGHTS_PATH)
    try:
        return float(read_metadata(weights_path)["not_a_digit"]["threshold"])
    except (KeyError, TypeError, ValueError) as error:
        raise WeightsError(_fix_message(weights_path, "its metadata has no not_a_digit threshold (weights "
                                                      "trained before training learned what is no digit)")) from error


def checked_path(path: str | Path | None = None) -> Path:
    """The weights file (the shipped one by default), once its sha256 matches its metadata: a truncated or
    replaced file fails here, loudly, rather than predicting nonsense."""
    weights_path = Path(path or config.DEFAULT_WEIGHTS_PATH)
    if not weights_path.is_file():
        raise WeightsError(_fix_message(weights_path, "the file is missing"))
    metadata = read_metadata(weights_path)
    actual = sha256_of_file(weights_path)
    if actual != metadata.get("weights_sha256"):
        raise WeightsError(_fix_message(
            weights_path, f"its sha256 {actual[:12]}... does not match the metadata's "
                          f"{str(metadata.get('weights_sha256'))[:12]}... (corrupt or replaced)"))
    return weights_path


def load_model(path: str | Path | None = None):
    """Return the lecture CNN (keras.Sequential) with trained weights: (N, 28, 28, 1) float32 in [0, 1] -> (N, 10)
    probabilities. `path` defaults to the shipped weights, checked by `checked_path`."""
    weights_path = checked_path(path)
    model = build_model()
    try:
        model.load_weights(weights_path)
    except Exception as error:  # h5py and Keras raise many types for a bad file.
        raise WeightsError(_fix_message(weights_path, f"Keras cannot load it ({error})")) from error
    return model


def load_arrays(path: str | Path | None = None) -> dict[str, dict[str, np.ndarray]]:
    """The trained weights without TensorFlow -> {layer name: {"kernel": float32 array, "bias": float32 (D,)}} for
    each layer with weights (cnn.model.tensor_shapes gives their shapes). Checked as `load_model` checks them."""
    weights_path = checked_path(path)
    expected = tensor_shapes()
    try:
        with h5py.File(weights_path, "r") as file:
            # Keras writes each layer's variables, in order, under layers/<its own key>/vars, named in an attribute.
            stored = {group["vars"].attrs["name"]: group["vars"] for group in file["layers"].values()}
            arrays = {name: {tensor: np.asarray(stored[name][str(index)], np.float32)
                             for index, tensor in enumerate(TENSOR_NAMES)} for name in expected}
    except (OSError, KeyError, ValueError) as error:
        raise WeightsError(_fix_message(weights_path, f"its layers cannot be read ({error})")) from error
    for name, shapes in expected.items():
        found = tuple(arrays[name][tensor].shape for tensor in TENSOR_NAMES)
        if found != shapes:
            raise WeightsError(_fix_message(weights_path, f"layer {name} holds shapes {found}, the lecture's "
                                                          f"network needs {shapes}"))
    return arrays


def arrays_of(model) -> dict[str, dict[str, np.ndarray]]:
    """A Keras model of the lecture's network -> its weights as `load_arrays` gives them."""
    return {name: {tensor: np.asarray(variable.numpy(), np.float32)
                   for tensor, variable in zip(TENSOR_NAMES, model.get_layer(name).weights)}
            for name in tensor_shapes()}


def _fix_message(path: Path, problem: str) -> str:
    return f"Weights file {path}: {problem}. Retrain it with `{config.RETRAIN_COMMAND}`."

"""Training writes loadable weights, their metadata and report pictures; augmentation is training-only."""

import json

import numpy as np
from PIL import Image

import cnn
from cnn import train
from cnn.redraw import STYLES
from cnn.weights import metadata_path_for


def test_training_smoke_run_writes_everything(tmp_path, mnist_sample):
    images, labels = mnist_sample
    output = tmp_path / "smoke.weights.h5"
    metadata = train.train(output, (images[:320], labels[:320]), (images[900:], labels[900:]),
                           epochs=1, batch_size=64, validation_size=64, verbose=0,
                           figures_directory=tmp_path, preference_steps=2)
    written = json.loads(metadata_path_for(output).read_text())
    assert written == metadata
    for key in ("test_accuracy", "test_accuracy_through_to_mnist", "per_class_accuracy", "confusion_matrix",
                "epochs", "seed", "versions", "training_seconds", "weights_sha256"):
        assert key in written
    assert set(written["test_accuracy_redrawn"]) == set(written["redrawn_training_styles"]) == set(STYLES)
    assert written["training_examples"] == (320 - 64) * (1 + len(STYLES))
    assert np.asarray(written["confusion_matrix"]).sum() == 100
    assert Image.open(tmp_path / "smoke_curves.png").size[0] > 0
    assert Image.open(tmp_path / "smoke_confusion.png").size[0] > 0
    assert Image.open(tmp_path / "conv2_preferences.png").size[0] > 0
    assert cnn.load_model(output).count_params() == 421_642


def test_augmentation_is_identity_at_inference_and_varies_in_training(mnist_sample):
    images, _ = mnist_sample
    batch = images[:8, :, :, None].astype(np.float32) / 255.0
    augment = train.augmentation(seed=1)
    np.testing.assert_array_equal(augment(batch, training=False).numpy(), batch)
    varied = augment(batch, training=True).numpy()
    assert varied.shape == batch.shape
    assert not np.allclose(varied, batch)
    assert varied.min() >= -1e-6 and varied.max() <= 1 + 1e-6


"""Training writes loadable weights, their metadata and report pictures; augmentation is training-only."""

import json

import numpy as np
from PIL import Image

import cnn
from cnn import train
from cnn.handwriting import HELD_OUT_HANDS, TRAINING_HANDS
from cnn.redraw import STYLES
from cnn.weights import metadata_path_for


def test_training_smoke_run_writes_everything(tmp_path, mnist_sample):
    images, labels = mnist_sample
    output = tmp_path / "smoke.weights.h5"
    metadata = train.train(output, (images[:192], labels[:192]), (images[950:], labels[950:]),
                           epochs=1, batch_size=64, validation_size=64, handwritten_digits_count=40,
                           handwriting_evaluation_digits=40, verbose=0, figures_directory=tmp_path,
                           preference_steps=2)
    written = json.loads(metadata_path_for(output).read_text())
    assert written == metadata
    for key in ("test_accuracy", "test_accuracy_through_to_mnist", "per_class_accuracy", "confusion_matrix",
                "epochs", "seed", "versions", "training_seconds", "weights_sha256"):
        assert key in written
    assert set(written["test_accuracy_redrawn"]) == set(written["redrawn_training_styles"]) == set(STYLES)
    assert written["training_examples"] == (192 - 64) * (1 + len(STYLES)) + 40
    held_out = written["handwriting_held_out"]
    assert held_out["hands"] == [hand.name for hand in HELD_OUT_HANDS]
    assert set(held_out["per_hand_accuracy"]) == set(held_out["hands"])
    assert np.asarray(held_out["confusion_matrix"]).sum() == held_out["examples"] == 40
    assert len(held_out["per_class_accuracy"]) == 10 and 0 <= held_out["confident_wrong_rate"] <= 1
    assert written["handwriting_training_hands"]["hands"] == [hand.name for hand in TRAINING_HANDS]
    assert np.asarray(written["confusion_matrix"]).sum() == 50
    assert Image.open(tmp_path / "smoke_curves.png").size[0] > 0
    assert Image.open(tmp_path / "smoke_confusion.png").size[0] > 0
    assert Image.open(tmp_path / "smoke_handwriting_misses.png").size[0] > 0
    assert Image.open(tmp_path / "conv2_preferences.png").size[0] > 0
    assert cnn.load_model(output).count_params() == 421_642


def test_a_short_run_learns_far_beyond_chance(tmp_path, mnist_sample):
    from tensorflow.python.framework import config as tensorflow_config

    images, labels = mnist_sample
    # 600 training digits, 5 epochs of batches of 16: about 190 steps; 200 test digits. Chance is 10%.
    metadata = train.train(tmp_path / "short.weights.h5", (images[:700], labels[:700]), (images[800:], labels[800:]),
                           epochs=5, batch_size=16, validation_size=100, augment=False, redraw=False,
                           handwritten_digits_count=0, handwriting_evaluation_digits=10, verbose=0,
                           figures_directory=tmp_path, preference_steps=1)
    assert metadata["test_accuracy"] >= 0.8
    assert not tensorflow_config.is_op_determinism_enabled()  # Global state is main()'s to set, not train()'s.


def test_augmentation_is_identity_at_inference_and_varies_in_training(mnist_sample):
    images, _ = mnist_sample
    batch = images[:8, :, :, None].astype(np.float32) / 255.0
    augment = train.augmentation(seed=1)
    np.testing.assert_array_equal(augment(batch, training=False).numpy(), batch)
    varied = augment(batch, training=True).numpy()
    assert varied.shape == batch.shape
    assert not np.allclose(varied, batch)
    assert varied.min() >= -1e-6 and varied.max() <= 1 + 1e-6


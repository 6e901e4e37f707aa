"""Training writes loadable weights, their metadata and report pictures; augmentation is training-only."""

import json

import numpy as np
import pytest
from PIL import Image

import cnn
from cnn import config, nondigits, train
from cnn.handwriting import HELD_OUT_HANDS, TRAINING_HANDS
from cnn.redraw import STYLES
from cnn.weights import metadata_path_for


def test_a_short_run_learns_and_writes_weights_metadata_and_pictures(tmp_path, mnist_sample):
    from tensorflow.python.framework import config as tensorflow_config

    images, labels = mnist_sample
    output = tmp_path / "short.weights.h5"
    # 128 training digits (32 more validate) twice an epoch, each also redrawn once, 30 handwritten ones, 30
    # drawings that are no digit and up to 20 digits turned (those of the 20 chosen that have a turn): <= 464
    # examples, 8 epochs of batches of 16; 60 test digits and 40 in the held-out hands. Chance is 10%.
    metadata = train.train(output, (images[:160], labels[:160]), (images[940:], labels[940:]),
                           epochs=8, batch_size=16, validation_size=32, handwritten_digits_count=30,
                           handwriting_evaluation_digits=40, nondigit_drawings=30, nondigit_evaluation_drawings=20,
                           turned_digits=20,
                           verbose=0, figures_directory=tmp_path, preference_steps=2)
    assert metadata["test_accuracy"] >= 0.8
    assert not tensorflow_config.is_op_determinism_enabled()  # Global state is main()'s to set, not train()'s.
    written = json.loads(metadata_path_for(output).read_text())
    assert written == metadata
    for key in ("test_accuracy", "test_accuracy_through_to_mnist", "per_class_accuracy", "confusion_matrix",
                "epochs", "seed", "versions", "training_seconds", "run_seconds", "weights_sha256"):
        assert key in written
    assert set(written["test_accuracy_redrawn"]) == set(written["redrawn_training_styles"]) == set(STYLES)
    # Two digits in three redrawn outlined, the third thinned.
    assert written["redrawn_training_styles"] == {"outlined": 86, "thinned": 42}
    turned = written["turned_mnist_digits"]
    assert 5 <= turned <= 20  # 0s, 2s and 5s have no turn that makes them no digit.
    assert written["training_examples"] == (160 - 32) * (config.MNIST_COPIES_PER_EPOCH + 1) + 30 + 30 + turned
    assert written["nondigit_training_examples"] == 30 + turned
    assert written["nondigit_training_shapes"] == "training"  # The shipped recipe's shapes, no allographs.
    not_a_digit = written["not_a_digit"]
    assert 0.2 <= not_a_digit["threshold"] <= 1.0
    assert set(not_a_digit["digits_refused"]) == {"mnist_test", "mnist_test_through_to_mnist", "handwriting_held_out",
                                                  *(f"mnist_test_redrawn_{style}" for style in STYLES)}
    assert set(not_a_digit["nondigits_held_out"]["flagged_per_kind"]) == set(nondigits.KINDS)
    assert not_a_digit["nondigits_held_out"]["examples"] == not_a_digit["nondigits_training"]["examples"] == 20
    held_out = written["handwriting_held_out"]
    assert held_out["hands"] == [hand.name for hand in HELD_OUT_HANDS]
    assert set(held_out["per_hand_accuracy"]) == set(held_out["hands"])
    assert np.asarray(held_out["confusion_matrix"]).sum() == held_out["examples"] == 40  # Every held-out hand.
    assert len(held_out["per_class_accuracy"]) == 10 and 0 <= held_out["confident_wrong_rate"] <= 1
    assert written["handwriting_training_hands"]["hands"] == [hand.name for hand in TRAINING_HANDS]
    assert np.asarray(written["confusion_matrix"]).sum() == 60
    for picture in ("short_curves.png", "short_confusion.png", "short_handwriting_misses.png",
                    "conv2_preferences.png"):
        assert Image.open(tmp_path / picture).size[0] > 0
    # The saved weights are the lecture network's alone, and they read as well as the run reported.
    saved = cnn.load_model(output)
    assert saved.count_params() == 421_642
    assert train.accuracy(train.probabilities_of(saved, images[940:]), labels[940:]) == pytest.approx(
        metadata["test_accuracy"], abs=1e-6)


@pytest.mark.parametrize("arguments, split", [([], "training"), (["--allographs"], "training with allographs")])
def test_training_learns_from_the_allographs_only_when_asked(arguments, split):
    assert train.nondigit_split(train.parse_arguments(arguments).allographs) == split
    assert split in nondigits.SPLITS


def test_one_drawing_that_is_no_digit_in_three_is_redrawn_and_the_rest_kept():
    drawings, _, _ = train.nondigits("training", 12, seed=5)
    partly = train.partly_redrawn(drawings, seed=7)
    assert partly.shape == drawings.shape and partly.dtype == np.uint8
    redrawn = [not np.array_equal(before, after) for before, after in zip(drawings, partly)]
    assert redrawn == [index % train.NONDIGIT_REDRAW_EVERY == 0 for index in range(12)]
    # In the digits' styles, in turn: the first outlined, and thinned the third of them (index 6).
    outlined, thinned = (train.redrawn_in_styles([(drawings[[index]], style, None)], seed=7)[0][0]
                         for index, style in ((0, "outlined"), (6, "thinned")))
    assert np.array_equal(partly[0], outlined) and np.array_equal(partly[6], thinned)


def test_the_threshold_refuses_no_more_than_its_fraction_of_any_one_set_of_digits():
    def answers(likeness):  # (N,) digit-likeness -> (N, 10) answers with that much on the first two digits.
        likeness = np.asarray(likeness, np.float64)
        return np.concatenate([likeness[:, None] * [0.5, 0.5], np.repeat((1 - likeness[:, None]) / 8, 8, axis=1)],
                              axis=1)
    confident, doubtful = answers(np.linspace(0.99, 1.0, 1000)), answers(np.linspace(0.5, 1.0, 1000))
    threshold = train.digit_likeness_threshold([confident, doubtful])
    assert train.refused(doubtful, threshold) <= config.REFUSED_DIGITS_FRACTION
    assert train.refused(doubtful, threshold + 0.01) > config.REFUSED_DIGITS_FRACTION  # The highest such score.
    assert threshold == train.digit_likeness_threshold([doubtful, confident])


def test_augmentation_is_identity_at_inference_and_varies_in_training(mnist_sample):
    images, _ = mnist_sample
    batch = images[:8, :, :, None].astype(np.float32) / 255.0
    augment = train.augmentation(seed=1)
    np.testing.assert_array_equal(augment(batch, training=False).numpy(), batch)
    varied = augment(batch, training=True).numpy()
    assert varied.shape == batch.shape
    assert not np.allclose(varied, batch)
    assert varied.min() >= -1e-6 and varied.max() <= 1 + 1e-6


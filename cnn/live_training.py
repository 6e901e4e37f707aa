"""Live training: the lecture's CNN learning MNIST from scratch in a background thread, to be watched as it learns.

    run = LiveTraining(Choices(learning_rate=1e-3, batch_size=32))
    run.start()
    progress = run.progress()          # curves so far, kernels now, examples a second
    probabilities = run.read(image)    # what the young network makes of a (28, 28) drawing
    run.stop()

The network is cnn.model's, compiled by its compile_model (cross-entropy, Adam) and
trained by Keras's own `fit`, the loop `python -m cnn.train` uses; a callback records
the curves, copies the weights a few times a second and stops the run when asked.
It learns from MNIST_SAMPLE, 20,000 training digits and 1,000 test digits shipped with
the code (3.4 MB), so it needs no download; `python -m cnn.live_training` rewrites it
from `cnn.data.load_mnist()`. A TrainingSlot lets one run at a time share a server.
Importing this module does not load TensorFlow; a run does.
"""

import argparse
import functools
import math
import os
import threading
import time
from dataclasses import dataclass

import numpy as np

from cnn import config
from cnn.model import build_model, compile_model

MNIST_SAMPLE = config.REPOSITORY_ROOT / "cnn" / "mnist_sample.npz"
SAMPLE_TRAINING_DIGITS = 20_000
SAMPLE_HELD_OUT_DIGITS = 1_000  # The first 1,000 MNIST test digits: the held-out curve.
EVALUATE_EVERY_STEPS = 50
SNAPSHOT_EVERY_SECONDS = 0.25  # The page asks twice a second; copies of the weights are never older than this.
MAXIMUM_SECONDS = 180.0  # A run's cap, so one visitor cannot hold a shared server's training for long.
BATCH_SIZES = (16, 32, 64, 128, 256)
LEARNING_RATE_RANGE = (1e-5, 1.0)
LEARNING_RATE_EXPONENT = math.log10(config.LEARNING_RATE)  # Where the page's learning-rate slider starts.
# Once traced, a run trains at this Linux nice level (0 normal to 19 lowest), so a shared server answers drawings
# first; CNN_TRAINING_NICENESS=0 trains at normal priority (the tests do: two test workers share two cores, and a
# run that yields to the other worker's tests crawls).
TRAINING_NICENESS = int(os.environ.get("CNN_TRAINING_NICENESS", "10"))

READY, RUNNING, FINISHED, STOPPED, DIVERGED, FAILED = "ready", "running", "time's up", "stopped", "diverged", "failed"


@functools.lru_cache(maxsize=1)
def sample_digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The shipped sample -> (training images float32 (20000, 28, 28, 1) in [0, 1], labels (20000,),
    held-out images (1000, 28, 28, 1), labels (1000,)). Loaded once, shared by every run."""
    if not MNIST_SAMPLE.exists():
        raise FileNotFoundError(f"{MNIST_SAMPLE} is missing; write it with: python -m cnn.live_training")
    with np.load(MNIST_SAMPLE) as arrays:
        return (arrays["training_images"][..., None].astype(np.float32) / 255, arrays["training_labels"],
                arrays["held_out_images"][..., None].astype(np.float32) / 255, arrays["held_out_labels"])


@dataclass(frozen=True)
class Choices:
    """What the learner may change: each teaches something (a too-high rate diverges; shuffled labels memorise)."""

    learning_rate: float = config.LEARNING_RATE
    batch_size: int = 32
    shuffle_labels: bool = False
    seed: int = 0
    maximum_seconds: float = MAXIMUM_SECONDS

    def __post_init__(self):
        low, high = LEARNING_RATE_RANGE
        if not low <= self.learning_rate <= high:
            raise ValueError(f"the learning rate is between {low:g} and {high:g}, got {self.learning_rate!r}")
        if self.batch_size not in BATCH_SIZES:
            raise ValueError(f"the batch size is one of {BATCH_SIZES}, got {self.batch_size!r}")
        if not 0 < self.maximum_seconds <= MAXIMUM_SECONDS:
            raise ValueError(f"a run lasts at most {MAXIMUM_SECONDS:.0f} s, got {self.maximum_seconds!r}")


@dataclass(frozen=True)
class Progress:
    """A run as it stands: state, counts, curves and the weights of the moment."""

    state: str  # READY (random weights, not started), RUNNING, or how it ended: FINISHED (time's up), STOPPED,
    # DIVERGED (the loss became infinite), FAILED
    step: int
    examples_seen: int
    seconds: float
    examples_per_second: float
    batches: tuple  # ((step, loss, accuracy), ...): the training batches, running means over the epoch
    held_out: tuple  # ((step, accuracy, loss), ...): the 1,000 held-out digits, every EVALUATE_EVERY_STEPS
    weights: tuple  # The model's weights (numpy arrays, Keras order) at the last snapshot

    @property
    def kernels(self) -> dict:
        """{"conv1": float (3, 3, 1, 32), "conv2": float (3, 3, 32, 64)}: the kernels of the moment."""
        return {"conv1": self.weights[0], "conv2": self.weights[2]}

    @property
    def held_out_accuracy(self) -> float | None:
        return self.held_out[-1][1] if self.held_out else None


class LiveTraining:
    """One run: a fresh lecture CNN learning in a daemon thread; safe to read from other threads."""

    def __init__(self, choices: Choices = Choices()):
        import tensorflow as tf

        self.choices = choices
        # Its own seed for its starting weights: a visitor's click never reseeds the process's random numbers.
        self.model = compile_model(build_model(seed=choices.seed), learning_rate=choices.learning_rate)
        # Reads drawings with the latest copy of the weights, outside the training; a traced function, because an
        # eager Keras call on one image costs about 20 ms of Python.
        self._viewer = build_model()
        self._view = tf.function(lambda images: self._viewer(images, training=False),
                                 input_signature=[tf.TensorSpec((1, *config.INPUT_SHAPE), tf.float32)])
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._train, name="live-training", daemon=True)
        self._state, self._step, self._started, self._ended = READY, 0, None, None
        self._batches, self._held_out = [], []
        self._weights = tuple(self.model.get_weights())
        self._viewer_weights = None

    def start(self) -> "LiveTraining":
        with self._lock:
            self._state, self._started = RUNNING, time.perf_counter()
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ask the run to stop after its current batch."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the run to end; whether it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def progress(self) -> Progress:
        with self._lock:
            seconds = 0.0 if self._started is None else (self._ended or time.perf_counter()) - self._started
            examples = self._step * self.choices.batch_size
            return Progress(self._state, self._step, examples, seconds, examples / seconds if seconds else 0.0,
                            tuple(self._batches), tuple(self._held_out), self._weights)

    def read(self, image: np.ndarray) -> np.ndarray:
        """float (28, 28) in [0, 1] -> float32 (10,): the young network's probabilities, with the latest weights."""
        with self._lock:
            weights = self._weights
            if self._viewer_weights is not weights:
                self._viewer.set_weights(weights)
                self._viewer_weights = weights
            return self._view(np.asarray(image, np.float32)[None, :, :, None])[0].numpy()

    def _train(self) -> None:
        import keras

        images, labels, held_out_images, held_out_labels = sample_digits()
        if self.choices.shuffle_labels:  # Nothing left to learn but the examples by heart.
            labels = np.random.default_rng(self.choices.seed).permutation(labels)
        recorder = _Recorder(self, held_out_images, held_out_labels)
        state = FAILED
        try:
            # Enough epochs never to end by themselves: the callback ends the run.
            self.model.fit(images, labels, batch_size=self.choices.batch_size, epochs=10_000, shuffle=True,
                           verbose=0, callbacks=[keras.callbacks.LambdaCallback(
                               on_train_batch_end=recorder.on_train_batch_end)])
            state = recorder.ending
        finally:
            with self._lock:
                self._state, self._ended = state, time.perf_counter()
                self._weights = tuple(self.model.get_weights())


class _Recorder:
    """After each batch (a Keras LambdaCallback): notes it, evaluates the held-out digits, copies the weights, ends
    the run."""

    def __init__(self, run: LiveTraining, held_out_images: np.ndarray, held_out_labels: np.ndarray):
        self.run, self.model, self.held_out_images, self.held_out_labels = (run, run.model, held_out_images,
                                                                             held_out_labels)
        self.ending = FINISHED
        self.last_snapshot = 0.0

    def on_train_batch_end(self, batch, logs=None):
        run = self.run
        loss, accuracy = float(logs["loss"]), float(logs["accuracy"])
        step = run._step + 1
        if step == 1:  # Traced and started: from now on a server's answers to drawings come first.
            _lower_priority_of_this_thread()
        held_out = self._evaluate(step) if step % EVALUATE_EVERY_STEPS == 0 or step == 1 else None
        now = time.perf_counter()
        with run._lock:
            run._step = step
            run._batches.append((step, loss, accuracy))
            if held_out is not None:
                run._held_out.append(held_out)
            if now - self.last_snapshot >= SNAPSHOT_EVERY_SECONDS:
                run._weights, self.last_snapshot = tuple(self.model.get_weights()), now
        if not math.isfinite(loss):
            self.ending = DIVERGED
        elif run._stop.is_set():
            self.ending = STOPPED
        elif now - run._started >= run.choices.maximum_seconds:
            self.ending = FINISHED
        else:
            return
        self.model.stop_training = True

    def _evaluate(self, step: int) -> tuple[int, float, float]:
        """(step, accuracy, loss) on the held-out digits."""
        probabilities = np.asarray(self.model(self.held_out_images, training=False))
        accuracy = float(np.mean(np.argmax(probabilities, axis=1) == self.held_out_labels))
        chosen = probabilities[np.arange(len(self.held_out_labels)), self.held_out_labels]
        return step, accuracy, float(-np.mean(np.log(np.clip(chosen, 1e-7, 1.0))))


def _lower_priority_of_this_thread() -> None:
    """Linux: a lower CPU priority (a higher niceness) for the calling thread alone; elsewhere nothing."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), TRAINING_NICENESS)
    except (AttributeError, OSError):
        pass


class BusyError(RuntimeError):
    """Another visitor's run is training."""


class TrainingSlot:
    """One run at a time across every visitor of a server; each visitor sees their own run only."""

    def __init__(self):
        self._lock = threading.Lock()
        self._owner, self._run = None, None

    def start(self, owner: str, choices: Choices) -> LiveTraining:
        """Start `owner`'s run (replacing their previous one); BusyError while another owner's run trains."""
        with self._lock:
            if self._run is not None and self._run.running and self._owner != owner:
                left = max(0.0, self._run.choices.maximum_seconds - self._run.progress().seconds)
                raise BusyError(f"Training is busy: another visitor's network is learning (at most {left:.0f} s "
                                "more). You are next: press Train from scratch again when it ends.")
            if self._run is not None:
                self._run.stop()
            self._owner, self._run = owner, LiveTraining(choices).start()
            return self._run

    def run_of(self, owner: str) -> LiveTraining | None:
        """`owner`'s run (running or ended), or None."""
        with self._lock:
            return self._run if self._owner == owner else None

    def release(self, owner: str) -> None:
        """`owner` left or reset: stop their run and forget it."""
        with self._lock:
            if self._owner == owner and self._run is not None:
                self._run.stop()
                self._owner, self._run = None, None


def write_sample(path=MNIST_SAMPLE) -> None:
    """Write the shipped sample from MNIST: its first 20,000 training digits and first 1,000 test digits."""
    from cnn.data import load_mnist

    (training_images, training_labels), (test_images, test_labels) = load_mnist()
    np.savez_compressed(path, training_images=training_images[:SAMPLE_TRAINING_DIGITS],
                        training_labels=training_labels[:SAMPLE_TRAINING_DIGITS],
                        held_out_images=test_images[:SAMPLE_HELD_OUT_DIGITS],
                        held_out_labels=test_labels[:SAMPLE_HELD_OUT_DIGITS])


if __name__ == "__main__":
    argparse.ArgumentParser(description="Write cnn/mnist_sample.npz, the Train tab's digits, from MNIST.").parse_args()
    write_sample()
    print(f"wrote {MNIST_SAMPLE} ({MNIST_SAMPLE.stat().st_size / 1e6:.1f} MB)")

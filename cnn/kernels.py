"""Kernels: the 3x3 kernels people designed (blur, sharpen, edges), the learned ones most like them, and what
either does to a drawing, in numpy.
"""

import numpy as np

# Classic hand-designed 3x3 kernels, as a convolution layer would hold them.
DESIGNED_KERNELS = {
    "box blur": np.full((3, 3), 1 / 9, dtype=np.float32),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float32),
    "Sobel x (vertical edges)": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float32),
    "Sobel y (horizontal edges)": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float32),
    "Laplacian (outlines)": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float32),
}


def convolve_same(image: np.ndarray, kernels: np.ndarray) -> np.ndarray:
    """float (H, W) with a (3, 3) kernel -> (H, W), or with (K, 3, 3) kernels -> (K, H, W).

    Zero padding, stride 1, no kernel flip: what Keras's Conv2D computes before its bias.
    """
    windows = np.lib.stride_tricks.sliding_window_view(np.pad(image, 1), (3, 3))  # (H, W, 3, 3)
    return np.tensordot(kernels, windows, axes=([-2, -1], [2, 3])).astype(np.float32)


def learned_kernels_like_designed(conv1_kernel: np.ndarray) -> dict:
    """conv1's kernel, float (3, 3, 1, D) -> {"conv1 kernel k": (3, 3) kernel}: for each of DESIGNED_KERNELS in turn,
    the learned kernel most like it.

    Likeness is the absolute cosine similarity of the centred weights (a kernel and
    its negative find the same edges); each learned kernel is picked at most once.
    """
    learned = conv1_kernel[:, :, 0, :]
    centred = learned - learned.mean(axis=(0, 1))
    centred /= np.linalg.norm(centred, axis=(0, 1)) + 1e-12
    chosen = {}
    for kernel in DESIGNED_KERNELS.values():
        designed = kernel - kernel.mean()
        if np.linalg.norm(designed) > 0:
            designed /= np.linalg.norm(designed)
            similarity = np.abs(np.tensordot(designed, centred, axes=([0, 1], [0, 1])))
        else:  # A box blur is flat once centred: its likeness is how far a kernel's weights share one sign.
            similarity = np.abs(learned.sum(axis=(0, 1))) / np.abs(learned).sum(axis=(0, 1))
        for index in np.argsort(-similarity):
            if f"conv1 kernel {index}" not in chosen:
                chosen[f"conv1 kernel {index}"] = learned[:, :, index]
                break
    return chosen


def filter_responses(kernels: dict, image: np.ndarray) -> dict:
    """{name: (3, 3) kernel} and float (28, 28) -> {name: (28, 28) response}, before any bias or ReLU."""
    return dict(zip(kernels, convolve_same(image, np.stack(list(kernels.values())))))

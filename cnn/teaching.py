"""Teaching text: the numbers from `cnn.explain` written out as Markdown, for the page or a notebook."""

import numpy as np

from cnn import config


def _matrix(values: np.ndarray, decimals: int = 2) -> str:
    """(h, w) -> a Markdown table of numbers."""
    header = "| " + " | ".join(" " for _ in range(values.shape[1])) + " |"
    rule = "|" + "---:|" * values.shape[1]
    rows = ["| " + " | ".join(f"{value:.{decimals}f}" for value in row) + " |" for row in values]
    return "\n".join([header, rule, *rows])


def arithmetic_markdown(result: dict) -> str:
    """`explain.unit_arithmetic`'s result -> the sum written out, ending with ReLU and the layer's own value."""
    layer, channel = result["layer"], result["channel"]
    place = f"row {result['row']}, column {result['column']}, channel {channel}"
    top, left, bottom, right = result["receptive_field"]
    field = f"It sees input pixels rows {top}-{bottom}, columns {left}-{right} (its receptive field, shown bright)."
    ending = (f"**sum + bias = {result['total']:.4f}**, then ReLU: max({result['total']:.4f}, 0) = "
              f"**{result['relu']:.4f}**. The layer itself computed **{result['layer_output']:.4f}**.")
    if result["patch"].shape[2] == 1:
        products_sum = float(result["products"].sum())
        return "\n\n".join([
            f"**{layer}, {place}.** {field}",
            "Input patch (3x3, pixel values 0-1):\n\n" + _matrix(result["patch"][:, :, 0]),
            "Learned kernel:\n\n" + _matrix(result["kernel"][:, :, 0]),
            "Element-wise products:\n\n" + _matrix(result["products"][:, :, 0], 3),
            f"Sum of the 9 products = {products_sum:.4f}; bias = {result['bias']:.4f}.",
            ending,
        ])
    per_channel = result["per_channel"]
    strongest = np.argsort(-np.abs(per_channel))[:6]
    lines = "\n".join(f"| pool1 channel {int(index)} | {per_channel[index]:.4f} |" for index in strongest)
    return "\n\n".join([
        f"**{layer}, {place}.** {field}",
        f"A conv2 kernel is 3x3x{len(per_channel)}: one 3x3 kernel per pool1 channel. Each gives 9 products; "
        f"all {9 * len(per_channel)} are added up. The channels that contributed most:",
        "| input channel | sum of its 9 products |\n|---|---:|\n" + lines,
        f"Sum over all {len(per_channel)} channels = {float(per_channel.sum()):.4f}; bias = {result['bias']:.4f}.",
        ending,
    ])


def shift_markdown(rows: list[dict]) -> str:
    """`explain.shift_effects` rows -> a table of how much each layer changed for each shift."""
    layers = list(rows[0]["changes"])
    header = "| shift right | " + " | ".join(f"{layer} change" for layer in layers) + " | reads |"
    rule = "|---:|" + "---:|" * len(layers) + "---|"
    lines = [f"| {row['shift']} px | " + " | ".join(f"{row['changes'][layer]:.0%}" for layer in layers)
             + f" | {row['digit']} ({row['probability']:.0%}) |" for row in rows]
    return "\n".join([header, rule, *lines])


def softmax_markdown(steps: dict) -> str:
    """`explain.softmax_steps` -> scores, e^y and probabilities per digit, with the formula."""
    # Python floats: formatting numpy scalars one by one is several times slower.
    columns = zip(config.CLASS_NAMES, *(steps[key].tolist() for key in ("logits", "exponentials", "probabilities")))
    lines = [f"| {name} | {logit:.2f} | {exponential:.4g} | {probability:.2%} |"
             for name, logit, exponential, probability in columns]
    return "\n".join([
        "softmax(y_i) = e^(y_i) / sum_j e^(y_j). The scores y come from the last layer; e^y makes them "
        "positive and the division makes them add up to 1. (e^y is shown relative to the largest, "
        "which leaves the ratios unchanged.)",
        "",
        "| digit | score y | e^y | probability |",
        "|---|---:|---:|---:|",
        *lines,
        f"| **sum** | | {steps['sum']:.4g} | 100% |",
    ])


def colour_scales_markdown(layer_outputs: dict, names) -> str:
    """{layer name: output} -> one line giving each named layer's brightest value (each picture's colour scale)."""
    scales = " · ".join(f"{name} {float(layer_outputs[name].max()):.2f}" for name in names)
    return f"Colours: dark = 0, brightest = the layer's strongest response for this drawing: {scales}."


def digit_likeness_markdown(probabilities: np.ndarray, likeness: float, threshold: float,
                            training_likeness: np.ndarray) -> str:
    """A drawing's (10,) probabilities, its digit-likeness and the threshold, and the sorted digit-likeness of
    training digits -> why softmax always names a digit, and where this drawing stands among the digits."""
    first, second = (int(index) for index in np.argsort(probabilities)[::-1][:2])
    below = int(np.searchsorted(training_likeness, likeness, side="left"))
    refused = int(np.searchsorted(training_likeness, threshold, side="left"))
    verdict = "a digit" if likeness >= threshold else "**not a digit**"
    return "\n\n".join([
        "Softmax turns any ten scores into ten probabilities that add up to 1, so the network always names "
        "*some* digit, even for a letter or a doodle: it has no answer \"none of these\". So during training "
        "it was also shown letters, doodles and scribbles with the answer \"10% each\": on a drawing that is no "
        "digit its probability spreads out over many digits instead of piling up on one or two.",
        f"**Digit-likeness** = the two likeliest digits' probabilities added: here {first} "
        f"({float(probabilities[first]):.1%}) + {second} ({float(probabilities[second]):.1%}) = "
        f"**{likeness:.3f}**. The threshold is **{threshold:.3f}**: below it the page says \"not a digit\". "
        f"So this drawing reads as {verdict}.",
        f"Among {len(training_likeness):,} MNIST training digits, {below:,} score lower than this drawing and "
        f"{len(training_likeness) - below:,} as high or higher; {refused:,} of them fall under the threshold.",
    ])

"""benchmarks.equal_refusal's report: digits read right, and refused and told at each threshold, from given answers."""

import numpy as np

from benchmarks.equal_refusal import report


def sure_of(digits, share=0.96):
    """(N,) digits -> (N, 10) answers giving `share` to each digit and the rest evenly to the others."""
    answers = np.full((len(digits), 10), (1 - share) / 9)
    answers[np.arange(len(digits)), digits] = share
    return answers


def test_report_counts_digits_read_right_and_drawings_told(capsys):
    labels = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    read = labels.copy()
    read[:3] = (7, 7, 7)  # Three digits misread, each as sure as the rest: read wrong, not refused.
    no_digits = np.full((4, 10), 0.1)  # Spread evenly: nothing like a digit.
    report("weights", {"digits": sure_of(read)}, {"digits": labels}, {"letters": no_digits},
           {"letters": np.array(["latin", "latin", "doodles", "doodles"])}, refused=0.1, own_threshold=0.5)
    printed = capsys.readouterr().out
    assert "digits read right: digits 70.00%" in printed
    assert "threshold 0.500 (own); digits refused: digits 0.00%" in printed
    assert "letters" in printed and "told 100.0% (100.0% / 100.0%)" in printed

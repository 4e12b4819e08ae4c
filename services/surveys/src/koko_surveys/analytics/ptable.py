"""The fixed perturbation table of the cell key method (as in the German Census 2022 and ABS
TableBuilder).

Every submission gets a random record key at ingest: an integer uniform in [0, 2^32), stored with
the row. A cell's key is the sum of its records' keys modulo 2^32 (the fractional part of the sum
of keys in [0, 1), computed exactly in integers so every query and every release of the same
records reads the same key). The table maps (true count, cell key) to a perturbation:

| true count | perturbation: probability                          | variance |
|------------|----------------------------------------------------|----------|
| 0          | 0: 1                                               | 0        |
| 1          | -1, 0, +1: 1/3 each                                | 2/3      |
| 2 and more | -2, -1, 0, +1, +2: 1/5 each                        | 2        |

Each row has mean 0 (no bias), is bounded by ±2 and never makes a count negative. The cell key
picks the perturbation through the cumulative probabilities of the row, in the order -2 … +2:
a key in [0, 0.2) gives -2, [0.2, 0.4) gives -1, and so on. Uniform rows carry the most
uncertainty a bound of ±2 allows per unit of variance; the bound and the variance were chosen
with the differencing simulation in `koko_surveys.release.attack` (see the README). The table
is public on purpose: its protection comes from the unknown record keys, not from secrecy.
"""

from __future__ import annotations

from fractions import Fraction

KEY_MODULUS = 2**32
"""Record keys are integers in [0, KEY_MODULUS); the cell key is their sum modulo this."""

MAX_PERTURBATION = 2

# Row index = true count (the last row holds for every larger count); each row lists
# (perturbation, probability) in ascending perturbation. Fractions keep the cut points exact.
P_TABLE: tuple[tuple[tuple[int, Fraction], ...], ...] = (
    ((0, Fraction(1)),),
    ((-1, Fraction(1, 3)), (0, Fraction(1, 3)), (1, Fraction(1, 3))),
    tuple((d, Fraction(1, 5)) for d in range(-MAX_PERTURBATION, MAX_PERTURBATION + 1)),
)


def _cut_points(row: tuple[tuple[int, Fraction], ...]) -> tuple[tuple[int, int], ...]:
    """(upper bound of the cell key as an integer key, perturbation) per entry of a row."""
    bounds = []
    cumulative = Fraction(0)
    for perturbation, probability in row:
        cumulative += probability
        bounds.append((int(cumulative * KEY_MODULUS), perturbation))
    return tuple(bounds)


_CUT_POINTS = tuple(_cut_points(row) for row in P_TABLE)


def row_of(true_count: int) -> tuple[tuple[int, Fraction], ...]:
    return P_TABLE[min(true_count, len(P_TABLE) - 1)]


def variance(true_count: int) -> Fraction:
    return sum((Fraction(d * d) * p for d, p in row_of(true_count)), Fraction(0))


def perturbation(true_count: int, cell_key: int) -> int:
    """The perturbation of a cell from its true count and its key (an integer in
    [0, KEY_MODULUS)); the same inputs always give the same perturbation."""
    key = cell_key % KEY_MODULUS
    for upper, value in _CUT_POINTS[min(true_count, len(P_TABLE) - 1)]:
        if key < upper:
            return value
    return _CUT_POINTS[min(true_count, len(P_TABLE) - 1)][-1][1]


def perturbed(true_count: int, cell_key: int) -> int:
    return max(true_count + perturbation(true_count, cell_key), 0)

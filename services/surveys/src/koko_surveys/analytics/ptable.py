"""The fixed perturbation table of the cell key method, in the form Destatis (Census 2022) and
the ABS (TableBuilder) publish: zeros stay zero, every other count is perturbed, small counts
included, so no exact small count leaves and no threshold exists that made-up respondents could
push a target over.

Record keys are integers in [0, 2^32), one per person and study (`subject/record_key.py`). A
cell's key is the sum of the record keys of the distinct people in it modulo 2^32 (the
fractional part of the sum of keys in [0, 1), computed exactly in integers), so the same people
always give the same key. The table maps (true count, cell key) to a perturbation d; the
published count is true count + d:

| true count | d: probability                                 | mean | variance |
|------------|------------------------------------------------|------|----------|
| 0          | 0: 1                                           | 0    | 0        |
| 1          | -1: 0.4, 0: 0.3, +1: 0.2, +2: 0.1              | 0    | 1        |
| 2          | -2, -1, 0, +1, +2: 0.2 each                    | 0    | 2        |
| 3 and more | -2, -1, 0, +1, +2: 0.2 each                    | 0    | 2        |

Every row has mean 0 (no bias), |d| <= 2, and never makes a count negative. A published 0 can
come from 0, 1 or 2 people; a published 1 or 2 from 1 to 4. The cell key picks d through the
cumulative probabilities of the row in ascending d: for counts of 2 and more a key in [0, 0.2)
gives -2, [0.2, 0.4) gives -1, and so on. The table is public on purpose: its protection comes
from the record keys, which never leave the database. What an attacker can still learn with it
is measured through the real release path in `tests/test_release_attacks.py` (see the README).
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
    ((-1, Fraction(2, 5)), (0, Fraction(3, 10)), (1, Fraction(1, 5)), (2, Fraction(1, 10))),
    tuple((d, Fraction(1, 5)) for d in range(-MAX_PERTURBATION, MAX_PERTURBATION + 1)),
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


def mean(true_count: int) -> Fraction:
    return sum((d * p for d, p in row_of(true_count)), Fraction(0))


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

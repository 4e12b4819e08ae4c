"""The p-table as published (README, `analytics/ptable.py`'s docstring, Destatis/ABS form), written
again from the published probabilities and independent of the implementation: tests compute the
counts they expect here, so a change to the implementation's table cannot move both sides.

The rule: a cell's key is the sum of its people's record keys modulo 2^32; the row of the true
count (the last row for every larger count) lists perturbations in ascending order with their
probabilities; the key picks the first entry whose cumulative probability c has
key < floor(c * 2^32); the published count is true count + perturbation, never below zero.
"""

from __future__ import annotations

MODULUS = 2**32

# true count -> (perturbation, probability in tenths), ascending perturbation.
PUBLISHED_ROWS: dict[int, tuple[tuple[int, int], ...]] = {
    0: ((0, 10),),
    1: ((-1, 4), (0, 3), (1, 2), (2, 1)),
    2: ((-2, 2), (-1, 2), (0, 2), (1, 2), (2, 2)),
}


def published_perturbation(true_count: int, cell_key: int) -> int:
    row = PUBLISHED_ROWS[min(true_count, 2)]
    key = cell_key % MODULUS
    tenths = 0
    for perturbation, probability in row:
        tenths += probability
        if key < tenths * MODULUS // 10:
            return perturbation
    return row[-1][0]


def published_count(true_count: int, cell_key: int) -> int:
    return max(true_count + published_perturbation(true_count, cell_key), 0)

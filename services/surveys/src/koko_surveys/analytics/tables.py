"""Complete tables: every cell of the requested dimensions over the study's code lists, published
through one path (threshold, cell key perturbation, secondary suppression), so a cell's absence or
its mark never tells more than its value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from koko_surveys.analytics.disclosure import Count, DisclosurePolicy, Sign
from koko_surveys.analytics.ptable import KEY_MODULUS

SEXES = ("f", "m", "d", "x")
AGE_GROUPS = ("under_16", "16_17", "18_20", "21_26", "27_plus")

# Labels of the codes of fixed code lists, by language (German is the fallback).
FIXED_LABELS: dict[str, dict[str, dict[str, str]]] = {
    "sex": {
        "f": {"de": "weiblich", "en": "female"},
        "m": {"de": "männlich", "en": "male"},
        "d": {"de": "divers", "en": "diverse"},
        "x": {"de": "ohne Angabe", "en": "no gender entry"},
    },
    "age_group": {
        "under_16": {"de": "unter 16 Jahre", "en": "under 16"},
        "16_17": {"de": "16 bis 17 Jahre", "en": "16 to 17"},
        "18_20": {"de": "18 bis 20 Jahre", "en": "18 to 20"},
        "21_26": {"de": "21 bis 26 Jahre", "en": "21 to 26"},
        "27_plus": {"de": "27 Jahre und älter", "en": "27 and older"},
    },
}
NOT_STATED = {"de": "keine Angabe", "en": "not stated"}


@dataclass(frozen=True, slots=True)
class PublishedCell:
    numerator: int | None
    denominator: int | None
    rate: float | None
    sign: Sign

    @property
    def suppressed(self) -> bool:
        return self.sign is not Sign.VALUE


NOTHING = PublishedCell(None, None, None, Sign.NOTHING)


def merge(counts: Sequence[Count]) -> Count:
    """The margin of some cells as a cell of its own: its records' keys add up modulo 2^32."""
    return Count(sum(c.true for c in counts), sum(c.key for c in counts) % KEY_MODULUS)


def publish(
    policy: DisclosurePolicy, numerator: Count, denominator: Count, *, released: bool = True
) -> PublishedCell:
    """A cell of an indicator; secret (`.`) when its denominator or its numerator is (the
    denominator stays shown when only the numerator is secret)."""
    if not released:
        return NOTHING
    published_denominator = policy.count(denominator)
    published_numerator = policy.count(numerator) if published_denominator is not None else None
    return _cell(policy, published_numerator, published_denominator, denominator.true)


def _cell(
    policy: DisclosurePolicy, numerator: int | None, denominator: int | None, true_denominator: int
) -> PublishedCell:
    if denominator is None:
        return PublishedCell(None, None, None, Sign.SECRET)
    if numerator is None:
        return PublishedCell(None, denominator, None, Sign.SECRET)
    return PublishedCell(
        numerator, denominator, policy.rate(numerator, denominator, true_denominator), Sign.VALUE
    )


def publish_count(policy: DisclosurePolicy, count: Count, *, released: bool = True) -> int | None:
    return policy.count(count) if released else None


def sign_of(value: int | None, *, released: bool = True) -> Sign:
    if not released:
        return Sign.NOTHING
    return Sign.VALUE if value is not None else Sign.SECRET


def secondary_suppression(
    policy: DisclosurePolicy, cells: list[PublishedCell], true_denominators: list[int]
) -> list[PublishedCell]:
    """Cells that add up to a published margin: when exactly one of them is secret, the margin
    minus the others would estimate it, so the smallest shown one (by published value, never by
    the true count) becomes secret as well. Numerators and denominators each add up to their
    own margin, so the rule runs on both."""
    if any(c.sign is Sign.NOTHING for c in cells):
        return cells
    denominators = secondary_suppression_of_counts([c.denominator for c in cells])
    numerators = secondary_suppression_of_counts(
        [c.numerator if d is not None else None for c, d in zip(cells, denominators, strict=True)]
    )
    return [
        _cell(policy, n, d, true)
        for n, d, true in zip(numerators, denominators, true_denominators, strict=True)
    ]


def secondary_suppression_of_table(
    policy: DisclosurePolicy,
    keys: Sequence[tuple[object, ...]],
    cells: list[PublishedCell],
    true_denominators: list[int],
) -> list[PublishedCell]:
    """Secondary suppression over every line of a table: for each dimension, the cells that
    differ only in it add up to a margin another query publishes (a table with one dimension
    less), so each such line gets the rule; repeated until nothing changes."""
    dimensions = len(keys[0]) if keys else 0
    for _ in range(4 * max(dimensions, 1)):
        before = [c.sign for c in cells]
        for axis in range(dimensions):
            lines: dict[tuple[object, ...], list[int]] = {}
            for index, key in enumerate(keys):
                lines.setdefault(key[:axis] + key[axis + 1 :], []).append(index)
            for indices in lines.values():
                line = secondary_suppression(
                    policy, [cells[i] for i in indices], [true_denominators[i] for i in indices]
                )
                for i, cell in zip(indices, line, strict=True):
                    cells[i] = cell
        if [c.sign for c in cells] == before:
            break
    return cells


def secondary_suppression_of_counts(values: list[int | None]) -> list[int | None]:
    """The same rule for plain counts under one margin."""
    secret = [i for i, v in enumerate(values) if v is None]
    shown = [i for i, v in enumerate(values) if v is not None]
    if len(secret) != 1 or not shown:
        return values
    smallest = min(shown, key=lambda i: (values[i] or 0, i))
    return [None if i == smallest else v for i, v in enumerate(values)]

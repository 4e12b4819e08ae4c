"""How one export's dataset is protected: one record per person (the waves in scope side by
side), k over every key column and everything the recipient received before, local suppression
first and generalisation only when suppression would cost too much.

The recipient's earlier exports enter as strata: two people form a group only if they are alike
in this export *and* were in the same equivalence classes of every earlier export sharing a
wave. That is the worst case, as if the recipient had linked all their exports perfectly (the
fresh ids per export make that hard, this check makes it harmless): comparing exports, a person
who is new, changed or left cannot be told apart from k - 1 others."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from koko_surveys.export.columns import (
    LADDER,
    SUPPRESSED,
    ExportColumn,
    Interview,
    Level,
    output,
    released_value,
)
from koko_surveys.export.repository import Received
from koko_surveys.export.suppression import STAR, Protection, protect

# A generalisation step is taken when local suppression blanks at most this share of the key
# values; otherwise the next, coarser step is tried (the coarsest is used if none is that good).
SUPPRESSION_BUDGET = 0.05
# Above this share of blanked key values (at the cheapest step) an export is refused: so much
# suppression, concentrated on the rare groups, would mislead more than it informs.
REFUSAL_SHARE = 0.5
# Attribute combinations named in a refusal.
BLOCKING_COMBINATIONS = 5
# Without an order from the analyst, answers are blanked last, then these, most important first
# (the breakdowns of most tables before the finer attributes).
DEFAULT_PRIORITY = (
    "attributes.regionArs",
    "attributes.sex",
    "attributes.ageGroup",
    "attributes.cohort",
    "instrumentVersion",
    "submitted",
    "attributes.originGroup",
    "attributes.areaCode",
)


@dataclass(frozen=True, slots=True)
class Wave:
    id: UUID
    code: str


@dataclass(slots=True)
class Person:
    subject_id: UUID
    interviews: dict[UUID, Interview] = field(default_factory=dict)


@dataclass(slots=True)
class Dataset:
    """What an export may release: people, waves in order and the columns asked for."""

    waves: list[Wave]
    columns: list[ExportColumn]
    people: list[Person]
    k: int
    # The columns as the analyst named them, most important first (blanked last); None: the
    # answers first (what a survey is about), then the attributes of DEFAULT_PRIORITY.
    priority: list[str] | None = None

    @property
    def linked(self) -> bool:
        return len(self.waves) > 1

    def key_names(self) -> list[str]:
        return [
            self._name(wave, column)
            for wave in self.waves
            for column in self.columns
            if column.identifying
        ]

    def importance(self) -> list[int]:
        """Key column positions, most important first."""
        priority = self.priority or [
            *(c.name for c in self.columns if c.name.startswith("answers.")),
            *DEFAULT_PRIORITY,
        ]
        rank = {name: index for index, name in enumerate(priority)}
        keyed = [
            (rank.get(column.name, len(rank)), w, position)
            for position, (w, column) in enumerate(
                (w, c) for w in range(len(self.waves)) for c in self.columns if c.identifying
            )
        ]
        return [position for _, _, position in sorted(keyed)]

    def _name(self, wave: Wave, column: ExportColumn) -> str:
        return f"{wave.code}.{column.name}" if self.linked else column.name

    def records(self, level: Level) -> list[tuple[Any, ...]]:
        keyed = [c for c in self.columns if c.identifying]
        return [
            tuple(
                released_value(column, person.interviews[wave.id], level)
                if wave.id in person.interviews
                else None
                for wave in self.waves
                for column in keyed
            )
            for person in self.people
        ]


@dataclass(slots=True)
class Outcome:
    level: Level
    key_names: list[str]
    protection: Protection
    total_values: int

    @property
    def cost_share(self) -> float:
        columns = len(self.key_names)
        return self.protection.cost(columns) / self.total_values if self.total_values else 0.0

    def released(self) -> list[int]:
        return [i for i in range(len(self.protection.keys)) if i not in self.protection.withheld]

    def suppressed_per_column(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for index in self.released():
            counts.update(self.key_names[c] for c in self.protection.masks[index])
        return dict(sorted(counts.items()))


def protect_dataset(dataset: Dataset, history: Sequence[Received]) -> Outcome:
    """The finest step of the ladder whose local suppression stays within the budget; the
    coarsest step when even that one does not (tried first)."""
    key_names = dataset.key_names()
    strata = [_stratum(dataset, person, history) for person in dataset.people]
    total = len(dataset.people) * max(len(key_names), 1)

    def attempt(level: Level) -> Outcome:
        records = dataset.records(level)
        importance = dataset.importance()
        candidates = [protect(records, strata, dataset.k, importance=importance)]
        seeds = _seeds(dataset.people, history, level, key_names)
        if seeds is not None:
            candidates.append(protect(records, strata, dataset.k, seeds, importance))
        protection = min(candidates, key=lambda p: p.cost(len(key_names)))
        return Outcome(level, key_names, protection, total)

    # Coarser steps blank no more than finer ones (nearly always), so the finest step within
    # the budget is found by bisection: about three passes instead of six.
    best = attempt(LADDER[-1])
    if best.cost_share > SUPPRESSION_BUDGET:
        return best
    low, high = 0, len(LADDER) - 1
    while low < high:
        middle = (low + high) // 2
        outcome = attempt(LADDER[middle])
        if outcome.cost_share <= SUPPRESSION_BUDGET:
            best, high = outcome, middle
        else:
            low = middle + 1
    return best


def _stratum(dataset: Dataset, person: Person, history: Sequence[Received]) -> tuple[Any, ...]:
    """Which waves the person took part in (released as such, never blanked) and their class
    in each earlier export of the recipient."""
    taken = tuple(wave.id in person.interviews for wave in dataset.waves)
    received = tuple(
        (index, earlier.classes[person.subject_id][0])
        for index, earlier in enumerate(history)
        if person.subject_id in earlier.classes
    )
    return (taken, received)


def _seeds(
    people: list[Person], history: Sequence[Received], level: Level, key_names: list[str]
) -> list[frozenset[int]] | None:
    """The blanks of each person's latest earlier export made the same way; None if none."""
    position = {name: index for index, name in enumerate(key_names)}
    same = [
        r for r in history if r.generalisation == level.name and list(r.key_columns) == key_names
    ]
    if not same:
        return None
    seeds: list[frozenset[int]] = []
    for person in people:
        latest = next((r for r in reversed(same) if person.subject_id in r.classes), None)
        blanks = latest.classes[person.subject_id][1] if latest else frozenset()
        seeds.append(frozenset(position[name] for name in blanks if name in position))
    return seeds


def blocking_combinations(
    records: list[tuple[Any, ...]], key_names: list[str], k: int
) -> list[dict[str, Any]]:
    """The attribute combinations (one to three key columns) with the most records that are
    rare on them alone, without combinations that contain a smaller one already named."""
    width = len(key_names)
    sizes = (1, 2, 3) if width <= 12 else (1, 2)
    found: list[tuple[int, tuple[int, ...]]] = []
    for size in sizes:
        for combination in itertools.combinations(range(width), size):
            if any(set(smaller) <= set(combination) for _, smaller in found):
                continue
            counts = Counter(tuple(r[c] for c in combination) for r in records)
            rare = sum(1 for r in records if counts[tuple(r[c] for c in combination)] < k)
            if rare:
                found.append((rare, combination))
    found.sort(key=lambda item: (-item[0], len(item[1]), item[1]))
    return [
        {"columns": [key_names[c] for c in combination], "rareRecords": rare}
        for rare, combination in found[:BLOCKING_COMBINATIONS]
    ]


def released_row(
    dataset: Dataset, person: Person, key: list[Any], level: Level, record_id: str
) -> dict[str, Any]:
    """The row of one person as it leaves: per wave its attributes, month, version and answers
    (blanked values as `*`), null for a wave the person did not take part in."""
    values = iter(key)
    waves: dict[str, Any] = {}
    for wave in dataset.waves:
        interview = person.interviews.get(wave.id)
        entry: dict[str, Any] = {"attributes": {}, "answers": {}}
        for column in dataset.columns:
            if column.identifying:
                value = next(values)
                value = SUPPRESSED if value is STAR else output(value)
            else:
                value = output(released_value(column, interview, level)) if interview else None
            if column.kind == "attribute":
                entry["attributes"][column.name.removeprefix("attributes.")] = value
            elif column.kind in ("submitted", "version"):
                entry[column.name] = value
            elif value is not None:
                entry["answers"][column.question] = value
        waves[wave.code] = entry if interview is not None else None
    return {"id": record_id, "waves": waves}

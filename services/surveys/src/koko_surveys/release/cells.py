"""The cells of a wave's release, computed once from the wave's interviews and its pinned table
plan: who is in each cell (to count changed people in a revision) and its published value.

Cells: every indicator of the plan x every allowed breakdown (and the total) x every value of
the breakdown's fixed code lists x every category and the margin `_total`; the transition matrix
from the previous wave per indicator (with its row totals); retention (interviewed in the wave,
of them interviewed in the first wave); language-course demand for intake studies. Each cell's
value is its true count of distinct people perturbed by the cell key method, the key being the
sum of the people's record keys: the same people always give the same value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any
from uuid import UUID

from koko_surveys.analytics.ptable import KEY_MODULUS, perturbed
from koko_surveys.analytics.tables import AGE_GROUPS, SEXES
from koko_surveys.plan.categories import category_of

TOTAL = "_total"
OTHER = "_other"
NOT_STATED = ""
NO_ANSWER = "no_answer"
NOT_REINTERVIEWED = "not_reinterviewed"
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
NEXT_LEVEL = {"none": "A1", "A1": "A2", "A2": "B1", "B1": "B2", "B2": "C1", "C1": "C2"}

# (kind, name, dims, key, category)
CellId = tuple[str, str, str, tuple[str, ...], str]


@dataclass(frozen=True, slots=True)
class Interview:
    """What a release needs of one current interview: never stored in a release."""

    subject_id: UUID
    record_key: int
    answers: dict[str, Any]
    dims: dict[str, str | None]


@dataclass(slots=True)
class Cells:
    members: dict[CellId, set[UUID]] = field(default_factory=dict)
    keys: dict[UUID, int] = field(default_factory=dict)

    def declare(self, cell: CellId) -> None:
        self.members.setdefault(cell, set())

    def add(self, cell: CellId, person: Interview) -> None:
        self.members.setdefault(cell, set()).add(person.subject_id)
        self.keys[person.subject_id] = person.record_key

    def value(self, cell: CellId) -> int:
        people = self.members[cell]
        key = sum(self.keys[p] for p in people) % KEY_MODULUS
        return perturbed(len(people), key)


def code_list(dimension: str, plan_lists: dict[str, list[str]]) -> list[str]:
    fixed = {"sex": list(SEXES), "age_group": list(AGE_GROUPS)}.get(dimension)
    if fixed is not None:
        return [*fixed, NOT_STATED]
    return [*plan_lists.get(dimension, []), OTHER, NOT_STATED]


def shown(dimension: str, value: str | None, plan_lists: dict[str, list[str]]) -> str:
    if value is None:
        return NOT_STATED
    if dimension in ("sex", "age_group"):
        return value if value in code_list(dimension, plan_lists) else NOT_STATED
    return value if value in plan_lists.get(dimension, []) else OTHER


def _indicator_cells(
    cells: Cells,
    indicators: Sequence[dict[str, Any]],
    breakdowns: Sequence[Sequence[str]],
    lists: dict[str, list[str]],
    interviews: Iterable[Interview],
) -> None:
    rows = list(interviews)
    for dims in [[], *breakdowns]:
        joined = ",".join(dims)
        combos = list(product(*(code_list(d, lists) for d in dims)))
        for indicator in indicators:
            categories = [c["code"] for c in indicator["categories"]]
            for combo in combos:
                for category in [*categories, TOTAL]:
                    cells.declare(("indicator", indicator["code"], joined, combo, category))
            for person in rows:
                category = category_of(indicator, person.answers)
                if category is None:
                    continue
                combo = tuple(shown(d, person.dims.get(d), lists) for d in dims)
                cells.add(("indicator", indicator["code"], joined, combo, category), person)
                cells.add(("indicator", indicator["code"], joined, combo, TOTAL), person)


def _transition_cells(
    cells: Cells,
    indicators: Sequence[dict[str, Any]],
    earlier: Sequence[Interview],
    later: Sequence[Interview],
) -> None:
    by_subject = {p.subject_id: p for p in later}
    for indicator in indicators:
        states = [c["code"] for c in indicator["categories"]] + [NO_ANSWER]
        for from_state in states:
            for to_state in [*states, NOT_REINTERVIEWED, TOTAL]:
                cells.declare(("transition", indicator["code"], "", (from_state,), to_state))
        for person in earlier:
            from_state = category_of(indicator, person.answers) or NO_ANSWER
            then = by_subject.get(person.subject_id)
            to_state = (
                NOT_REINTERVIEWED
                if then is None
                else category_of(indicator, then.answers) or NO_ANSWER
            )
            # A transition is one person, with the record key of the earlier interview.
            cells.add(("transition", indicator["code"], "", (from_state,), to_state), person)
            cells.add(("transition", indicator["code"], "", (from_state,), TOTAL), person)


def _retention_cells(cells: Cells, wave: Sequence[Interview], first: Sequence[Interview]) -> None:
    in_first = {p.subject_id for p in first}
    cells.declare(("retention", "", "", (), "interviewed"))
    cells.declare(("retention", "", "", (), "retained"))
    for person in wave:
        cells.add(("retention", "", "", (), "interviewed"), person)
        if person.subject_id in in_first:
            cells.add(("retention", "", "", (), "retained"), person)


def _demand_cells(cells: Cells, wave: Sequence[Interview]) -> None:
    for level in CEFR_LEVELS:
        cells.declare(("demand", "", "", (), level))
    for person in wave:
        if person.answers.get("seeking_course") is not True:
            continue
        needed = NEXT_LEVEL.get(str(person.answers.get("german_level")))
        if needed:
            cells.add(("demand", "", "", (), needed), person)


def compute(
    plan: dict[str, Any],
    wave: Sequence[Interview],
    *,
    previous: Sequence[Interview] | None,
    first: Sequence[Interview] | None,
    intake: bool,
) -> Cells:
    """Every cell of a wave's release with its people (`previous`: the interviews of the wave
    before, None for the first wave; `first`: those of the first wave)."""
    cells = Cells()
    lists: dict[str, list[str]] = plan["code_lists"]
    _indicator_cells(cells, plan["indicators"], plan["breakdowns"], lists, wave)
    if previous is not None:
        _transition_cells(cells, plan["indicators"], previous, wave)
    if first is not None:
        _retention_cells(cells, wave, first)
    if intake:
        _demand_cells(cells, wave)
    return cells

"""Inputs of pathway mutations."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import UNSET

from koko_offers.graphql.inputs import given, is_given
from koko_offers.pathway.service import EDITABLE, StepDraft
from koko_offers.validation import decode_id

_CODES = ("status",)
_REQUIRED = ("title", "description", "goal", "status")
_STATUS = "draft, published or archived."


@strawberry.input(description="One step; `id` keeps an existing step (and its translations).")
class PathwayStepInput:
    id: strawberry.ID | None = None
    title: str
    note: str | None = None
    conditions: str | None = None
    category_codes: list[str] = strawberry.field(default_factory=list)
    offer_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


def _steps(steps: list[PathwayStepInput]) -> list[StepDraft]:
    return [
        StepDraft(
            id=decode_id(step.id, "PathwayStep", f"steps.{index}.id") if step.id else None,
            title=step.title,
            note=step.note,
            conditions=step.conditions,
            category_codes=list(step.category_codes),
            offer_ids=[
                decode_id(offer_id, "Offer", f"steps.{index}.offerIds")
                for offer_id in step.offer_ids
            ],
        )
        for index, step in enumerate(steps)
    ]


@strawberry.input
class PathwayCreateInput:
    region_ars: str
    title: str
    description: str = ""
    goal: str = strawberry.field(description="e.g. vocational_training, employment.")
    status: str = strawberry.field(default="draft", description=_STATUS)
    steps: list[PathwayStepInput] = strawberry.field(
        default_factory=list, description="The steps in their order."
    )

    def values(self) -> dict[str, Any]:
        return given(self, EDITABLE, codes=_CODES, required=_REQUIRED)

    def step_drafts(self) -> list[StepDraft]:
        return _steps(self.steps)


@strawberry.input(description="Fields left out stay as they are.")
class PathwayUpdateInput:
    id: strawberry.ID
    expected_version: int
    major_edit: bool = strawberry.field(
        default=True,
        description="False for a minor edit (a typo): translations stay as they are.",
    )
    title: str | None = UNSET
    description: str | None = UNSET
    goal: str | None = UNSET
    status: str | None = strawberry.field(default=UNSET, description=_STATUS)
    steps: list[PathwayStepInput] | None = strawberry.field(
        default=UNSET,
        description="All steps in their new order; steps left out are removed.",
    )

    def values(self) -> dict[str, Any]:
        return given(self, EDITABLE, codes=_CODES, required=_REQUIRED)

    def step_drafts(self) -> list[StepDraft] | None:
        if not is_given(self.steps) or self.steps is None:
            return None
        return _steps(self.steps)

"""Inputs of pathway mutations."""

from __future__ import annotations

from dataclasses import replace

import strawberry
from strawberry import UNSET

from koko_offers.changes import UNSET as KEEP
from koko_offers.graphql.inputs import given, is_given
from koko_offers.pathway.service import NewPathway, PathwayChange, StepDraft
from koko_offers.validation import decode_id

_CODES = ("status",)
_REQUIRED = ("title", "description", "goal", "status")
_STATUS = "draft, published or archived."


@strawberry.input(description="One step; `id` keeps an existing step (and its translations).")
class PathwayStepInput:
    id: strawberry.ID | None = strawberry.field(
        default=None, description="Id of an existing step to keep; null for a new step."
    )
    title: str = strawberry.field(description="German title of the step.")
    note: str | None = strawberry.field(
        default=None, description="German note on the step; null: none."
    )
    conditions: str | None = strawberry.field(
        default=None,
        description="What is needed to take the step (documents, level, ...), in German; null: "
        "none.",
    )
    category_codes: list[str] = strawberry.field(
        default_factory=list, description="Codes of the categories of offers that fit the step."
    )
    offer_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Ids of concrete offers for the step."
    )


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


@strawberry.input(description="A new pathway with its steps.")
class PathwayCreateInput:
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits) of the pathway's region."
    )
    title: str = strawberry.field(description="German title.")
    description: str = strawberry.field(default="", description="German description.")
    goal: str = strawberry.field(description="e.g. vocational_training, employment.")
    status: str = strawberry.field(default="draft", description=_STATUS)
    steps: list[PathwayStepInput] = strawberry.field(
        default_factory=list, description="The steps in their order."
    )

    def to_create(self) -> NewPathway:
        # the fields first: a missing one is reported before a malformed step id
        pathway = given(self, NewPathway, codes=_CODES, required=_REQUIRED, extra={"steps": []})
        return replace(pathway, steps=_steps(self.steps))


@strawberry.input(description="Fields left out stay as they are.")
class PathwayUpdateInput:
    id: strawberry.ID = strawberry.field(description="Id of the pathway to change.")
    expected_version: int = strawberry.field(
        description="The version the edit is based on; refused as CONFLICT when outdated."
    )
    major_edit: bool = strawberry.field(
        default=True,
        description="False for a minor edit (a typo): translations stay as they are.",
    )
    title: str | None = strawberry.field(default=UNSET, description="German title.")
    description: str | None = strawberry.field(default=UNSET, description="German description.")
    goal: str | None = strawberry.field(
        default=UNSET, description="Where the pathway leads, e.g. vocational_training, employment."
    )
    status: str | None = strawberry.field(default=UNSET, description=_STATUS)
    steps: list[PathwayStepInput] | None = strawberry.field(
        default=UNSET,
        description="All steps in their new order; steps left out are removed.",
    )

    def to_change(self) -> PathwayChange:
        # null steps, like steps left out, keep the steps as they are
        change = given(self, PathwayChange, codes=_CODES, required=_REQUIRED, extra={"steps": KEEP})
        if not is_given(self.steps) or self.steps is None:
            return change
        return replace(change, steps=_steps(self.steps))

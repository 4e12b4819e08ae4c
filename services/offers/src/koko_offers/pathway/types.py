"""GraphQL types of pathways (Prozessketten) and their ordered steps.

Minimal version written with the pathway mutations; the read side extends it (queries, loaders,
offers of a step)."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.pathway import repository
from koko_offers.pathway.models import Pathway as PathwayRow
from koko_offers.pathway.models import PathwayStep as PathwayStepRow
from koko_offers.translation.loaders import localized
from koko_shared.graphql.ids import to_global_id


@strawberry.type(description="One step of a pathway: categories or concrete offers to go to.")
class PathwayStep:
    id: strawberry.ID
    position: int = strawberry.field(description="1 for the first step.")
    category_codes: list[str]
    offer_ids: list[strawberry.ID]
    row: strawberry.Private[PathwayStepRow]

    @classmethod
    def from_row(cls, row: PathwayStepRow) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("PathwayStep", row.id)),
            position=row.position,
            category_codes=list(row.category_codes),
            offer_ids=[strawberry.ID(to_global_id("Offer", o)) for o in row.offer_ids],
            row=row,
        )

    async def _text(
        self, info: Info[OffersContext, None], field: str, lang: str | None
    ) -> str | None:
        german = getattr(self.row, field)
        if german is None:
            return None
        text = await localized(
            info.context,
            entity="pathway_step",
            entity_id=self.row.id,
            field=field,
            german=german,
            lang=lang,
        )
        return text.text

    @strawberry.field(description="Title in the asked language, else German.")
    async def title(self, info: Info[OffersContext, None], lang: str | None = None) -> str:
        return await self._text(info, "title", lang) or ""

    @strawberry.field(description="Note in the asked language, else German.")
    async def note(self, info: Info[OffersContext, None], lang: str | None = None) -> str | None:
        return await self._text(info, "note", lang)

    @strawberry.field(description="Conditions in the asked language, else German.")
    async def conditions(
        self, info: Info[OffersContext, None], lang: str | None = None
    ) -> str | None:
        return await self._text(info, "conditions", lang)


@strawberry.type(description="A pathway (Prozesskette), e.g. into vocational training.")
class Pathway:
    id: strawberry.ID
    region_ars: str
    goal: str
    status: str
    version: int = strawberry.field(description="For optimistic locking of updates.")
    updated_at: datetime
    row: strawberry.Private[PathwayRow]
    step_rows: strawberry.Private[list[PathwayStepRow] | None] = None

    @classmethod
    def from_row(cls, row: PathwayRow, steps: list[PathwayStepRow] | None = None) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Pathway", row.id)),
            region_ars=row.region_ars,
            goal=row.goal,
            status=row.status,
            version=row.version,
            updated_at=row.updated_at,
            row=row,
            step_rows=steps,
        )

    async def _text(self, info: Info[OffersContext, None], field: str, lang: str | None) -> str:
        text = await localized(
            info.context,
            entity="pathway",
            entity_id=self.row.id,
            field=field,
            german=getattr(self.row, field),
            lang=lang,
        )
        return text.text

    @strawberry.field(description="Title in the asked language, else German.")
    async def title(self, info: Info[OffersContext, None], lang: str | None = None) -> str:
        return await self._text(info, "title", lang)

    @strawberry.field(description="Description in the asked language, else German.")
    async def description(self, info: Info[OffersContext, None], lang: str | None = None) -> str:
        return await self._text(info, "description", lang)

    @strawberry.field(description="The steps in their order.")
    async def steps(self, info: Info[OffersContext, None]) -> list[PathwayStep]:
        rows = self.step_rows
        if rows is None:
            rows = await repository.steps_of(info.context.session, self.row.id)
        return [PathwayStep.from_row(r) for r in rows]

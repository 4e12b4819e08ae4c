"""GraphQL types of pathways (Prozessketten) and their ordered steps.

Written with the pathway mutations; the read side added the step's categories and offers and
the loaders."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.node import Node
from koko_offers.offer.loaders import offer_by_id
from koko_offers.pathway.loaders import steps_of_pathway
from koko_offers.pathway.models import Pathway as PathwayRow
from koko_offers.pathway.models import PathwayStep as PathwayStepRow
from koko_offers.taxonomy.loaders import category_by_code
from koko_offers.taxonomy.types import Category
from koko_offers.translation.loaders import localized
from koko_shared.graphql.arguments import Lang
from koko_shared.graphql.ids import to_global_id

if TYPE_CHECKING:
    from koko_offers.offer.types import Offer


@strawberry.type(description="One step of a pathway: categories or concrete offers to go to.")
class PathwayStep:
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    position: int = strawberry.field(description="1 for the first step.")
    category_codes: list[str] = strawberry.field(
        description="Codes of the categories of offers that fit the step."
    )
    offer_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids of concrete offers for the step (see also `offers`)."
    )
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
    async def title(self, info: Info[OffersContext, None], lang: Lang = None) -> str:
        return await self._text(info, "title", lang) or ""

    @strawberry.field(description="Note in the asked language, else German.")
    async def note(self, info: Info[OffersContext, None], lang: Lang = None) -> str | None:
        return await self._text(info, "note", lang)

    @strawberry.field(description="Conditions in the asked language, else German.")
    async def conditions(self, info: Info[OffersContext, None], lang: Lang = None) -> str | None:
        return await self._text(info, "conditions", lang)

    @strawberry.field(description="The categories this step points to.")
    async def categories(self, info: Info[OffersContext, None]) -> list[Category]:
        rows = await category_by_code(info.context).load_many(self.row.category_codes)
        return [Category.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="The offers this step points to that you may see, in order.")
    async def offers(
        self, info: Info[OffersContext, None]
    ) -> list[Annotated[Offer, strawberry.lazy("koko_offers.offer.types")]]:
        from koko_offers.offer.types import Offer

        rows = await offer_by_id(info.context).load_many(self.row.offer_ids)
        return [Offer.from_row(r) for r in rows if r is not None]


@strawberry.type(description="A pathway (Prozesskette), e.g. into vocational training.")
class Pathway(Node):
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits) of the pathway's region."
    )
    goal: str = strawberry.field(
        description="Where the pathway leads, e.g. vocational_training, employment."
    )
    status: str = strawberry.field(description="draft, published or archived.")
    version: int = strawberry.field(description="For optimistic locking of updates.")
    updated_at: datetime = strawberry.field(description="When the pathway was last changed.")
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
    async def title(self, info: Info[OffersContext, None], lang: Lang = None) -> str:
        return await self._text(info, "title", lang)

    @strawberry.field(description="Description in the asked language, else German.")
    async def description(self, info: Info[OffersContext, None], lang: Lang = None) -> str:
        return await self._text(info, "description", lang)

    @strawberry.field(description="The steps in their order.")
    async def steps(self, info: Info[OffersContext, None]) -> list[PathwayStep]:
        rows = self.step_rows
        if rows is None:
            rows = await steps_of_pathway(info.context).load(self.row.id)
        return [PathwayStep.from_row(r) for r in rows]

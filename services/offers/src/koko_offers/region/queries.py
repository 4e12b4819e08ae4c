"""Root query fields of regions."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.region import repository
from koko_offers.region.types import Region
from koko_offers.region.validation import validate_ars


@strawberry.type
class RegionQueries:
    @strawberry.field(description="One region by its 12-digit Regionalschlüssel.")
    async def region(
        self,
        info: Info[OffersContext, None],
        ars: Annotated[
            str, strawberry.argument(description="Regionalschlüssel (12 digits) of the region.")
        ],
    ) -> Region | None:
        validate_ars(ars, field="ars")
        row = await repository.get(info.context.session, ars)
        return Region.from_row(row) if row else None

    @strawberry.field(description="Regions below `parentArs`, or the top-level regions.")
    async def regions(
        self,
        info: Info[OffersContext, None],
        parent_ars: Annotated[
            str | None,
            strawberry.argument(
                description="Regionalschlüssel (12 digits) of the parent region; left out: the "
                "top-level regions."
            ),
        ] = None,
    ) -> list[Region]:
        if parent_ars is not None:
            validate_ars(parent_ars, field="parentArs")
        return [
            Region.from_row(r) for r in await repository.children(info.context.session, parent_ars)
        ]

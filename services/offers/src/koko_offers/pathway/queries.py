"""Root query fields of pathways (Prozessketten)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.offer.visibility import read_scope
from koko_offers.pathway import repository
from koko_offers.pathway.types import Pathway
from koko_offers.region.validation import validate_ars
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.connection import Connection
from koko_shared.graphql.ids import local_id
from koko_shared.pagination import page_request


@strawberry.enum(description="Publication status of a pathway.")
class PathwayStatus(Enum):
    DRAFT = strawberry.enum_value(
        "draft", description="Being prepared; seen only by the region's coordinators."
    )
    PUBLISHED = strawberry.enum_value("published", description="Visible to everybody.")
    ARCHIVED = strawberry.enum_value(
        "archived", description="No longer in use; kept for the record."
    )


@strawberry.type
class PathwayQueries:
    @strawberry.field(
        description="Pathways by title, in a region and everything inside it; drafts only for "
        "the region's coordinators."
    )
    async def pathways(
        self,
        info: Info[OffersContext, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        region_ars: Annotated[
            str | None,
            strawberry.argument(
                description="Only pathways of this region and the regions inside it (12-digit "
                "Regionalschlüssel)."
            ),
        ] = None,
        goal: Annotated[
            str | None, strawberry.argument(description="Only pathways with exactly this goal.")
        ] = None,
        status: Annotated[
            list[PathwayStatus] | None,
            strawberry.argument(
                description="Only pathways with these statuses; default: published."
            ),
        ] = None,
    ) -> Connection[Pathway]:
        request = page_request(first, after, last, before)
        if region_ars is not None:
            validate_ars(region_ars)
        page = await repository.page(
            info.context.session,
            read_scope(info.context.actor),
            region_ars=region_ars,
            goal=goal,
            statuses=[str(s.value) for s in status] if status else ["published"],
            request=request,
        )
        return Connection.of(page, Pathway.from_row)

    @strawberry.field(description="One pathway by id; null when unknown or not visible to you.")
    async def pathway(
        self,
        info: Info[OffersContext, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the pathway.")],
    ) -> Pathway | None:
        row = await repository.get_readable(
            info.context.session, local_id(id, "Pathway"), read_scope(info.context.actor)
        )
        return Pathway.from_row(row) if row else None

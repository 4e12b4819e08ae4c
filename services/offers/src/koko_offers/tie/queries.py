"""Root query field of ties."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.network.scoped import view_of
from koko_offers.region.validation import validate_ars
from koko_offers.tie import repository
from koko_offers.tie.types import Tie, TieKind
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.connection import Connection
from koko_shared.pagination import page_request


@strawberry.type
class TieQueries:
    @strawberry.field(
        description="Ties and memberships of a region's network, newest first (what you may "
        "see: published ties between visible ends, your own, or all for coordinators)."
    )
    async def ties(
        self,
        info: Info[OffersContext, None],
        region_ars: Annotated[
            str, strawberry.argument(description="Regionalschlüssel (12 digits) of the network.")
        ],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        kinds: Annotated[
            list[TieKind] | None, strawberry.argument(description="Only ties of these kinds.")
        ] = None,
        valid_on: Annotated[
            date | None, strawberry.argument(description="Only ties in force on this day.")
        ] = None,
    ) -> Connection[Tie]:
        request = page_request(first, after, last, before)
        validate_ars(region_ars)
        page = await repository.page(
            info.context.session,
            view_of(info.context, region_ars),
            kinds=[str(k.value) for k in kinds or ()],
            on=valid_on,
            request=request,
        )
        return Connection.of(page, Tie.from_row)

"""Root query fields of working groups and round tables."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.network.scoped import view_of
from koko_offers.region.validation import validate_ars
from koko_offers.working_group import repository
from koko_offers.working_group.types import (
    WorkingGroup,
    WorkingGroupKind,
)
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.connection import Connection
from koko_shared.pagination import page_request


@strawberry.type
class WorkingGroupQueries:
    @strawberry.field(
        description="Working groups, round tables and networks of a region by name (published "
        "ones; all for its coordinators)."
    )
    async def working_groups(
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
            list[WorkingGroupKind] | None,
            strawberry.argument(description="Only groups of these kinds."),
        ] = None,
        valid_on: Annotated[
            date | None, strawberry.argument(description="Only groups active on this day.")
        ] = None,
    ) -> Connection[WorkingGroup]:
        request = page_request(first, after, last, before)
        validate_ars(region_ars)
        page = await repository.page(
            info.context.session,
            view_of(info.context, region_ars),
            kinds=[str(k.value) for k in kinds or ()],
            on=valid_on,
            request=request,
        )
        return Connection.of(page, WorkingGroup.from_row)

    @strawberry.field(description="One working group by id; null when unknown or not visible.")
    async def working_group(
        self,
        info: Info[OffersContext, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the group.")],
    ) -> WorkingGroup | None:
        return await WorkingGroup.resolve_reference(info, id)

"""Root query field of follow-ups: what the region's groups agreed, for coordinators and the
providers that own follow-ups."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.meeting import service
from koko_offers.meeting.types import FollowUp, FollowUpStatus
from koko_offers.network.scoped import view_of
from koko_offers.region.validation import validate_ars
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.connection import Connection
from koko_shared.pagination import page_request


@strawberry.type
class FollowUpQueries:
    @strawberry.field(
        description="Follow-ups of a region's meetings by due date: all for its coordinators, "
        "their own for providers; never public."
    )
    async def follow_ups(
        self,
        info: Info[OffersContext, None],
        region_ars: Annotated[
            str, strawberry.argument(description="Regionalschlüssel (12 digits) of the network.")
        ],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        statuses: Annotated[
            list[FollowUpStatus] | None,
            strawberry.argument(description="Only follow-ups with these statuses."),
        ] = None,
        due_before: Annotated[
            date | None, strawberry.argument(description="Only those due before this day.")
        ] = None,
    ) -> Connection[FollowUp]:
        request = page_request(first, after, last, before)
        validate_ars(region_ars)
        page = await service.follow_ups_page(
            info.context.session,
            view_of(info.context, region_ars),
            statuses=[str(s.value) for s in statuses or ()],
            due_before=due_before,
            request=request,
        )
        return Connection.of(page, FollowUp.from_row)

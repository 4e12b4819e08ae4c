"""Root query field `coursePlanning`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.planning import service
from koko_offers.planning.types import CoursePlanning
from koko_offers.region.validation import validate_ars


@strawberry.type
class PlanningQueries:
    @strawberry.field(
        description="Course planning of a region (coordinators): upcoming starts by course type, "
        "level and area, gaps, clashes between providers and utilisation."
    )
    async def course_planning(
        self,
        info: Info[OffersContext, None],
        region_ars: Annotated[
            str,
            strawberry.argument(
                description="Regionalschlüssel (12 digits) of the region to plan for, including "
                "everything inside it."
            ),
        ],
        from_: Annotated[
            date, strawberry.argument(name="from", description="First day of the planning period.")
        ],
        to: Annotated[date, strawberry.argument(description="Last day of the planning period.")],
    ) -> CoursePlanning:
        validate_ars(region_ars)
        plan = await service.plan(
            info.context.session, info.context.actor, region_ars=region_ars, start=from_, end=to
        )
        return CoursePlanning.of(plan)

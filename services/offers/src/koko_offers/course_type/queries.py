"""Root query fields of the course type code list."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.course_type import repository
from koko_offers.course_type.types import CourseType
from koko_offers.graphql.context import OffersContext


@strawberry.type
class CourseTypeQueries:
    @strawberry.field(description="The course types in force on `validOn` (default: today).")
    async def course_types(
        self,
        info: Info[OffersContext, None],
        valid_on: Annotated[
            date | None,
            strawberry.argument(
                description="The day the course types must be in force on; default: today."
            ),
        ] = None,
    ) -> list[CourseType]:
        rows = await repository.valid_on(info.context.session, valid_on or date.today())
        return [CourseType.from_row(r) for r in rows]

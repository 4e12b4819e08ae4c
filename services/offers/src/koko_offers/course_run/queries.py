"""Root query field `courseRuns`: upcoming runs with dates and seats across offers."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.course_run import repository
from koko_offers.course_run.types import (
    CountQuery,
    CourseRun,
    CourseRunConnection,
    CourseRunStatus,
)
from koko_offers.course_type.types import CefrLevel
from koko_offers.graphql.context import OffersContext
from koko_offers.offer.filters import DateWindow
from koko_offers.offer.queries import date_window
from koko_offers.offer.visibility import read_scope
from koko_offers.region.validation import validate_ars
from koko_shared.errors import InvalidInput
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.ids import local_id
from koko_shared.pagination import page_request


@strawberry.input(description="Every field narrows the result; lists match any of their values.")
class CourseRunFilter:
    region_ars: str | None = strawberry.field(
        default=None,
        description="Only runs in this region and the regions inside it (Regionalschlüssel).",
    )
    offers: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only runs of these offers (global ids)."
    )
    course_types: list[str] | None = strawberry.field(
        default=None, description="Only runs of offers with these course type codes."
    )
    levels: list[CefrLevel] | None = strawberry.field(
        default=None, description="Only runs of course types leading to these CEFR levels."
    )
    areas: list[str] | None = strawberry.field(
        default=None, description="Only runs at locations in these areas (area codes)."
    )
    starts_between: DateWindow | None = strawberry.field(
        default=None, description="Only runs starting in this window."
    )
    has_free_seats: bool | None = strawberry.field(
        default=None, description="Runs that accept registrations and have free seats."
    )
    childcare: bool | None = strawberry.field(
        default=None, description="Only runs with (true) or without (false) childcare."
    )
    status: list[CourseRunStatus] | None = strawberry.field(
        default=None, description="Only runs with these statuses."
    )


@strawberry.type
class CourseRunQueries:
    @strawberry.field(description="Course runs by start date, of offers you may see.")
    async def course_runs(
        self,
        info: Info[OffersContext, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            CourseRunFilter | None,
            strawberry.argument(description="Which runs; left out: all the caller may see."),
        ] = None,
    ) -> CourseRunConnection:
        request = page_request(first, after, last, before)
        given = filter or CourseRunFilter()
        if given.region_ars is not None:
            validate_ars(given.region_ars, field="filter.regionArs")
        starts_from, starts_to = date_window(given.starts_between)
        if len(given.offers or ()) > 100:
            raise InvalidInput("at most 100 values are allowed", field="filter.offers")
        criteria = repository.CourseRunCriteria(
            region_ars=given.region_ars,
            offer_ids=[local_id(o, "Offer", field="filter.offers") for o in given.offers or ()],
            course_type_codes=given.course_types or (),
            levels=[str(level.value) for level in given.levels or ()],
            area_codes=given.areas or (),
            starts_from=starts_from,
            starts_to=starts_to,
            has_free_seats=given.has_free_seats,
            childcare=given.childcare,
            statuses=[str(s.value) for s in given.status or ()],
        )
        scope = read_scope(info.context.actor)
        page = await repository.page(info.context.session, criteria, scope, request)
        return CourseRunConnection.of(
            page, CourseRun.from_row, count_query=CountQuery(criteria, scope)
        )

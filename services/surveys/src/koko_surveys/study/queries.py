"""Root fields of studies: `studies` (Relay connection) and `study`."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.types import Info

from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.ids import local_id
from koko_shared.pagination import page_request
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.study import service
from koko_surveys.study.types import Study, StudyConnection


def _study_id(value: str) -> UUID:
    """The Relay id of a study or its plain UUID (the form REST URLs print)."""
    try:
        return UUID(value)
    except ValueError:
        return local_id(value, "Study")


@strawberry.type
class StudyQueries:
    @strawberry.field(
        description="Studies the caller may see, by code; optionally inside a region."
    )
    async def studies(
        self,
        info: Info[SurveysContext, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        region_ars: Annotated[
            str | None,
            strawberry.argument(
                description="Only studies inside this region (12-digit Regionalschlüssel)."
            ),
        ] = None,
    ) -> StudyConnection:
        request = page_request(first, after, last, before)
        page, total = await service.visible_studies(
            info.context.session, info.context.actor, region_ars=region_ars, request=request
        )
        return StudyConnection.of(page, Study.from_row, total_count=total)

    @strawberry.field(
        description="One study by id; null when it does not exist or the caller may not see it."
    )
    async def study(
        self,
        info: Info[SurveysContext, None],
        id: Annotated[
            strawberry.ID,
            strawberry.argument(
                description="Global id of the study, or its UUID as REST URLs and `make run` "
                "print it."
            ),
        ],
    ) -> Study | None:
        row = await service.find_visible_study(
            info.context.session, info.context.actor, _study_id(id)
        )
        return None if row is None else Study.from_row(row)

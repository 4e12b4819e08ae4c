"""Root fields of studies: `studies` (Relay connection) and `study`."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from koko_shared.auth.actor import ars_prefix
from koko_shared.graphql.ids import local_id
from koko_shared.graphql.schema import PageInfo
from koko_shared.pagination import Page, PageRequest, decode_cursor, page_size
from koko_surveys import authorization
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.study import repository
from koko_surveys.study.service import require_ars
from koko_surveys.study.types import Study, StudyConnection, StudyEdge


@strawberry.type
class StudyQueries:
    @strawberry.field(
        description="Studies the caller may see, by code; optionally inside a region."
    )
    async def studies(
        self,
        info: Info[SurveysContext, None],
        first: int | None = None,
        after: str | None = None,
        region_ars: str | None = None,
    ) -> StudyConnection:
        limit = page_size(first)
        cursor = tuple(decode_cursor(after, arity=2)) if after else None
        prefix = ars_prefix(require_ars(region_ars)) if region_ars else None
        actor = info.context.actor
        async with info.context.db() as session:
            # Visibility is decided per study; scan in key order until the page is full.
            visible: list[Study] = []
            keys: list[tuple[str, str]] = []
            position = cursor
            while len(visible) <= limit:
                rows = await repository.list_page(
                    session, region_prefix=prefix, after=position, limit=200
                )  # type: ignore[arg-type]
                for row in rows:
                    if authorization.can_see(actor, row):
                        visible.append(Study.from_row(row))
                        keys.append((row.code, str(row.id)))
                if len(rows) < 200:
                    break
                position = (rows[-1].code, str(rows[-1].id))
            total = sum(
                1
                for row in await repository.in_regions(session, [prefix or ""])
                if authorization.can_see(actor, row)
            )
        page = Page.from_overfetch(visible, list(keys), PageRequest(size=limit, cursor=after))
        return StudyConnection(
            edges=[
                StudyEdge(cursor=c, node=n) for c, n in zip(page.cursors, page.rows, strict=True)
            ],
            page_info=PageInfo.of(page),
            total_count=total,
        )

    @strawberry.field
    async def study(self, info: Info[SurveysContext, None], id: strawberry.ID) -> Study | None:
        async with info.context.db() as session:
            row = await repository.get(session, local_id(id, "Study"))
        if row is None or not authorization.can_see(info.context.actor, row):
            return None
        return Study.from_row(row)

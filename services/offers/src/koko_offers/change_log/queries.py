"""`changeLog`: the latest changes of one record, for coordinators of its region."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers import authorization
from koko_offers.change_log import repository
from koko_offers.change_log.types import TYPE_OF_ENTITY, ChangeLogEntity, ChangeLogEntry
from koko_offers.graphql.context import OffersContext
from koko_shared.errors import PermissionDenied
from koko_shared.graphql.ids import local_id
from koko_shared.pagination import page_size


@strawberry.type
class ChangeLogQueries:
    @strawberry.field(
        description="The latest changes of a record, newest first (coordinators of its region)."
    )
    async def change_log(
        self,
        info: Info[OffersContext, None],
        entity: Annotated[
            ChangeLogEntity, strawberry.argument(description="Which kind of record `id` names.")
        ],
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the record.")],
        first: Annotated[
            int,
            strawberry.argument(
                description="How many entries, newest first (default 20, at most 100)."
            ),
        ] = 20,
    ) -> list[ChangeLogEntry]:
        entity_id = local_id(id, TYPE_OF_ENTITY[str(entity.value)])
        limit = page_size(first)
        actor = info.context.actor
        if actor.is_public:
            raise PermissionDenied("the change log is for coordinators only")
        rows = await repository.for_entity(
            info.context.session, str(entity.value), entity_id, limit=limit
        )
        # Every entry of a record carries the record's region.
        if any(not authorization.is_coordinator(actor, row.region_ars) for row in rows):
            raise PermissionDenied("the change log is for coordinators of the record's region")
        return [ChangeLogEntry.from_row(row) for row in rows]

"""`changeLog`: the latest changes of one record, for coordinators of its region."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.change_log import service
from koko_offers.change_log.types import TYPE_OF_ENTITY, ChangeLogEntity, ChangeLogEntry
from koko_offers.graphql.context import OffersContext
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.connection import Connection
from koko_shared.graphql.ids import local_id
from koko_shared.pagination import page_request


@strawberry.type
class ChangeLogQueries:
    @strawberry.field(
        description="The changes of a record, newest first, a page at a time (coordinators of its "
        "region)."
    )
    async def change_log(
        self,
        info: Info[OffersContext, None],
        entity: Annotated[
            ChangeLogEntity, strawberry.argument(description="Which kind of record `id` names.")
        ],
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the record.")],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ChangeLogEntry]:
        page = await service.page_of_record(
            info.context.session,
            info.context.actor,
            entity=str(entity.value),
            entity_id=local_id(id, TYPE_OF_ENTITY[str(entity.value)]),
            request=page_request(first, after, last, before),
        )
        return Connection.of(page, ChangeLogEntry.from_row)

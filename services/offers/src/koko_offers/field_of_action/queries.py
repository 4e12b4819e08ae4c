"""Root query field of the field-of-action code list."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.field_of_action import repository
from koko_offers.field_of_action.types import FieldOfAction
from koko_offers.graphql.context import OffersContext


@strawberry.type
class FieldOfActionQueries:
    @strawberry.field(
        description="The fields of action (Handlungsfelder) in force on `validOn` (default: "
        "today), in their order."
    )
    async def fields_of_action(
        self,
        info: Info[OffersContext, None],
        valid_on: Annotated[
            date | None,
            strawberry.argument(
                description="The day the entries must be in force on; default: today."
            ),
        ] = None,
    ) -> list[FieldOfAction]:
        rows = await repository.valid_on(info.context.session, valid_on or date.today())
        return [FieldOfAction.from_row(r) for r in rows]

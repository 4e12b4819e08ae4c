"""Root query fields of actors."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.actor import repository
from koko_offers.actor.types import Actor, ActorKind
from koko_offers.graphql.context import OffersContext
from koko_offers.network.scoped import view_of
from koko_offers.region.validation import validate_ars
from koko_shared.errors import InvalidInput
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.connection import Connection
from koko_shared.pagination import page_request


@strawberry.type
class ActorQueries:
    @strawberry.field(
        description="Actors of a region's network by name: what the region published, plus "
        "everything for its coordinators and a provider's own entry for the provider."
    )
    async def actors(
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
            list[ActorKind] | None, strawberry.argument(description="Only actors of these kinds.")
        ] = None,
        fields_of_action: Annotated[
            list[str] | None,
            strawberry.argument(description="Only actors working in any of these fields."),
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Only actors whose name contains this text (at most "
                "200 characters; case and accents ignored)."
            ),
        ] = None,
        valid_on: Annotated[
            date | None, strawberry.argument(description="Only actors active on this day.")
        ] = None,
    ) -> Connection[Actor]:
        request = page_request(first, after, last, before)
        validate_ars(region_ars)
        if search is not None and len(search) > 200:
            raise InvalidInput("search must be at most 200 characters", field="search")
        if fields_of_action is not None and len(fields_of_action) > 50:
            raise InvalidInput("fieldsOfAction: at most 50 entries", field="fieldsOfAction")
        page = await repository.page(
            info.context.session,
            view_of(info.context, region_ars),
            kinds=[str(k.value) for k in kinds or ()],
            fields_of_action=fields_of_action or [],
            search=search,
            on=valid_on,
            request=request,
        )
        return Connection.of(page, Actor.from_row)

    @strawberry.field(description="One actor by id; null when unknown or not visible to you.")
    async def actor(
        self,
        info: Info[OffersContext, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the actor.")],
    ) -> Actor | None:
        return await Actor.resolve_reference(info, id)

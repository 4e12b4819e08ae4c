"""Root query fields of providers."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.provider import repository
from koko_offers.provider.types import Provider, ProviderKind
from koko_offers.region.validation import validate_ars
from koko_shared.errors import InvalidInput
from koko_shared.graphql.arguments import After, Before, First, Last
from koko_shared.graphql.connection import Connection
from koko_shared.pagination import page_request


@strawberry.type
class ProviderQueries:
    @strawberry.field(description="Providers by name, in a region and everything inside it.")
    async def providers(
        self,
        info: Info[OffersContext, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        region_ars: Annotated[
            str | None,
            strawberry.argument(
                description="Only providers of this region and the regions inside it (12-digit "
                "Regionalschlüssel)."
            ),
        ] = None,
        kinds: Annotated[
            list[ProviderKind] | None,
            strawberry.argument(description="Only providers of these kinds."),
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Only providers whose name contains this text (case and accents "
                "ignored; at most 200 characters)."
            ),
        ] = None,
    ) -> Connection[Provider]:
        request = page_request(first, after, last, before)
        if region_ars is not None:
            validate_ars(region_ars)
        if search is not None and len(search) > 200:
            raise InvalidInput("search must be at most 200 characters", field="search")
        page = await repository.page(
            info.context.session,
            region_ars=region_ars,
            kinds=[str(k.value) for k in kinds or ()],
            search=search,
            request=request,
        )
        return Connection.of(page, Provider.from_row)

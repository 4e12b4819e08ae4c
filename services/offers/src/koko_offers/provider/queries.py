"""Root query fields of providers."""

from __future__ import annotations

from uuid import UUID

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.provider import repository
from koko_offers.provider.types import Provider, ProviderConnection, ProviderEdge, ProviderKind
from koko_offers.region.validation import validate_ars
from koko_shared.errors import InvalidInput
from koko_shared.graphql.schema import PageInfo
from koko_shared.pagination import decode_typed_cursor, page_size


@strawberry.type
class ProviderQueries:
    @strawberry.field(description="Providers by name, in a region and everything inside it.")
    async def providers(
        self,
        info: Info[OffersContext, None],
        first: int | None = None,
        after: str | None = None,
        region_ars: str | None = None,
        kinds: list[ProviderKind] | None = None,
        search: str | None = None,
    ) -> ProviderConnection:
        size = page_size(first)
        if region_ars is not None:
            validate_ars(region_ars)
        if search is not None and len(search) > 200:
            raise InvalidInput("search must be at most 200 characters", field="search")
        key = tuple(decode_typed_cursor(after, str, UUID)) if after is not None else None
        page = await repository.page(
            info.context.session,
            region_ars=region_ars,
            kinds=[k.value for k in kinds or ()],
            search=search,
            first=size,
            after=key,
        )
        return ProviderConnection(
            edges=[
                ProviderEdge(cursor=c, node=Provider.from_row(r))
                for r, c in zip(page.rows, page.cursors, strict=True)
            ],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        )

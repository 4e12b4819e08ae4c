"""Root query fields of the category taxonomy."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.taxonomy import repository
from koko_offers.taxonomy.types import Category


@strawberry.type
class TaxonomyQueries:
    @strawberry.field(description="Every category, parents before children, by position.")
    async def categories(self, info: Info[OffersContext, None]) -> list[Category]:
        return [Category.from_row(r) for r in await repository.all_categories(info.context.session)]

"""`searchSynonymCreate` and `searchSynonymDelete` (coordinators and admins)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.payloads import run_mutation
from koko_offers.search_synonym import service
from koko_offers.search_synonym.models import SearchSynonym as SearchSynonymRow
from koko_offers.search_synonym.types import SearchSynonymCreateInput, SearchSynonymPayload
from koko_shared.graphql.ids import local_id


@strawberry.type
class SearchSynonymMutations:
    @strawberry.mutation(
        description="Teach the offer search that a phrase also means other catalogue words "
        "(coordinators of any region, admins)."
    )
    async def search_synonym_create(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            SearchSynonymCreateInput,
            strawberry.argument(description="The synonym to add to the search."),
        ],
    ) -> SearchSynonymPayload:
        context = info.context
        row, violations = await run_mutation(
            context,
            lambda: service.create(
                context.session,
                context.actor,
                language=input.language,
                phrase=input.phrase,
                expansion=input.expansion,
                weight=input.weight,
            ),
        )
        return SearchSynonymPayload.of(row, violations, context.language)

    @strawberry.mutation(description="Remove a search synonym (coordinators, admins).")
    async def search_synonym_delete(
        self,
        info: Info[OffersContext, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="The synonym's global id.")],
    ) -> SearchSynonymPayload:
        context = info.context

        async def run() -> SearchSynonymRow:
            return await service.delete(
                context.session, context.actor, local_id(id, "SearchSynonym")
            )

        row, violations = await run_mutation(context, run)
        return SearchSynonymPayload.of(row, violations, context.language, argument=None)

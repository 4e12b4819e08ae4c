"""Root field `searchSynonyms`: what the catalogue search reads into a phrase."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.offer.text_search import normalized_words
from koko_offers.search_synonym import repository
from koko_offers.search_synonym.types import SearchSynonym


@strawberry.type
class SearchSynonymQueries:
    @strawberry.field(
        description="The synonyms the offer search uses (public), by phrase; optionally of "
        "one language or for one phrase."
    )
    async def search_synonyms(
        self,
        info: Info[OffersContext, None],
        language: Annotated[
            str | None, strawberry.argument(description="Only synonyms of this language (BCP 47).")
        ] = None,
        phrase: Annotated[
            str | None, strawberry.argument(description="Only the meanings of this phrase.")
        ] = None,
    ) -> list[SearchSynonym]:
        wanted = " ".join(normalized_words(phrase[:200])) if phrase is not None else None
        rows = await repository.page(info.context.session, language=language, phrase=wanted)
        return [SearchSynonym.from_row(row) for row in rows]

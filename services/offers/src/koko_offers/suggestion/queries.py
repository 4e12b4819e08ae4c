"""Root query field `offerSuggestions`: autocomplete for a finder's search box."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.offer.visibility import read_scope
from koko_offers.suggestion import service
from koko_offers.suggestion.types import OfferSuggestion
from koko_offers.translation.loaders import request_language
from koko_shared.errors import InvalidInput
from koko_shared.graphql.arguments import Lang


@strawberry.type
class SuggestionQueries:
    @strawberry.field(
        description="Completions of what was typed (every word the beginning of a word; a typo "
        "is corrected to the most similar word of the catalogue): course types, then offer "
        "titles (most frequent first), then providers."
    )
    async def offer_suggestions(
        self,
        info: Info[OffersContext, None],
        text: Annotated[
            str, strawberry.argument(description="What was typed so far (at most 200 characters).")
        ],
        per_kind: Annotated[
            int,
            strawberry.argument(description="At most this many of each kind (1 to 20)."),
        ] = 5,
        lang: Lang = None,
    ) -> list[OfferSuggestion]:
        if not 1 <= per_kind <= service.MAX_PER_KIND:
            raise InvalidInput(
                f"perKind must be between 1 and {service.MAX_PER_KIND}", field="perKind"
            )
        found = await service.suggest(
            info.context.session,
            text,
            language=request_language(info.context, lang),
            scope=read_scope(info.context.actor),
            per_kind=per_kind,
        )
        return [OfferSuggestion.of(s) for s in found]

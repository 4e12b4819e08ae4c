"""GraphQL types of suggestions (autocomplete)."""

from __future__ import annotations

from enum import Enum

import strawberry

from koko_offers.suggestion.service import Suggestion
from koko_shared.graphql.ids import to_global_id


@strawberry.enum(description="What a suggestion completes to.")
class SuggestionKind(Enum):
    COURSE_TYPE = strawberry.enum_value(
        "course_type", description="A course type: filter by `courseTypes: [value]`."
    )
    TITLE = strawberry.enum_value(
        "title", description="An offer title: search for it (`search: value`)."
    )
    PROVIDER = strawberry.enum_value(
        "provider", description="A provider: filter by `providers: [value]`."
    )


@strawberry.type(description="One completion of what was typed into a finder's search box.")
class OfferSuggestion:
    kind: SuggestionKind = strawberry.field(description="Course type, title or provider.")
    text: str = strawberry.field(
        description="What to show: the course type's label in the request language, the "
        "offer title (German) or the provider's name."
    )
    value: str = strawberry.field(
        description="What to filter by: the course type code, the title, or the provider's "
        "global id."
    )
    offers: int | None = strawberry.field(
        description="Titles: how many offers among the first matches carry this title."
    )

    @classmethod
    def of(cls, suggestion: Suggestion) -> OfferSuggestion:
        value = suggestion.value
        if suggestion.kind == "provider":
            value = to_global_id("Provider", value)
        return cls(
            kind=SuggestionKind(suggestion.kind.value),
            text=suggestion.text,
            value=value,
            offers=suggestion.offers,
        )

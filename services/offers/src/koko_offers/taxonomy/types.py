"""GraphQL type of the category taxonomy (the education chain, from early childhood to work)."""

from __future__ import annotations

from typing import Self

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.labels import label_in, label_state
from koko_offers.taxonomy.models import Category as CategoryRow
from koko_offers.translation.loaders import TranslationState, request_language
from koko_shared.graphql.arguments import Lang


@strawberry.type(description="A category of the offer taxonomy, e.g. `language_course`.")
class Category:
    code: str = strawberry.field(description="Stable code, e.g. language_course.")
    parent_code: str | None = strawberry.field(
        description="Code of the category above; null for a top-level category."
    )
    position: int = strawberry.field(description="Sort position among its siblings.")
    labels: strawberry.Private[dict[str, str]]

    @classmethod
    def from_row(cls, row: CategoryRow) -> Self:
        return cls(
            code=row.code, parent_code=row.parent_code, position=row.position, labels=row.label
        )

    @strawberry.field(description="Label in the asked language, else German.")
    def label(self, info: Info[OffersContext, None], lang: Lang = None) -> str:
        return label_in(self.labels, request_language(info.context, lang))

    @strawberry.field(
        description="Whether the label is shown in the asked language (`MISSING`: German shown)."
    )
    def label_translation_state(
        self, info: Info[OffersContext, None], lang: Lang = None
    ) -> TranslationState:
        return label_state(self.labels, request_language(info.context, lang))

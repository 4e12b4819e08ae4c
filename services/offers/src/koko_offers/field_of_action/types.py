"""GraphQL type of the field-of-action code list."""

from __future__ import annotations

from datetime import date
from typing import Self

import strawberry
from strawberry.types import Info

from koko_offers.field_of_action.models import FieldOfAction as FieldOfActionRow
from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.labels import label_in, label_state
from koko_offers.translation.loaders import TranslationState, request_language
from koko_shared.graphql.arguments import Lang


@strawberry.type(
    description="An entry of the dated code list of fields of action (Handlungsfelder), e.g. "
    "`language` or `housing_neighbourhood`."
)
class FieldOfAction:
    code: str = strawberry.field(description="Stable code, e.g. language, work, health.")
    valid_from: date = strawberry.field(description="First day the field of action is in force.")
    valid_to: date | None = strawberry.field(
        description="Last day the field of action is in force; null: no end."
    )
    labels: strawberry.Private[dict[str, str]]

    @classmethod
    def from_row(cls, row: FieldOfActionRow) -> Self:
        return cls(
            code=row.code, valid_from=row.valid_from, valid_to=row.valid_to, labels=row.label
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

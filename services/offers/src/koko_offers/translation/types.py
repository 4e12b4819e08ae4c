"""GraphQL type of one stored translation (the result of `translationUpsert`)."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from koko_offers.translation.loaders import TranslationState
from koko_offers.translation.models import Translation as TranslationRow
from koko_offers.validation import camel
from koko_shared.graphql.ids import to_global_id
from koko_shared.i18n import text_direction

# translation.entity -> GraphQL type of the translated record
TYPE_OF_ENTITY = {
    "offer": "Offer",
    "provider": "Provider",
    "location": "Location",
    "pathway": "Pathway",
    "pathway_step": "PathwayStep",
}


@strawberry.type(description="The translation of one field of a record into one language.")
class Translation:
    entity_id: strawberry.ID = strawberry.field(description="Global id of the record.")
    field: str = strawberry.field(description="The translated field (camelCase).")
    language: str = strawberry.field(description="BCP-47 language tag.")
    text: str = strawberry.field(description="The translated text.")
    text_direction: str = strawberry.field(description="`rtl` or `ltr`.")
    state: TranslationState = strawberry.field(
        description="Whether the translation matches the current German text."
    )
    source_hash: str = strawberry.field(
        description="sha256 of the German text the translation was made from."
    )
    translated_by: str | None = strawberry.field(
        description="Subject of whoever stored the translation; null when not known."
    )
    updated_at: datetime = strawberry.field(description="When the translation was last stored.")

    @classmethod
    def from_row(cls, row: TranslationRow) -> Self:
        return cls(
            entity_id=strawberry.ID(to_global_id(TYPE_OF_ENTITY[row.entity], row.entity_id)),
            field=camel(row.field),
            language=row.language,
            text=row.text,
            text_direction=text_direction(row.language),
            state=TranslationState(row.state),
            source_hash=row.source_hash,
            translated_by=row.translated_by,
            updated_at=row.updated_at,
        )

"""Input of `translationUpsert`."""

from __future__ import annotations

from enum import Enum

import strawberry

from koko_offers.errors import invalid
from koko_offers.translation.service import ENTITY_OF_TYPE, NewTranslation
from koko_shared.errors import InvalidInput
from koko_shared.graphql.ids import from_global_id


@strawberry.enum(description="How a translation was made.")
class TranslationInputState(Enum):
    UP_TO_DATE = strawberry.enum_value(
        "up_to_date", description="Translated by a person from the current German text."
    )
    MACHINE_TRANSLATED = strawberry.enum_value(
        "machine_translated", description="Translated by a machine, not checked by a person."
    )


@strawberry.input(description="A translation of one text field of a record into one language.")
class TranslationUpsertInput:
    entity_id: strawberry.ID = strawberry.field(
        description="Global id of an Offer, Provider, Location, Pathway or PathwayStep."
    )
    field: str = strawberry.field(
        description="Translated field in camelCase, e.g. title, description, eligibilityNote."
    )
    language: str = strawberry.field(description="BCP-47 language tag other than German.")
    text: str = strawberry.field(description="The translated text.")
    state: TranslationInputState = strawberry.field(
        default=TranslationInputState.UP_TO_DATE,
        description="How the translation was made; default UP_TO_DATE (by a person).",
    )

    def to_upsert(self) -> NewTranslation:
        """The typed input; the record is named by a global id of a translatable type."""
        try:
            type_name, entity_id = from_global_id(self.entity_id, field="entityId")
        except InvalidInput as exc:
            raise invalid("entityId", "invalid_id", value=self.entity_id[:60]) from exc
        entity = ENTITY_OF_TYPE.get(type_name)
        if entity is None:
            raise invalid(
                "entityId",
                "wrong_id_type",
                value=self.entity_id[:60],
                expected=", ".join(ENTITY_OF_TYPE),
            )
        return NewTranslation(
            entity=entity,
            entity_id=entity_id,
            field=self.field,
            language=self.language,
            text=self.text,
            state=str(self.state.value),
        )

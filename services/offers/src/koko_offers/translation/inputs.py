"""Input of `translationUpsert`."""

from __future__ import annotations

from enum import Enum

import strawberry


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

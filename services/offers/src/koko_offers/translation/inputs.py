"""Input of `translationUpsert`."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="How a translation was made.")
class TranslationInputState(Enum):
    UP_TO_DATE = "up_to_date"  # by a person, from the current German text
    MACHINE_TRANSLATED = "machine_translated"


@strawberry.input
class TranslationUpsertInput:
    entity_id: strawberry.ID = strawberry.field(
        description="Global id of an Offer, Provider, Location, Pathway or PathwayStep."
    )
    field: str = strawberry.field(
        description="Translated field in camelCase, e.g. title, description, eligibilityNote."
    )
    language: str = strawberry.field(description="BCP-47 language tag other than German.")
    text: str
    state: TranslationInputState = TranslationInputState.UP_TO_DATE

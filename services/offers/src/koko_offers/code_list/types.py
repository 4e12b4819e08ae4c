"""GraphQL types of the enum code lists (levels, target groups) with their labels."""

from __future__ import annotations

from enum import Enum

import strawberry

from koko_offers.translation.loaders import TranslationState


@strawberry.enum(description="A code list whose values are enums of the API.")
class CodeListKind(Enum):
    LEVEL = strawberry.enum_value("level", description="CEFR levels (`CefrLevel`).")
    TARGET_GROUP = strawberry.enum_value(
        "target_group", description="Who an offer is for (`TargetGroup`)."
    )


@strawberry.type(description="One value of a code list with its label in the asked language.")
class CodeLabel:
    code: str = strawberry.field(description="The value as the API spells it, e.g. `B1`, `WOMEN`.")
    label: str = strawberry.field(description="The label in the asked language, else German.")
    language: str = strawberry.field(description="The language the label is in.")
    translation_state: TranslationState = strawberry.field(
        description="`SOURCE` for German, `MISSING` when German is shown instead."
    )

"""GraphQL type of the course type code list."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Self

import strawberry
from strawberry.types import Info

from koko_offers.course_type.models import CourseType as CourseTypeRow
from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.labels import label_in, label_state
from koko_offers.translation.loaders import TranslationState, request_language
from koko_shared.graphql.arguments import Lang


@strawberry.enum(description="Common European Framework of Reference level.")
class CefrLevel(Enum):
    A1 = strawberry.enum_value("A1", description="CEFR level A1.")
    A2 = strawberry.enum_value("A2", description="CEFR level A2.")
    B1 = strawberry.enum_value("B1", description="CEFR level B1.")
    B2 = strawberry.enum_value("B2", description="CEFR level B2.")
    C1 = strawberry.enum_value("C1", description="CEFR level C1.")
    C2 = strawberry.enum_value("C2", description="CEFR level C2.")


@strawberry.type(
    description="An entry of the dated course type code list (course types change with the law)."
)
class CourseType:
    code: str = strawberry.field(description="Stable code, e.g. BAMF_IK_ALLG or BSK_B2.")
    family: str = strawberry.field(
        description="integration_course, job_language_course or another family."
    )
    kursnet_code: str | None = strawberry.field(
        description="Code of the course type in KURSNET; null when it has none."
    )
    entry_level: CefrLevel | None = strawberry.field(
        description="CEFR level needed to start; null when none is needed or not known."
    )
    target_level: CefrLevel | None = strawberry.field(
        description="CEFR level the course leads to; null when not a level course."
    )
    teaching_units: int | None = strawberry.field(
        description="Length in teaching units (45 minutes each); null when not fixed."
    )
    valid_from: date = strawberry.field(description="First day the course type is in force.")
    valid_to: date | None = strawberry.field(
        description="Last day the course type is in force; null: no end."
    )
    labels: strawberry.Private[dict[str, str]]

    @classmethod
    def from_row(cls, row: CourseTypeRow) -> Self:
        return cls(
            code=row.code,
            family=row.family,
            kursnet_code=row.kursnet_code,
            entry_level=CefrLevel(row.entry_level) if row.entry_level else None,
            target_level=CefrLevel(row.target_level) if row.target_level else None,
            teaching_units=row.teaching_units,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            labels=row.label,
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

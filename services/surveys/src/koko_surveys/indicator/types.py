"""GraphQL type of indicator definitions."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON


@strawberry.type(description="An indicator stored with its study (conditions over answers).")
class IndicatorDefinition:
    code: str = strawberry.field(description="Code of the indicator, unique in the study.")
    label: str | None = strawberry.field(
        description="Label in the request language; null when it has none."
    )
    numerator: JSON = strawberry.field(
        description="Condition on answers that counts a submission in the numerator (JSON)."
    )
    denominator: JSON = strawberry.field(
        description="Condition on answers that counts a submission in the denominator (JSON)."
    )
    public: bool = strawberry.field(
        description="Whether the indicator is shown to everybody who may see the study's "
        "aggregates; else only to the region's analysts and coordinators."
    )

"""Input of `indicatorDefine`."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from koko_surveys.graphql.json_inputs import json_object, texts
from koko_surveys.indicator.service import NewIndicator


@strawberry.input(description="An indicator of a study: a rate of submissions meeting a condition.")
class IndicatorDefineInput:
    study_id: strawberry.ID = strawberry.field(description="Global id of the study.")
    code: str = strawberry.field(description="Code of the indicator, unique in the study.")
    label: JSON = strawberry.field(
        description='Label by language, e.g. {"de": "Anteil in Ausbildung"}.'
    )
    numerator: JSON = strawberry.field(
        description="Condition on answers that counts a submission in the numerator (JSON)."
    )
    denominator: JSON = strawberry.field(
        description="Condition on answers that counts a submission in the denominator (JSON)."
    )
    public: bool = strawberry.field(
        default=False,
        description="Whether the indicator is shown to everybody who may see the study's "
        "aggregates; else only to the region's analysts and coordinators.",
    )

    def to_create(self) -> NewIndicator:
        return NewIndicator(
            code=self.code,
            label=texts(self.label, "label"),
            numerator=json_object(self.numerator, "numerator"),
            denominator=json_object(self.denominator, "denominator"),
            public=self.public,
        )

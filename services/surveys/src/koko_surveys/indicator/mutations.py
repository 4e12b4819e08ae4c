"""Mutation of indicator definitions: `indicatorDefine`. Expected failures come back as
`errors: [{field, code, message}]`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from koko_shared.graphql.ids import local_id
from koko_shared.graphql.mutations import mutation_errors, run_mutation
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.indicator import service
from koko_surveys.indicator.inputs import IndicatorDefineInput
from koko_surveys.indicator.models import IndicatorDefinition as IndicatorRow
from koko_surveys.indicator.payloads import IndicatorPayload
from koko_surveys.indicator.types import IndicatorDefinition
from koko_surveys.study import service as study_service


@strawberry.type
class IndicatorMutations:
    @strawberry.mutation(
        description="Store an indicator (numerator/denominator conditions) with a study."
    )
    async def indicator_define(
        self,
        info: Info[SurveysContext, None],
        input: Annotated[
            IndicatorDefineInput, strawberry.argument(description="The indicator to define.")
        ],
    ) -> IndicatorPayload:
        session = info.context.session

        async def define() -> IndicatorRow:
            study = await study_service.visible_study(
                session, info.context.actor, local_id(input.study_id, "Study", field="studyId")
            )
            return await service.define_indicator(
                session, info.context.actor, study, input.to_create()
            )

        row, error = await run_mutation(session, define)
        if row is None:
            return IndicatorPayload(
                indicator=None, errors=mutation_errors(error, info.context.language)
            )
        definition = IndicatorDefinition(
            code=row.code,
            label=row.label.get(info.context.language) or row.label.get("de"),
            numerator=JSON(row.numerator),
            denominator=JSON(row.denominator),
            public=row.public,
        )
        return IndicatorPayload(indicator=definition, errors=[])

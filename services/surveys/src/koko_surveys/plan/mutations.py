"""`tablePlanDefine`: coordinators of a study's region store a new version of its table plan.
Expected failures come back as `errors: [{field, code, message}]`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from koko_shared.graphql.ids import local_id
from koko_shared.graphql.mutations import mutation_errors, run_mutation
from koko_shared.graphql.schema import MutationError
from koko_surveys.analytics import results
from koko_surveys.analytics.types import Dimension
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.plan import service
from koko_surveys.plan.models import TablePlan as TablePlanRow
from koko_surveys.plan.types import TablePlan
from koko_surveys.study import service as study_service


@strawberry.input(description="A new version of a study's table plan.")
class TablePlanDefineInput:
    study_id: strawberry.ID = strawberry.field(description="Global id of the study.")
    indicators: JSON = strawberry.field(
        description="[{code, question, label?, categories?}]: categorical questions (select_one, "
        "boolean: categories {code, label?, values}; scale, integer: bands {code, label?, "
        "minimum, maximum}); select_one and boolean default to one category per answer."
    )
    breakdowns: list[list[Dimension]] = strawberry.field(  # type: ignore[valid-type]
        description="Breakdowns allowed besides the total, each 1-3 of AREA, COHORT, "
        "ORIGIN_GROUP, AGE_GROUP, SEX."
    )
    code_lists: JSON | None = strawberry.field(
        default=None,
        description='Fixed codes of the open dimensions: {"area": [...], "origin_group": [...]} '
        "(needed when a breakdown uses them).",
    )

    def to_create(self) -> service.NewTablePlan:
        return service.NewTablePlan(
            indicators=self.indicators,
            breakdowns=[[results.Dimension(d).value for d in b] for b in self.breakdowns],
            code_lists=self.code_lists,
        )


@strawberry.type(description="Result of tablePlanDefine.")
class TablePlanPayload:
    plan: TablePlan | None = strawberry.field(description="The new version; null on failure.")
    waves: list[str] = strawberry.field(
        description="Codes of the waves that publish this version (not yet in the field, or "
        "without a plan before)."
    )
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )


@strawberry.type
class TablePlanMutations:
    @strawberry.mutation(
        description="Define a new version of a study's table plan (coordinators of the region; "
        "audited). It applies to waves whose field has not opened yet."
    )
    async def table_plan_define(
        self,
        info: Info[SurveysContext, None],
        input: Annotated[TablePlanDefineInput, strawberry.argument(description="The plan.")],
    ) -> TablePlanPayload:
        session = info.context.session

        async def define() -> tuple[TablePlanRow, list[str]]:
            study = await study_service.visible_study(
                session, info.context.actor, local_id(input.study_id, "Study", field="studyId")
            )
            return await service.define(session, info.context.actor, study, input.to_create())

        result, error = await run_mutation(session, define)
        if result is None:
            return TablePlanPayload(
                plan=None, waves=[], errors=mutation_errors(error, info.context.language)
            )
        plan, waves = result
        return TablePlanPayload(plan=TablePlan.from_row(plan), waves=waves, errors=[])

"""Mutations of studies: `studyCreate`.
Expected failures come back as `errors: [{field, code, message}]`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_shared.graphql.mutations import mutation_errors, run_mutation
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.graphql.json_inputs import texts
from koko_surveys.study import service
from koko_surveys.study.inputs import StudyCreateInput
from koko_surveys.study.models import Study as StudyRow
from koko_surveys.study.payloads import StudyPayload
from koko_surveys.study.types import Study


@strawberry.type
class StudyMutations:
    @strawberry.mutation(description="Create a study of a region with its disclosure settings.")
    async def study_create(
        self,
        info: Info[SurveysContext, None],
        input: Annotated[StudyCreateInput, strawberry.argument(description="The study to create.")],
    ) -> StudyPayload:
        session = info.context.session

        async def create() -> StudyRow:
            return await service.create_study(
                session,
                info.context.actor,
                region_ars=input.region_ars,
                code=input.code,
                title=texts(input.title, "title"),
                kind=input.kind,
                aggregates_public=input.aggregates_public,
                min_cell_count=input.min_cell_count,
                min_rate_denominator=input.min_rate_denominator,
                k_anonymity=input.k_anonymity,
                retention_days=input.retention_days,
                release_min_submissions=input.release_min_submissions,
            )

        row, error = await run_mutation(session, create)
        return StudyPayload(
            study=Study.from_row(row) if row else None,
            errors=mutation_errors(error, info.context.language),
        )

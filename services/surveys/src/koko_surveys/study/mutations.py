"""Mutations of studies: `studyCreate`.
Expected failures come back as `errors: [{field, code, message}]`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from koko_shared.graphql.mutations import mutation_errors, run_mutation
from koko_shared.graphql.schema import MutationError
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.graphql.json_inputs import texts
from koko_surveys.study import service
from koko_surveys.study.models import Study as StudyRow
from koko_surveys.study.types import Study


@strawberry.input(description="A new study of a region with its disclosure settings.")
class StudyCreateInput:
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits) of the study's region."
    )
    code: str = strawberry.field(description="Code of the study, unique in the region.")
    title: JSON = strawberry.field(description='Title by language, e.g. {"de": "Verbleib"}.')
    kind: str = strawberry.field(description="destination, intake, follow_up, employer or other.")
    aggregates_public: bool = strawberry.field(
        default=False,
        description="Whether the study's aggregates are public (visible without a role).",
    )
    min_cell_count: int = strawberry.field(
        default=3, description="Smallest count shown; smaller counts are suppressed (at least 3)."
    )
    min_rate_denominator: int = strawberry.field(
        default=10, description="Smallest denominator a rate is shown for (at least 10)."
    )
    k_anonymity: int = strawberry.field(
        default=5, description="Smallest group size in an export (k-anonymity, at least 5)."
    )
    retention_days: int | None = strawberry.field(
        default=None,
        description="Days after a wave closes before its submissions are deleted; null: kept.",
    )
    release_min_submissions: int = strawberry.field(
        default=10,
        description="New submissions a release needs since the previous one (at least 10).",
    )


@strawberry.type(description="Result of studyCreate.")
class StudyPayload:
    study: Study | None = strawberry.field(description="The study; null on failure.")
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )


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

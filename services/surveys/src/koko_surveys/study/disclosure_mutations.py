"""`studyDisclosureUpdate`: an admin changes a study's disclosure parameters, never below the
floors (BELOW_FLOOR); every change is audited and listed in `Study.disclosureChanges`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_shared.graphql.ids import local_id
from koko_shared.graphql.mutations import mutation_errors, run_mutation
from koko_shared.graphql.schema import MutationError
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.instrument import repository as instrument_repository
from koko_surveys.study import disclosure
from koko_surveys.study import service as study_service
from koko_surveys.study.models import Study as StudyRow
from koko_surveys.study.types import Study


@strawberry.input(description="Parameters to change; those left out stay as they are.")
class StudyDisclosureUpdateInput:
    study_id: strawberry.ID = strawberry.field(description="Global id of the study.")
    min_cell_count: int | None = strawberry.field(
        default=None, description="Smallest count shown (at least 3); null: unchanged."
    )
    min_rate_denominator: int | None = strawberry.field(
        default=None,
        description="Smallest denominator a rate is shown for (at least 10); null: unchanged.",
    )
    k_anonymity: int | None = strawberry.field(
        default=None, description="Smallest group size in an export (at least 5); null: unchanged."
    )
    release_min_submissions: int | None = strawberry.field(
        default=None,
        description="New submissions a release needs since the previous one (at least 10); null: "
        "unchanged.",
    )
    reviewed_free_text: list[str] | None = strawberry.field(
        default=None,
        description="Free-text questions whose answers were reviewed and may be exported on "
        "request.",
    )
    non_identifying_questions: list[str] | None = strawberry.field(
        default=None,
        description="Questions whose answers exports leave out of k (every other answer counts "
        "as identifying); null: unchanged, []: none.",
    )


@strawberry.type(description="Result of studyDisclosureUpdate.")
class StudyDisclosurePayload:
    study: Study | None = strawberry.field(
        description="The study with its new settings; null on failure."
    )
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )


@strawberry.type
class StudyDisclosureMutations:
    @strawberry.mutation(
        description="Change the disclosure parameters of a study (admins; never below the "
        "floors minCellCount 3, minRateDenominator 10, kAnonymity 5, releaseMinSubmissions 10)."
    )
    async def study_disclosure_update(
        self,
        info: Info[SurveysContext, None],
        input: Annotated[
            StudyDisclosureUpdateInput,
            strawberry.argument(description="The study and its new disclosure settings."),
        ],
    ) -> StudyDisclosurePayload:
        session = info.context.session

        async def update() -> StudyRow:
            study = await study_service.visible_study(
                session, info.context.actor, local_id(input.study_id, "Study", field="studyId")
            )
            versions = await instrument_repository.versions_of_study(session, study.id)
            return await disclosure.update(
                session,
                info.context.actor,
                study,
                numbers={
                    "min_cell_count": input.min_cell_count,
                    "min_rate_denominator": input.min_rate_denominator,
                    "k_anonymity": input.k_anonymity,
                    "release_min_submissions": input.release_min_submissions,
                },
                reviewed_free_text=input.reviewed_free_text,
                text_questions={
                    str(q.get("name"))
                    for version, _ in versions
                    for q in version.questions
                    if q.get("type") == "text"
                },
                non_identifying_questions=input.non_identifying_questions,
                answerable_questions={
                    str(q.get("name"))
                    for version, _ in versions
                    for q in version.questions
                    if q.get("type") != "note"
                },
            )

        row, error = await run_mutation(session, update)
        return StudyDisclosurePayload(
            study=Study.from_row(row) if row else None,
            errors=mutation_errors(error, info.context.language),
        )

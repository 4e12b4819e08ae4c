"""`releasePublish`: a coordinator freezes a study's figures. Expected failures come back as
`errors: [{field, code, message}]` (TOO_FEW_NEW_SUBMISSIONS, WAVE_NOT_CLOSED, ...)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_shared.graphql.ids import local_id
from koko_shared.graphql.mutations import mutation_errors, run_mutation
from koko_shared.graphql.schema import MutationError
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.release import service
from koko_surveys.release.errors import TooFewNewSubmissions
from koko_surveys.release.models import Release
from koko_surveys.release.types import StudyRelease
from koko_surveys.study import service as study_service
from koko_surveys.study.models import Study


@strawberry.input(description="What to release.")
class ReleasePublishInput:
    study_id: strawberry.ID = strawberry.field(description="Global id of the study.")
    cut_off_at: datetime | None = strawberry.field(
        default=None, description="Submissions stored up to this moment (default: now)."
    )
    wave_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only these waves; each must be closed."
    )


@strawberry.type(description="Result of releasePublish.")
class ReleasePayload:
    release: StudyRelease | None = strawberry.field(description="The new release; null on failure.")
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )


@strawberry.type
class ReleaseMutations:
    @strawberry.mutation(
        description="Publish a release of a study (coordinators). Refused unless enough "
        "submissions entered since the previous release."
    )
    async def release_publish(
        self,
        info: Info[SurveysContext, None],
        input: Annotated[
            ReleasePublishInput,
            strawberry.argument(description="The study, the cut-off and the waves to release."),
        ],
    ) -> ReleasePayload:
        session = info.context.session
        visible: list[Study] = []

        async def publish() -> Release:
            study = await study_service.visible_study(
                session, info.context.actor, local_id(input.study_id, "Study", field="studyId")
            )
            visible.append(study)
            return await service.publish(
                session,
                info.context.actor,
                study,
                cut_off_at=input.cut_off_at,
                wave_ids=[local_id(w, "Wave", field="waveIds") for w in input.wave_ids or []],
            )

        row, error = await run_mutation(session, publish)
        if isinstance(error, TooFewNewSubmissions) and visible:
            # After the rollback of the attempt, so the refusal stays in the audit log.
            await service.record_refusal(session, info.context.actor, visible[0].id, error)
        return ReleasePayload(
            release=StudyRelease.from_row(row, internal=True) if row else None,
            errors=mutation_errors(error),
        )

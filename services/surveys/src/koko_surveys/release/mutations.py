"""`waveRelease`: a coordinator releases a closed wave (or revises its release). Expected
failures come back as `errors: [{field, code, message}]` (WAVE_NOT_CLOSED, TABLE_PLAN_MISSING,
REVISION_TOO_SMALL naming the cells, RELEASE_UNCHANGED, ...)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.types import Info

from koko_shared.graphql.ids import local_id
from koko_shared.graphql.mutations import mutation_errors, run_mutation
from koko_shared.graphql.schema import MutationError
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.release import service
from koko_surveys.release.errors import ReleaseUnchanged, RevisionTooSmall
from koko_surveys.release.models import Release
from koko_surveys.release.types import StudyRelease
from koko_surveys.study import service as study_service
from koko_surveys.study.errors import StudyNotFound
from koko_surveys.wave import repository as wave_repository
from koko_surveys.wave.errors import WaveNotFound


@strawberry.input(description="The wave to release.")
class WaveReleaseInput:
    wave_id: strawberry.ID = strawberry.field(description="Global id of the wave (closed).")


@strawberry.type(description="Result of waveRelease.")
class ReleasePayload:
    release: StudyRelease | None = strawberry.field(description="The new release; null on failure.")
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )


@strawberry.type
class ReleaseMutations:
    @strawberry.mutation(
        description="Release a closed wave (coordinators of the study's region): every table of "
        "the wave's table plan is computed once and its published values stored. Releasing a "
        "released wave again is a revision, refused unless every cell whose value would change "
        "changed by at least the study's minimum number of people."
    )
    async def wave_release(
        self,
        info: Info[SurveysContext, None],
        input: Annotated[WaveReleaseInput, strawberry.argument(description="The wave.")],
    ) -> ReleasePayload:
        session = info.context.session
        studies: list[UUID] = []

        async def release() -> Release:
            wave_id = local_id(input.wave_id, "Wave", field="waveId")
            wave = await wave_repository.get_wave(session, wave_id)
            if wave is None:
                raise WaveNotFound(wave_id)
            try:
                study = await study_service.visible_study(
                    session, info.context.actor, wave.study_id
                )
            except StudyNotFound:
                raise WaveNotFound(wave_id) from None
            studies.append(study.id)
            return await service.release_wave(session, info.context.actor, study, wave.id)

        row, error = await run_mutation(session, release)
        if isinstance(error, RevisionTooSmall | ReleaseUnchanged) and studies:
            # After the rollback of the attempt, so the refusal stays in the audit log.
            await service.record_refusal(session, info.context.actor, studies[0], error)
        return ReleasePayload(
            release=StudyRelease.from_row(row, internal=True) if row else None,
            errors=mutation_errors(error, info.context.language),
        )

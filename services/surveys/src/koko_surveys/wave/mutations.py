"""Mutation of waves: `waveCreate`. Expected failures come back as
`errors: [{field, code, message}]`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_shared.graphql.ids import local_id
from koko_shared.graphql.mutations import mutation_errors, run_mutation
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.study import service as study_service
from koko_surveys.wave import service
from koko_surveys.wave.inputs import WaveCreateInput
from koko_surveys.wave.models import Wave as WaveRow
from koko_surveys.wave.payloads import WavePayload
from koko_surveys.wave.types import Wave


@strawberry.type
class WaveMutations:
    @strawberry.mutation(description="Add a wave with its field window and instrument versions.")
    async def wave_create(
        self,
        info: Info[SurveysContext, None],
        input: Annotated[
            WaveCreateInput, strawberry.argument(description="The wave to add to a study.")
        ],
    ) -> WavePayload:
        session = info.context.session

        async def create() -> WaveRow:
            study = await study_service.visible_study(
                session, info.context.actor, local_id(input.study_id, "Study", field="studyId")
            )
            return await service.create_wave(
                session,
                info.context.actor,
                study,
                code=input.code,
                label=input.label,
                position=input.position,
                reference_date=input.reference_date,
                field_opens_date=input.field_opens_date,
                field_closes_date=input.field_closes_date,
                instrument_version_ids=[
                    local_id(v, "InstrumentVersion", field="instrumentVersionIds")
                    for v in input.instrument_version_ids
                ],
                required_consent_scopes=input.required_consent_scopes,
            )

        row, error = await run_mutation(session, create)
        return WavePayload(
            wave=Wave.from_row(row) if row else None,
            errors=mutation_errors(error, info.context.language),
        )

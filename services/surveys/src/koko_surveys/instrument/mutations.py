"""Mutation of instruments: `instrumentPublish`. Expected failures come back as
`errors: [{field, code, message}]`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from koko_shared.graphql.ids import local_id, to_global_id
from koko_shared.graphql.mutations import mutation_errors, run_mutation
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.graphql.json_inputs import texts
from koko_surveys.instrument import service
from koko_surveys.instrument.inputs import InstrumentPublishInput
from koko_surveys.instrument.models import Instrument as InstrumentRow
from koko_surveys.instrument.models import InstrumentVersion as InstrumentVersionRow
from koko_surveys.instrument.payloads import InstrumentPayload
from koko_surveys.instrument.types import InstrumentVersion
from koko_surveys.study import service as study_service


@strawberry.type
class InstrumentMutations:
    @strawberry.mutation(
        description="Publish a new immutable instrument version from question specs."
    )
    async def instrument_publish(
        self,
        info: Info[SurveysContext, None],
        input: Annotated[
            InstrumentPublishInput,
            strawberry.argument(description="The instrument version to publish."),
        ],
    ) -> InstrumentPayload:
        session = info.context.session

        async def publish() -> tuple[InstrumentRow, InstrumentVersionRow]:
            study = await study_service.visible_study(
                session, info.context.actor, local_id(input.study_id, "Study", field="studyId")
            )
            new = service.NewInstrumentVersion(
                code=input.code,
                questions=service.QuestionList.parse(input.questions),
                title=texts(input.title, "title"),
            )
            return await service.publish(session, info.context.actor, study, new)

        published, error = await run_mutation(session, publish)
        if published is None:
            return InstrumentPayload(
                instrument_version=None, errors=mutation_errors(error, info.context.language)
            )
        instrument, version = published
        return InstrumentPayload(
            instrument_version=InstrumentVersion(
                id=strawberry.ID(to_global_id("InstrumentVersion", version.id)),
                instrument=instrument.code,
                version=version.version,
                reference=f"{instrument.code}@{version.version}",
                form_version=version.form_version,
                questions=JSON(version.questions),
            ),
            errors=[],
        )

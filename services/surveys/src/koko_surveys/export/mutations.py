"""`studyPanelAccessGrant`, `studyPanelAccessRevoke`: an admin allows (or stops) an analyst
receiving a study's waves linked per person; audited."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from koko_shared.auth.actor import Actor
from koko_shared.graphql.ids import local_id
from koko_shared.graphql.mutations import mutation_errors, run_mutation
from koko_surveys.export import access
from koko_surveys.export.types import (
    PanelAccessGrant,
    StudyPanelAccessInput,
    StudyPanelAccessPayload,
)
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.study import service as study_service
from koko_surveys.study.models import Study

Change = Callable[[AsyncSession, Actor, Study, str], Awaitable[None]]


async def _change(
    info: Info[SurveysContext, None], input: StudyPanelAccessInput, change: Change
) -> StudyPanelAccessPayload:
    session, actor = info.context.session, info.context.actor

    async def run() -> list[PanelAccessGrant]:
        study = await study_service.visible_study(
            session, actor, local_id(input.study_id, "Study", field="studyId")
        )
        await change(session, actor, study, input.analyst)
        return [
            PanelAccessGrant(analyst=g.analyst, granted_by=g.granted_by, granted_at=g.granted_at)
            for g in await access.grants(session, actor, study)
        ]

    grants, error = await run_mutation(session, run)
    return StudyPanelAccessPayload(
        panel_access=grants, errors=mutation_errors(error, info.context.language)
    )


@strawberry.type
class PanelAccessMutations:
    @strawberry.mutation(
        description="Allow an analyst to receive the study's waves linked per person in "
        "microdata exports (admins of the study's region; audited)."
    )
    async def study_panel_access_grant(
        self,
        info: Info[SurveysContext, None],
        input: Annotated[
            StudyPanelAccessInput,
            strawberry.argument(description="The study and the analyst."),
        ],
    ) -> StudyPanelAccessPayload:
        return await _change(info, input, access.grant)

    @strawberry.mutation(
        description="Stop an analyst receiving the study's waves linked (admins; audited)."
    )
    async def study_panel_access_revoke(
        self,
        info: Info[SurveysContext, None],
        input: Annotated[
            StudyPanelAccessInput,
            strawberry.argument(description="The study and the analyst."),
        ],
    ) -> StudyPanelAccessPayload:
        return await _change(info, input, access.revoke)

"""Root fields of published aggregates: `indicator` and `transitions`."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from koko_shared.graphql.ids import local_id
from koko_surveys.analytics import service
from koko_surveys.analytics.types import Dimension, IndicatorTable, TransitionMatrix
from koko_surveys.graphql.context import SurveysContext


@strawberry.type
class AnalyticsQueries:
    @strawberry.field(
        description="An indicator of a study per wave, broken down by up to three dimensions: "
        "live figures for analysts of the region, else the latest release (or `releaseId`)."
    )
    async def indicator(
        self,
        info: Info[SurveysContext, None],
        study_id: strawberry.ID,
        code: str,
        wave_id: strawberry.ID | None = None,
        by: list[Dimension] | None = None,  # type: ignore[valid-type]
        region_ars: str | None = None,
        release_id: strawberry.ID | None = None,
    ) -> IndicatorTable:
        session = info.context.session
        result = await service.indicator(
            session,
            info.context.actor,
            study_id=local_id(study_id, "Study", field="studyId"),
            code=code,
            wave_id=local_id(wave_id, "Wave", field="waveId") if wave_id else None,
            by=list(by or []),
            region_ars=region_ars,
            release_id=local_id(release_id, "StudyRelease", field="releaseId")
            if release_id
            else None,
        )
        return IndicatorTable.from_result(result, info.context.language)

    @strawberry.field(description="Transition matrix of a select_one question between two waves.")
    async def transitions(
        self,
        info: Info[SurveysContext, None],
        study_id: strawberry.ID,
        from_wave_id: strawberry.ID,
        to_wave_id: strawberry.ID,
        question: str,
        release_id: strawberry.ID | None = None,
    ) -> TransitionMatrix:
        session = info.context.session
        result = await service.transitions(
            session,
            info.context.actor,
            study_id=local_id(study_id, "Study", field="studyId"),
            from_wave_id=local_id(from_wave_id, "Wave", field="fromWaveId"),
            to_wave_id=local_id(to_wave_id, "Wave", field="toWaveId"),
            question=question,
            release_id=local_id(release_id, "StudyRelease", field="releaseId")
            if release_id
            else None,
        )
        return TransitionMatrix.from_result(result, info.context.language)

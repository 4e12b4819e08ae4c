"""Root fields of published aggregates: `indicator` and `transitions`."""

from __future__ import annotations

from typing import Annotated

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
        study_id: Annotated[
            strawberry.ID, strawberry.argument(description="Global id of the study.")
        ],
        code: Annotated[
            str,
            strawberry.argument(
                description="Code of the indicator, as defined with indicatorDefine."
            ),
        ],
        wave_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only this wave; left out: the latest wave, unless broken down by WAVE."
            ),
        ] = None,
        by: Annotated[
            list[Dimension] | None,  # type: ignore[valid-type]
            strawberry.argument(
                description="Dimensions to break the figures down by (at most three, each once)."
            ),
        ] = None,
        region_ars: Annotated[
            str | None,
            strawberry.argument(
                description="Only interviews in this region and the regions inside it (12-digit "
                "Regionalschlüssel)."
            ),
        ] = None,
        release_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Figures of this release instead of the latest one."),
        ] = None,
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
        study_id: Annotated[
            strawberry.ID, strawberry.argument(description="Global id of the study.")
        ],
        from_wave_id: Annotated[
            strawberry.ID, strawberry.argument(description="The earlier wave (rows of the matrix).")
        ],
        to_wave_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The later wave (columns of the matrix)."),
        ],
        question: Annotated[
            str, strawberry.argument(description="Name of the select_one question.")
        ],
        release_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Figures of this release instead of the latest one."),
        ] = None,
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

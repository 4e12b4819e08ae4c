"""A monitoring report: the figures of one survey release and the public catalogue at a date,
all read through the gateway (nothing computed from this service's own tables), made for the
region's coordinators only."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from koko_offers.authorization import is_coordinator
from koko_offers.monitoring import areas, catalogue_figures, survey_figures, wording
from koko_offers.monitoring.figures import (
    AreaRate,
    CatalogueFigures,
    IndicatorByArea,
    SurveyFigures,
)
from koko_offers.monitoring.gateway import PublicApi
from koko_shared.auth.actor import Actor
from koko_shared.errors import PermissionDenied, Unauthenticated

# The select_one question whose answers flow from wave to wave (the school leavers' destination).
DEFAULT_QUESTION = "destination"


@dataclass(frozen=True, slots=True)
class Report:
    language: str
    on: date
    made_at: datetime
    survey: SurveyFigures
    catalogue: CatalogueFigures

    @property
    def words(self) -> dict[str, str]:
        return wording.words(self.language)


async def make(
    api: PublicApi,
    caller: Actor,
    *,
    region_ars: str,
    study_id: str,
    release: str,
    on: date,
    question: str = DEFAULT_QUESTION,
) -> Report:
    """The report of `region_ars`, for the region's coordinators (nothing is asked of the
    gateway for anybody else)."""
    if caller.is_public:
        raise Unauthenticated("the monitoring report is for the region's coordinators")
    if not is_coordinator(caller, region_ars):
        raise PermissionDenied("only coordinators of the region make its monitoring report")
    # The region first: an unknown region is a 404 before anything else is asked.
    catalogue = await catalogue_figures.read(api, region_ars=region_ars, on=on)
    survey = await survey_figures.read(
        api,
        study_id=study_id,
        release=release,
        question=question,
        total_label=wording.words(api.language)["total"],
    )
    areas.check_covers(survey.study_region_ars, region_ars)
    names = catalogue.area_names
    if region_ars != survey.study_region_ars and areas.inside(region_ars, survey.study_region_ars):
        # A region inside the study's: only the released cells of its own areas are its figures.
        study_region = await areas.study_region(api, survey.study_region_ars)
        names = areas.areas_of(study_region, region_ars)
        total = wording.words(api.language)["study_region_total"].format(name=study_region.name)
        survey = replace(
            survey,
            indicators=[_narrowed(i, names, total) for i in survey.indicators],
            study_region_name=study_region.name,
        )
        if not any(i.rows for i in survey.indicators):
            survey = replace(survey, indicators=[])
    survey = replace(survey, indicators=[_named(i, names, api.language) for i in survey.indicators])
    return Report(
        language=api.language,
        on=on,
        made_at=datetime.now(UTC),
        survey=survey,
        catalogue=catalogue,
    )


def _narrowed(indicator: IndicatorByArea, names: dict[str, str], total: str) -> IndicatorByArea:
    """The rows of the region's own areas; the total stays the study region's (so labelled)."""
    return replace(
        indicator,
        rows=[r for r in indicator.rows if r.area_code in names],
        total=replace(indicator.total, area_label=total),
    )


def _named(indicator: IndicatorByArea, names: dict[str, str], language: str) -> IndicatorByArea:
    """The survey API knows areas by code; the catalogue names them."""

    def named(row: AreaRate) -> AreaRate:
        if row.area_code is None:
            return row
        label = names.get(row.area_code) or row.area_label or row.area_code
        return replace(row, area_label=label)

    return replace(indicator, rows=[named(row) for row in indicator.rows])

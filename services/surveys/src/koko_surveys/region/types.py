"""What surveys adds to entities owned by offers: `Region` (demand, language-course gap,
studies) and `Offer` (disclosure-controlled outcomes of its participants)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated, Any, Self

import strawberry
from strawberry.types import Info

from koko_surveys.analytics import regional
from koko_surveys.analytics.types import FigureSign, IndicatorValue
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.i18n import pick
from koko_surveys.region import service as region_service
from koko_surveys.region.loaders import demand_by_region
from koko_surveys.study import repository as study_repository
from koko_surveys.study.types import Study


@strawberry.federation.type(shareable=True)
class LanguageCourseSupply:
    course_type_code: str = strawberry.field(
        description="Code of the course type (dated code list), e.g. BAMF_IK_ALLG."
    )
    level: str = strawberry.field(
        description="CEFR level the course leads to: A1, A2, B1, B2, C1, C2."
    )
    start_level: str = strawberry.field(
        description="CEFR level learners begin to learn in the course: the one after its entry "
        "level, A1 without one (an integration course leads to B1 but is where beginners "
        "start). Comparable with the level of language-course demand."
    )
    upcoming_starts: int = strawberry.field(
        description="Course runs starting within the next 26 weeks that accept registrations."
    )
    free_seats: int = strawberry.field(
        description="Free seats summed over those runs that have a seat maximum; runs without "
        "one (seats not limited) count in upcomingStarts only."
    )


@strawberry.type(
    description="Newcomers still needing a language course at a level (disclosure-controlled)."
)
class LanguageCourseDemand:
    level: str = strawberry.field(description="CEFR level of the course needed.")
    newcomers: int | None = strawberry.field(
        description="Newcomers needing it (perturbed); null when withheld."
    )
    suppressed: bool = strawberry.field(
        description="Whether the figure is withheld by disclosure control."
    )
    sign: FigureSign = strawberry.field(  # type: ignore[valid-type]
        description="How the figure is marked (VALUE, SECRET or NOTHING)."
    )


@strawberry.type(
    description="Demand against supply at one CEFR level: gap = demand - freeSeats. Both sides "
    "count by the level learners begin to learn at (demand: the level newcomers need next; "
    "supply: the course's startLevel, not the level it leads to)."
)
class LanguageCourseGap:
    level: str = strawberry.field(description="CEFR level: A1, A2, B1, B2, C1, C2.")
    demand: int | None = strawberry.field(
        description="Newcomers who need a course starting at this level (null when suppressed "
        "by disclosure control)."
    )
    free_seats: int = strawberry.field(
        description="Free seats of upcoming courses starting at this level."
    )
    upcoming_starts: int = strawberry.field(
        description="Upcoming course runs starting at this level (next 26 weeks)."
    )
    gap: int | None = strawberry.field(
        description="demand - freeSeats: positive when seats are missing (null when demand is)."
    )


def _supply_items(raw: Any) -> list[LanguageCourseSupply]:
    items: list[LanguageCourseSupply] = []
    for item in raw or []:
        if isinstance(item, LanguageCourseSupply):
            items.append(item)
        elif isinstance(item, dict):
            items.append(
                LanguageCourseSupply(
                    course_type_code=str(item.get("courseTypeCode", "")),
                    level=str(item.get("level", "")),
                    start_level=str(item.get("startLevel", "")),
                    upcoming_starts=int(item.get("upcomingStarts") or 0),
                    free_seats=int(item.get("freeSeats") or 0),
                )
            )
    return items


@strawberry.federation.type(keys=["ars"], description="A state, district or municipality by ARS.")
class Region:
    ars: str
    # `Region.supply` of the offers subgraph as the gateway sends it for `languageCourseGap`.
    supplied: strawberry.Private[list[LanguageCourseSupply]] = dataclasses.field(
        default_factory=list
    )

    @classmethod
    def resolve_reference(cls, ars: str, supply: Any = None, **_: Any) -> Self:
        return cls(ars=ars, supplied=_supply_items(supply))

    @strawberry.federation.field(external=True)
    def supply(
        self,
        on: Annotated[
            date | None,
            strawberry.argument(description="First day of the 26-week window; left out: today."),
        ] = None,
    ) -> list[LanguageCourseSupply]:
        """Owned by offers (declared here with its argument, as federation asks)."""
        return self.supplied

    @strawberry.field(
        description="Newcomers still needing a language course, by level (from intake studies)."
    )
    async def demand(self, info: Info[SurveysContext, None]) -> list[LanguageCourseDemand] | None:
        results = await demand_by_region(info.context).load(self.ars)
        return [
            LanguageCourseDemand(
                level=r.level, newcomers=r.newcomers, suppressed=r.newcomers is None, sign=r.sign
            )
            for r in results
        ]

    @strawberry.federation.field(
        description="Language-course demand against the offers' supply, by level.",
        requires=["supply { courseTypeCode level startLevel upcomingStarts freeSeats }"],
    )
    async def language_course_gap(
        self, info: Info[SurveysContext, None]
    ) -> list[LanguageCourseGap] | None:
        supply = [
            region_service.Supply(item.start_level, item.upcoming_starts, item.free_seats)
            for item in self.supplied
        ]
        demand = await demand_by_region(info.context).load(self.ars)
        gaps = region_service.language_course_gap(demand, supply)
        return [
            LanguageCourseGap(
                level=g.level,
                demand=g.demand,
                free_seats=g.free_seats,
                upcoming_starts=g.upcoming_starts,
                gap=g.gap,
            )
            for g in gaps
        ]

    @strawberry.field(
        description="Studies run in this region (or inside it) that the caller may see."
    )
    async def studies(self, info: Info[SurveysContext, None]) -> list[Study] | None:
        rows = await study_repository.visible_for_region(
            info.context.session, info.context.actor, self.ars
        )
        return [Study.from_row(r) for r in rows]


@strawberry.type(description="An indicator over the latest interview of an offer's participants.")
class OfferOutcome:
    study: Study = strawberry.field(description="The study the figure comes from.")
    indicator_code: str = strawberry.field(description="Code of the indicator.")
    label: str | None = strawberry.field(
        description="Label of the indicator in the request language; null when it has none."
    )
    value: IndicatorValue = strawberry.field(description="The figures.")


@strawberry.federation.type(keys=["id"], description="An education offer (owned by offers).")
class Offer:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, **_: Any) -> Self:
        return cls(id=id)

    @strawberry.field(
        description="Outcome indicators of this offer's participants (disclosure-controlled)."
    )
    async def outcomes(self, info: Info[SurveysContext, None]) -> list[OfferOutcome] | None:
        session = info.context.session
        results = await regional.offer_outcomes(session, info.context.actor, str(self.id))
        return [
            OfferOutcome(
                study=Study.from_row(r.study),
                indicator_code=r.definition.code,
                label=pick(r.definition.label, info.context.language),
                value=IndicatorValue.from_cell(r.cell),
            )
            for r in results
        ]

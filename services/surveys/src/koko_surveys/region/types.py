"""What surveys adds to entities owned by offers: `Region` (demand, language-course gap,
studies) and `Offer` (disclosure-controlled outcomes of its participants)."""

from __future__ import annotations

from typing import Any, Self

import strawberry
from strawberry.types import Info

from koko_shared.auth.actor import ars_prefix
from koko_surveys import authorization
from koko_surveys.analytics import regional
from koko_surveys.analytics.types import FigureSign, IndicatorValue
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.i18n import pick
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
    level: str
    newcomers: int | None
    suppressed: bool
    sign: FigureSign  # type: ignore[valid-type]


@strawberry.type(description="Demand against supply per level: gap = demand - freeSeats.")
class LanguageCourseGap:
    level: str
    demand: int | None
    free_seats: int
    upcoming_starts: int
    gap: int | None


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
                    upcoming_starts=int(item.get("upcomingStarts") or 0),
                    free_seats=int(item.get("freeSeats") or 0),
                )
            )
    return items


def _gap(demand: int | None, free_seats: int) -> int | None:
    return None if demand is None else demand - free_seats


@strawberry.federation.type(keys=["ars"], description="A state, district or municipality by ARS.")
class Region:
    ars: str
    supply: list[LanguageCourseSupply] = strawberry.federation.field(
        external=True, default_factory=list
    )

    @classmethod
    def resolve_reference(cls, ars: str, supply: Any = None, **_: Any) -> Self:
        return cls(ars=ars, supply=_supply_items(supply))

    @strawberry.field(
        description="Newcomers still needing a language course, by level (from intake studies)."
    )
    async def demand(self, info: Info[SurveysContext, None]) -> list[LanguageCourseDemand] | None:
        async with info.context.db() as session:
            results = await regional.language_demand(session, info.context.actor, self.ars)
        return [
            LanguageCourseDemand(
                level=r.level, newcomers=r.newcomers, suppressed=r.newcomers is None, sign=r.sign
            )
            for r in results
        ]

    @strawberry.federation.field(
        description="Language-course demand against the offers' supply, by level.",
        requires=["supply { courseTypeCode level upcomingStarts freeSeats }"],
    )
    async def language_course_gap(
        self, info: Info[SurveysContext, None]
    ) -> list[LanguageCourseGap] | None:
        async with info.context.db() as session:
            demand = {
                r.level: r.newcomers
                for r in await regional.language_demand(session, info.context.actor, self.ars)
            }
        seats: dict[str, int] = {}
        starts: dict[str, int] = {}
        for item in self.supply or []:
            seats[item.level] = seats.get(item.level, 0) + item.free_seats
            starts[item.level] = starts.get(item.level, 0) + item.upcoming_starts
        levels = [level for level in regional.CEFR_LEVELS if level in demand or level in seats]
        return [
            LanguageCourseGap(
                level=level,
                demand=demand.get(level),
                free_seats=seats.get(level, 0),
                upcoming_starts=starts.get(level, 0),
                gap=_gap(demand.get(level), seats.get(level, 0)),
            )
            for level in levels
        ]

    @strawberry.field(
        description="Studies run in this region (or inside it) that the caller may see."
    )
    async def studies(self, info: Info[SurveysContext, None]) -> list[Study] | None:
        prefix = ars_prefix(self.ars)
        async with info.context.db() as session:
            rows = await study_repository.in_regions(session, [prefix[:2]])
        # Studies inside this region, and studies of a larger region that covers it.
        return [
            Study.from_row(r)
            for r in rows
            if (r.region_ars.startswith(prefix) or prefix.startswith(ars_prefix(r.region_ars)))
            and authorization.can_see(info.context.actor, r)
        ]


@strawberry.type(description="An indicator over the latest interview of an offer's participants.")
class OfferOutcome:
    study: Study
    indicator_code: str
    label: str | None
    value: IndicatorValue


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
        async with info.context.db() as session:
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

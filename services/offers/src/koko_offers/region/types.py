"""GraphQL types of regions and areas; `Region` is the federated entity keyed by ARS."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Self

import strawberry
from strawberry.types import Info

from koko_offers.course_run.loaders import language_course_supply
from koko_offers.graphql.context import OffersContext
from koko_offers.region.loaders import areas_of_region, region_by_ars
from koko_offers.region.models import Area as AreaRow
from koko_offers.region.models import Region as RegionRow
from koko_shared.errors import InvalidInput

# The days a supply window may start on (as the monitoring report's date).
SUPPLY_DAYS = (date(2000, 1, 1), date(2100, 12, 31))


@strawberry.type(description="A sub-municipal area a city defines itself (Stadtteil, Sozialraum).")
class Area:
    code: str = strawberry.field(description="Code of the area, unique in its region.")
    name: str = strawberry.field(description="Name of the area (Stadtteil / Sozialraum).")
    lat: float | None = strawberry.field(
        description="Latitude of the area's centre in decimal degrees; null when not known."
    )
    lon: float | None = strawberry.field(
        description="Longitude of the area's centre in decimal degrees; null when not known."
    )

    @classmethod
    def from_row(cls, row: AreaRow) -> Self:
        return cls(code=row.code, name=row.name, lat=row.lat, lon=row.lon)


@strawberry.federation.type(
    shareable=True,
    description="Language course runs of one course type (with its target and start level) in a "
    "region.",
)
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


@strawberry.federation.type(keys=["ars"], description="A state, district or municipality by ARS.")
class Region:
    ars: str = strawberry.field(description="Amtlicher Regionalschlüssel (12 digits).")
    name: str = strawberry.field(description="Name of the region.")
    level: str = strawberry.field(description="state, district or municipality.")
    parent_ars: str | None = strawberry.field(
        description="Regionalschlüssel of the region above; null for a top-level region."
    )

    @classmethod
    def from_row(cls, row: RegionRow) -> Self:
        return cls(ars=row.ars, name=row.name, level=row.level, parent_ars=row.parent_ars)

    @classmethod
    async def resolve_reference(cls, info: Info[OffersContext, None], ars: str) -> Self | None:
        # A batch of Region entities from the gateway loads in one query.
        row = await region_by_ars(info.context).load(ars)
        return cls.from_row(row) if row else None

    @strawberry.field(
        description="The areas (Stadtteile / Sozialräume) the region is divided into."
    )
    async def areas(self, info: Info[OffersContext, None]) -> list[Area]:
        return [Area.from_row(a) for a in await areas_of_region(info.context).load(self.ars)]

    @strawberry.field(
        description="Published language course runs of the region and the regions inside it, "
        "by course type and target level: those starting in the 26 weeks from `on` (default "
        "today) that accept registrations then; for a past day, those not cancelled."
    )
    async def supply(
        self,
        info: Info[OffersContext, None],
        on: Annotated[
            date | None,
            strawberry.argument(
                description="First day of the 26-week window (2000-01-01 to 2100-12-31); left "
                "out: today."
            ),
        ] = None,
    ) -> list[LanguageCourseSupply]:
        if on is not None and not SUPPLY_DAYS[0] <= on <= SUPPLY_DAYS[1]:
            raise InvalidInput("on must lie between 2000-01-01 and 2100-12-31", field="on")
        rows = await language_course_supply(info.context, on).load(self.ars)
        return [
            LanguageCourseSupply(
                course_type_code=r.course_type_code,
                level=r.level,
                start_level=r.start_level,
                upcoming_starts=r.upcoming_starts,
                free_seats=r.free_seats,
            )
            for r in rows
        ]

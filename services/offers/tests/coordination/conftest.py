"""Fixtures of the planning, report, feed and webhook tests: a small catalogue factory that writes
rows through the SQLModel models (independent of the demo data and the mutations)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.course_run.models import CourseRun
from koko_offers.course_type.models import CourseType
from koko_offers.location.models import Location
from koko_offers.offer import repository as offer_repository
from koko_offers.offer.models import Offer
from koko_offers.provider.models import Provider
from koko_offers.region.models import Area, Region
from koko_offers.taxonomy.models import Category
from koko_offers.translation.models import Translation

MAGDEBURG = "150030000000"
BOERDE = "150830000000"
STATE = "150000000000"
LABELS = {
    "BAMF_IK_ALLG": "Allgemeiner Integrationskurs",
    "BAMF_IK_JUGEND": "Jugendintegrationskurs",
    "BSK_A2": "Berufssprachkurs A2",
    "BSK_B2": "Berufssprachkurs B2",
}
NAMES = {MAGDEBURG: "Magdeburg", BOERDE: "Landkreis Börde", STATE: "Sachsen-Anhalt"}


@dataclass
class Catalogue:
    """Creates regions, providers, locations, course types, offers and runs on demand."""

    session: AsyncSession
    course_types: dict[str, CourseType] = field(default_factory=dict)
    categories: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)

    async def region(
        self, ars: str = MAGDEBURG, name: str | None = None, **settings: Any
    ) -> Region:
        existing = await self.session.get(Region, ars)
        if existing is not None:
            if settings:
                existing.settings = settings
                await self.session.flush()
            return existing
        if ars != STATE and STATE not in self.regions:
            await self.region(STATE, "Sachsen-Anhalt")
        row = Region(
            ars=ars,
            name=name or NAMES.get(ars, f"Region {ars}"),
            level="state" if ars == STATE else "district",
            parent_ars=None if ars == STATE else STATE,
            lat=52.12,
            lon=11.63,
            settings=settings,
        )
        self.session.add(row)
        await self.session.flush()
        self.regions.add(ars)
        return row

    async def area(self, region_ars: str, code: str, name: str) -> Area:
        await self.region(region_ars)
        row = Area(region_ars=region_ars, code=code, name=name, lat=52.1, lon=11.6)
        self.session.add(row)
        await self.session.flush()
        return row

    async def category(self, code: str = "language_course", label: str = "Sprachkurse") -> str:
        if code not in self.categories and await self.session.get(Category, code) is None:
            self.session.add(Category(code=code, label={"de": label, "en": "Language courses"}))
            await self.session.flush()
        self.categories.add(code)
        return code

    async def course_type(
        self,
        code: str = "BAMF_IK_ALLG",
        *,
        level: str = "B1",
        family: str = "integration_course",
        label: str | None = None,
    ) -> CourseType:
        key = f"{code}:{level}"
        if key in self.course_types:
            return self.course_types[key]
        row = CourseType(
            code=code,
            family=family,
            label={"de": label or LABELS.get(code, code), "en": label or code},
            entry_level="A1" if level != "A1" else None,
            target_level=level,
            teaching_units=700,
            # (code, valid_from) is unique; one code may lead to several levels in tests.
            valid_from=date(2020, 1, 1) + timedelta(days=len(self.course_types)),
        )
        self.session.add(row)
        await self.session.flush()
        self.course_types[key] = row
        return row

    async def provider(
        self,
        region_ars: str = MAGDEBURG,
        name: str = "VHS Magdeburg",
        *,
        updated_at: datetime | None = None,
    ) -> Provider:
        await self.region(region_ars)
        row = Provider(
            region_ars=region_ars,
            name=name,
            kind="vhs",
            description=f"{name} – Sprach- und Integrationskurse",
            website="https://vhs.example.de",
            email="kurse@vhs.example.de",
            phone="+49 391 123456",
            updated_at=updated_at or datetime.now(UTC),
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def location(
        self,
        provider: Provider,
        *,
        city: str = "Magdeburg",
        area: Area | None = None,
        lat: float = 52.13,
        lon: float = 11.62,
        updated_at: datetime | None = None,
    ) -> Location:
        row = Location(
            provider_id=provider.id,
            region_ars=provider.region_ars,
            area_id=area.id if area else None,
            name=f"{provider.name} Hauptstelle",
            street="Leibnizstraße 23",
            postal_code="39104",
            city=city,
            lat=lat,
            lon=lon,
            barrier_free=True,
            updated_at=updated_at or datetime.now(UTC),
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def offer(
        self,
        provider: Provider,
        *,
        location: Location | None = None,
        course_type: CourseType | None = None,
        title: str = "Integrationskurs B1",
        status: str = "published",
        category: str | None = None,
        updated_at: datetime | None = None,
        last_confirmed_at: datetime | None = None,
        **fields: Any,
    ) -> Offer:
        row = Offer(
            region_ars=provider.region_ars,
            provider_id=provider.id,
            location_id=location.id if location else None,
            category_code=category or await self.category(),
            course_type_id=course_type.id if course_type else None,
            title=title,
            description=fields.pop("description", f"{title}: Deutsch lernen mit Zertifikat."),
            instruction_languages=fields.pop("instruction_languages", ["de"]),
            cost_options=fields.pop("cost_options", ["bamf"]),
            status=status,
            url=fields.pop("url", "https://vhs.example.de/kurse"),
            contact_email=fields.pop("contact_email", "kurse@vhs.example.de"),
            contact_phone=fields.pop("contact_phone", "+49 391 123456"),
            updated_at=updated_at or datetime.now(UTC),
            last_confirmed_at=last_confirmed_at,
            **fields,
        )
        self.session.add(row)
        await self.session.flush()
        # As every write of an offer does: searches read the vectors.
        await offer_repository.refresh_search_vectors(self.session, [row.id])
        return row

    async def run(
        self,
        offer: Offer,
        start: date,
        *,
        capacity_max: int | None = 20,
        seats_booked: int = 5,
        location: Location | None = None,
        **fields: Any,
    ) -> CourseRun:
        row = CourseRun(
            offer_id=offer.id,
            region_ars=offer.region_ars,
            location_id=(location.id if location else offer.location_id),
            start_date=start,
            end_date=fields.pop("end_date", None),
            capacity_max=capacity_max,
            seats_booked=seats_booked,
            weekly_slots=fields.pop(
                "weekly_slots",
                [
                    {"weekday": 1, "starts": "08:30", "ends": "12:45"},
                    {"weekday": 3, "starts": "08:30", "ends": "12:45"},
                ],
            ),
            status=fields.pop("status", "open"),
            capacity_updated_at=datetime.now(UTC),
            **fields,
        )
        self.session.add(row)
        await self.session.flush()
        await self.session.refresh(row)  # free_seats is computed by the database
        return row

    async def translate(self, entity: str, entity_id: UUID, field_name: str, lang: str, text: str):
        self.session.add(
            Translation(
                entity=entity,
                entity_id=entity_id,
                field=field_name,
                language=lang,
                text=text,
                source_hash="0" * 64,
            )
        )
        await self.session.flush()

    async def language_course(
        self,
        *,
        region_ars: str = MAGDEBURG,
        provider: Provider | None = None,
        code: str = "BAMF_IK_ALLG",
        level: str = "B1",
        start: date,
        city: str = "Magdeburg",
        area: Area | None = None,
        **run_fields: Any,
    ) -> tuple[Offer, CourseRun]:
        """A published language course offer of `provider` with one run starting `start`."""
        await self.region(region_ars)
        provider = provider or await self.provider(region_ars, f"Träger {uuid4().hex[:6]}")
        location = await self.location(provider, city=city, area=area)
        course_type = await self.course_type(code, level=level)
        offer = await self.offer(
            provider,
            location=location,
            course_type=course_type,
            title=f"{course_type.label['de']} {level}",
        )
        run = await self.run(offer, start, **run_fields)
        return offer, run


@pytest.fixture
async def catalogue(session: AsyncSession) -> Catalogue:
    return Catalogue(session)

"""Demo data of the offers service: the code lists, a catalogue of Magdeburg and the Landkreis
Börde with course runs over the next six months, and both regions' actor networks. Loading is
idempotent (fixed ids), so `make run` may load it on every start."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import SQLModel

from koko_offers.change_log import service as change_log
from koko_offers.code_list.labels import CATEGORY_LABELS, COURSE_TYPE_LABELS
from koko_offers.course_run.models import CourseRun
from koko_offers.course_type.models import CourseType
from koko_offers.demo.catalogue import LOCATIONS, OFFERS, PATHWAYS, PROVIDERS, RunEntry
from koko_offers.demo.network import load_networks
from koko_offers.demo.reference import CATEGORIES, COURSE_TYPES
from koko_offers.location.models import Location
from koko_offers.offer import repository as offer_repository
from koko_offers.offer.models import Offer
from koko_offers.pathway.models import Pathway, PathwayStep
from koko_offers.provider.models import Provider
from koko_offers.region import repository as region_repository
from koko_offers.region.models import Area, Region
from koko_offers.taxonomy.models import Category
from koko_offers.translation.models import Translation
from koko_shared.auth.actor import Actor
from koko_shared.demo_regions import ALL_AREAS, REGIONS

_NAMESPACE = UUID("6f1d3c1e-4b0a-5e55-9a57-6b6f6b6f6f6b")
DEMO_ACTOR = Actor(subject="demo-loader", name="Demo data")
_SLOTS: dict[str, list[dict[str, Any]]] = {
    "part_time": [{"weekday": d, "starts": "08:30", "ends": "11:45"} for d in (1, 2, 3, 4)],
    "evening": [{"weekday": d, "starts": "18:00", "ends": "20:30"} for d in (1, 3, 4)],
    "full_time": [{"weekday": d, "starts": "08:30", "ends": "14:30"} for d in (1, 2, 3, 4, 5)],
    "weekend": [{"weekday": 6, "starts": "09:00", "ends": "15:00"}],
}
# Offers whose provider has not confirmed them for a while (for the stale-offer views).
_STALE = {"awo-mbe-boerde": 75, "sv-sudenburg-fussball": 45}


def demo_id(kind: str, slug: str) -> UUID:
    return uuid5(_NAMESPACE, f"{kind}:{slug}")


def demo_provider_id() -> UUID:
    """The Volkshochschule Magdeburg, whose provider token `make run` prints."""
    return demo_id("provider", "vhs-magdeburg")


async def load_demo(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        await load_into(session)


async def load_reference(session: AsyncSession) -> dict[tuple[str, str], UUID]:
    """Only the code lists, the demo regions and their areas; returns the area ids by
    (region ARS, area code)."""
    loader = _Loader(session, date.today())
    await loader.reference_data()
    await loader.regions()
    return loader.areas


async def load_into(session: AsyncSession, *, today: date | None = None) -> int:
    """Add whatever of the demo is missing; returns how many records were added."""
    loader = _Loader(session, today or date.today())
    await loader.reference_data()
    await loader.regions()
    await loader.catalogue()
    return loader.added


class _Loader:
    def __init__(self, session: AsyncSession, today: date) -> None:
        self.session = session
        self.today = today
        self.now = datetime.now(UTC)
        self.added = 0
        self.course_types: dict[str, UUID] = {}
        self.areas: dict[tuple[str, str], UUID] = {}

    async def _add(self, row: SQLModel, *, key: Any, entity: str | None, region_ars: str) -> bool:
        """Add `row` unless a row with its key exists; log the creation of entities."""
        if await self.session.get(type(row), key) is not None:
            return False
        self.session.add(row)
        await self.session.flush()
        self.added += 1
        if entity is not None:
            await change_log.record(
                self.session,
                DEMO_ACTOR,
                entity=entity,
                entity_id=key,
                action="created",
                region_ars=region_ars,
                version=getattr(row, "version", None),
            )
        return True

    async def reference_data(self) -> None:
        for position, entry in enumerate(CATEGORIES):
            await self._add(
                Category(
                    code=entry.code,
                    parent_code=entry.parent,
                    position=position,
                    label={"de": entry.de, "en": entry.en, **CATEGORY_LABELS.get(entry.code, {})},
                ),
                key=entry.code,
                entity=None,  # code list rows have no uuid; they change with a migration
                region_ars="",
            )
        for ct in COURSE_TYPES:
            ct_id = demo_id("course_type", f"{ct.code}:{ct.valid_from}")
            self.course_types[ct.code] = ct_id
            await self._add(
                CourseType(
                    id=ct_id,
                    code=ct.code,
                    family=ct.family,
                    label={"de": ct.de, "en": ct.en, **COURSE_TYPE_LABELS.get(ct.code, {})},
                    entry_level=ct.entry_level,
                    target_level=ct.target_level,
                    teaching_units=ct.teaching_units,
                    valid_from=ct.valid_from,
                ),
                key=ct_id,
                entity=None,
                region_ars="",
            )

    async def regions(self) -> None:
        for region in REGIONS:
            await self._add(
                Region(
                    ars=region.ars,
                    name=region.name,
                    level=region.level,
                    parent_ars=region.parent_ars,
                    lat=region.lat,
                    lon=region.lon,
                ),
                key=region.ars,
                entity=None,
                region_ars=region.ars,
            )
        for area in ALL_AREAS:
            existing = await region_repository.area_by_code(
                self.session, area.region_ars, area.code
            )
            if existing is None:
                existing = Area(
                    id=demo_id("area", f"{area.region_ars}:{area.code}"),
                    region_ars=area.region_ars,
                    code=area.code,
                    name=area.name,
                    lat=area.lat,
                    lon=area.lon,
                )
                await self._add(existing, key=existing.id, entity=None, region_ars=area.region_ars)
            self.areas[(area.region_ars, area.code)] = existing.id

    async def catalogue(self) -> None:
        regions = {p.slug: p.region_ars for p in PROVIDERS}
        for p in PROVIDERS:
            await self._add(
                Provider(
                    id=demo_id("provider", p.slug),
                    region_ars=p.region_ars,
                    name=p.name,
                    kind=p.kind,
                    description=p.description,
                    bamf_provider_number=p.bamf_provider_number,
                    website=f"https://{p.slug}.example.org",
                    email=f"kontakt@{p.slug}.example.org",
                ),
                key=demo_id("provider", p.slug),
                entity="provider",
                region_ars=p.region_ars,
            )
        for loc in LOCATIONS:
            region_ars = regions[loc.provider]
            await self._add(
                Location(
                    id=demo_id("location", loc.slug),
                    provider_id=demo_id("provider", loc.provider),
                    region_ars=region_ars,
                    area_id=self.areas.get((region_ars, loc.area_code)) if loc.area_code else None,
                    name=loc.name,
                    street=loc.street,
                    postal_code=loc.postal_code,
                    city=loc.city,
                    lat=loc.lat,
                    lon=loc.lon,
                    barrier_free=loc.barrier_free,
                    transit_note=loc.transit_note,
                    appointment_only=loc.appointment_only,
                    opening_hours=[]
                    if loc.appointment_only
                    else [
                        {"weekday": d, "opens": "09:00", "closes": "16:00"} for d in (1, 2, 3, 4)
                    ],
                ),
                key=demo_id("location", loc.slug),
                entity="location",
                region_ars=region_ars,
            )
        offer_ids: list[UUID] = []
        for entry in OFFERS:
            offer_id = demo_id("offer", entry.slug)
            offer_ids.append(offer_id)
            region_ars = regions[entry.provider]
            confirmed = self.now - timedelta(days=_STALE.get(entry.slug, 3))
            created = await self._add(
                Offer(
                    id=offer_id,
                    region_ars=region_ars,
                    provider_id=demo_id("provider", entry.provider),
                    location_id=demo_id("location", entry.location) if entry.location else None,
                    category_code=entry.category,
                    course_type_id=self.course_types[entry.course_type]
                    if entry.course_type
                    else None,
                    title=entry.title,
                    description=entry.description,
                    target_groups=list(entry.target_groups),
                    min_age=entry.min_age,
                    max_age=entry.max_age,
                    residence_statuses=list(entry.residence_statuses),
                    eligibility_note=entry.eligibility_note,
                    instruction_languages=list(entry.instruction_languages),
                    support_languages=list(entry.support_languages),
                    cost_options=list(entry.cost_options),
                    fee_note=entry.fee_note,
                    childcare=entry.childcare,
                    format=entry.format,
                    status=entry.status,
                    url=f"https://{entry.provider}.example.org/{entry.slug}",
                    last_confirmed_at=confirmed if entry.status == "published" else None,
                    last_confirmed_by="demo-provider" if entry.status == "published" else None,
                ),
                key=offer_id,
                entity="offer",
                region_ars=region_ars,
            )
            if not created:
                continue
            for index, run in enumerate(entry.runs):
                await self._run(entry.slug, index, run, offer_id, region_ars)
            for language, (title, description) in entry.translations.items():
                for field, text, source in (
                    ("title", title, entry.title),
                    ("description", description, entry.description),
                ):
                    self.session.add(
                        Translation(
                            entity="offer",
                            entity_id=offer_id,
                            field=field,
                            language=language,
                            text=text,
                            # English was written with the demo; the others are unreviewed.
                            state="up_to_date" if language == "en" else "machine_translated",
                            source_hash=hashlib.sha256(source.encode()).hexdigest(),
                            translated_by="demo",
                        )
                    )
            await self.session.flush()
        await offer_repository.refresh_search_vectors(self.session, offer_ids)
        await self.pathways()
        await load_networks(self._add, demo_id, self.today)

    async def _run(
        self, slug: str, index: int, run: RunEntry, offer_id: UUID, region_ars: str
    ) -> None:
        this_monday = self.today - timedelta(days=self.today.weekday())
        start = this_monday + timedelta(weeks=run.week, days=run.weekday - 1)
        run_id = demo_id("course_run", f"{slug}:{index}")
        await self._add(
            CourseRun(
                id=run_id,
                offer_id=offer_id,
                region_ars=region_ars,
                start_date=start,
                end_date=start + timedelta(weeks=run.weeks),
                registration_deadline=start - timedelta(days=3)
                if (start - self.today).days > 3
                else None,
                weekly_slots=_SLOTS[run.time_of_day],
                time_of_day=run.time_of_day,
                capacity_max=run.capacity,
                seats_booked=run.booked,
                capacity_updated_at=self.now,
                waitlist_length=run.waitlist,
                childcare=run.childcare,
                status=run.status,
            ),
            key=run_id,
            entity="course_run",
            region_ars=region_ars,
        )

    async def pathways(self) -> None:
        for entry in PATHWAYS:
            pathway_id = demo_id("pathway", entry.slug)
            created = await self._add(
                Pathway(
                    id=pathway_id,
                    region_ars=entry.region_ars,
                    title=entry.title,
                    description=entry.description,
                    goal=entry.goal,
                    status="published",
                ),
                key=pathway_id,
                entity="pathway",
                region_ars=entry.region_ars,
            )
            if not created:
                continue
            for position, step in enumerate(entry.steps, start=1):
                self.session.add(
                    PathwayStep(
                        id=demo_id("pathway_step", f"{entry.slug}:{position}"),
                        pathway_id=pathway_id,
                        position=position,
                        title=step.title,
                        note=step.note,
                        conditions=step.conditions,
                        category_codes=list(step.categories),
                        offer_ids=[demo_id("offer", slug) for slug in step.offers],
                    )
                )
            await self.session.flush()


__all__ = [
    "DEMO_ACTOR",
    "demo_id",
    "demo_provider_id",
    "load_demo",
    "load_into",
    "load_reference",
]

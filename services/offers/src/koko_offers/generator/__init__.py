"""A synthetic catalogue of any size for benchmarks and load tests: offers spread over the
districts of Sachsen-Anhalt (most in Magdeburg), German titles built from the vocabulary of
real offer lists, translations, locations in the Stadtteile and course runs around today.

Deterministic for a given seed. Rows are drawn in Python and written with COPY while the big
tables have no secondary indexes and the course runs' triggers are off; indexes and the values
those triggers keep are built once at the end (generator/bulk.py). `python -m
koko_offers.generator --offers 100000 --runs 500000` fills the service's database (or
`--database-url`)."""

from __future__ import annotations

import gc
import logging
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.change_log.models import ChangeLogEntry
from koko_offers.course_run import repository as course_run_repository
from koko_offers.course_run.models import CourseRun
from koko_offers.course_type import repository as course_type_repository
from koko_offers.demo import load_into
from koko_offers.demo.reference import COURSE_TYPES
from koko_offers.generator import bulk, vocabulary
from koko_offers.location.models import Location
from koko_offers.offer import repository as offer_repository
from koko_offers.offer.models import Offer
from koko_offers.provider.models import Provider
from koko_offers.region import repository as region_repository
from koko_offers.region.models import Region
from koko_offers.translation.models import Translation
from koko_shared.demo_regions import AREAS, MAGDEBURG, SACHSEN_ANHALT

_CHUNK = 50_000
# Search vectors are computed once per distinct title and description of a chunk: large ones.
_VECTOR_CHUNK = 250_000
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyntheticSummary:
    offers: int
    providers: int
    locations: int
    course_runs: int
    translations: int
    seconds: float


async def generate(
    session: AsyncSession,
    *,
    offers: int,
    runs: int | None = None,
    seed: int = 42,
    today: date | None = None,
) -> SyntheticSummary:
    """Add `offers` synthetic offers (with their providers, locations, runs and translations)
    to the catalogue, after making sure the demo code lists and regions exist.

    Language courses and a fifth of the other offers have course runs: one to three each, or,
    with `runs`, exactly that many runs spread over them (at least one each)."""
    collecting = gc.isenabled()
    # Millions of rows without cycles: the cycle collector would scan them again and again
    # (drawing them took 2.4 times as long with it).
    gc.disable()
    try:
        return await _generate(session, offers=offers, runs=runs, seed=seed, today=today)
    finally:
        if collecting:
            gc.enable()


async def _generate(
    session: AsyncSession, *, offers: int, runs: int | None, seed: int, today: date | None
) -> SyntheticSummary:
    started = time.perf_counter()
    rng = random.Random(seed)
    today = today or date.today()
    now = datetime.now(UTC)
    await load_into(session, today=today)
    await _districts(session)
    course_types = await _course_types(session)
    areas = [(a.code, a.lat, a.lon) for a in AREAS]
    area_ids = await _area_ids(session)

    # A district's share of the offers: Magdeburg a third, the rest evenly.
    places = [(MAGDEBURG, 52.1205, 11.6276)] * 6 + [
        (d[0], d[2], d[3]) for d in vocabulary.DISTRICTS
    ]
    provider_count = max(1, offers // 25)
    providers: list[dict[str, Any]] = []
    locations: list[dict[str, Any]] = []
    for index in range(provider_count):
        region_ars, lat, lon = rng.choice(places)
        base, kind = rng.choice(vocabulary.PROVIDER_KINDS)
        provider_id = uuid4_from(rng)
        providers.append(
            {
                "id": provider_id,
                "region_ars": region_ars,
                "name": f"{base} {rng.choice(vocabulary.PLACES)} {index}",
                "kind": kind,
                "description": " ".join(rng.sample(vocabulary.SENTENCES, 2)),
                "version": 1,
                "updated_at": now,
            }
        )
        for _ in range(rng.randint(1, 3)):
            area_code, a_lat, a_lon = (
                rng.choice(areas) if region_ars == MAGDEBURG else (None, lat, lon)
            )
            locations.append(
                {
                    "id": uuid4_from(rng),
                    "provider_id": provider_id,
                    "region_ars": region_ars,
                    "area_id": area_ids.get(area_code) if area_code else None,
                    "name": f"Standort {rng.choice(vocabulary.PLACES)}",
                    "street": f"Hauptstraße {rng.randint(1, 200)}",
                    "postal_code": "39104",
                    "city": "Magdeburg" if region_ars == MAGDEBURG else "Musterstadt",
                    "lat": a_lat + rng.uniform(-0.02, 0.02),
                    "lon": a_lon + rng.uniform(-0.03, 0.03),
                    "barrier_free": rng.random() < 0.6,
                    "appointment_only": rng.random() < 0.1,
                    "opening_hours": [],
                    "version": 1,
                    "updated_at": now,
                }
            )
    locations_of: dict[UUID, list[dict[str, Any]]] = {}
    for location in locations:
        locations_of.setdefault(location["provider_id"], []).append(location)

    offer_rows: list[dict[str, Any]] = []
    translation_rows: list[dict[str, Any]] = []
    with_runs: list[tuple[UUID, str, int]] = []  # offer, region, runs
    for _ in range(offers):
        provider = rng.choice(providers)
        location = rng.choice(locations_of[provider["id"]])
        offer_id = uuid4_from(rng)
        audience, groups = rng.choice(vocabulary.AUDIENCES)
        topic = rng.choice(vocabulary.TOPICS)
        course_type: tuple[UUID, str] | None = None
        if rng.random() < 0.45:
            category = "language_course"
            course_type = rng.choice(course_types)
            title = f"{rng.choice(vocabulary.COURSE_WORDS)} {course_type[1]} {audience} {topic}"
        else:
            category, word = rng.choice(vocabulary.OTHER_WORDS)
            title = f"{word} {audience} {topic}"
        status = "published" if rng.random() < 0.9 else rng.choice(("draft", "archived"))
        offer_rows.append(
            {
                "id": offer_id,
                "region_ars": provider["region_ars"],
                "provider_id": provider["id"],
                "location_id": location["id"] if topic != "online" else None,
                "category_code": category,
                "course_type_id": course_type[0] if course_type else None,
                "title": " ".join(title.split()),
                "description": " ".join(rng.sample(vocabulary.SENTENCES, rng.randint(2, 5))),
                "target_groups": list(groups),
                "residence_statuses": ["any"],
                "instruction_languages": ["de"],
                "support_languages": rng.sample(vocabulary.LANGUAGES, rng.randint(0, 3)),
                "cost_options": [rng.choice(("free", "bamf", "jobcenter", "fee"))],
                "childcare": "Kinderbetreuung" in topic or rng.random() < 0.1,
                "format": "online" if topic == "online" else "in_person",
                "status": status,
                "last_confirmed_at": now - timedelta(days=rng.randint(0, 90)),
                "version": 1,
                "updated_at": now - timedelta(minutes=rng.randint(0, 500_000)),
            }
        )
        if course_type is not None or rng.random() < 0.2:
            with_runs.append((offer_id, provider["region_ars"], rng.randint(1, 3)))
        if rng.random() < 0.3:
            for language in rng.sample(sorted(vocabulary.TRANSLATED_TITLES), rng.randint(1, 3)):
                translation_rows.append(
                    {
                        "entity": "offer",
                        "entity_id": offer_id,
                        "field": "title",
                        "language": language,
                        "text": vocabulary.TRANSLATED_TITLES[language],
                        "state": "machine_translated",
                        "source_hash": "0" * 64,
                        "updated_at": now,
                    }
                )

    counts = [n for _, _, n in with_runs]
    if runs is not None and with_runs:
        counts = [1] * len(with_runs)
        for index in rng.choices(range(len(with_runs)), k=max(0, runs - len(with_runs))):
            counts[index] += 1

    log.info("drawn %d offers: %.1f s", len(offer_rows), time.perf_counter() - started)
    # Secondary indexes and the run triggers wait until every row is in (generator/bulk.py).
    deferred = await bulk.drop_secondary_indexes(session)
    await bulk.switch_run_triggers(session, on=False)
    for model, rows in (
        (Provider, providers),
        (Location, locations),
        (Offer, offer_rows),
        (Translation, translation_rows),
    ):
        await _copy(session, model.__table__, rows)  # type: ignore[attr-defined,union-attr]
    # The change log of a synthetic catalogue is written in bulk; change listeners (webhooks)
    # are not told about it on purpose.
    for entity, rows in (("provider", providers), ("location", locations), ("offer", offer_rows)):
        await _copy(session, _LOG, [_created(entity, row) for row in rows])
    # Runs are drawn and written a chunk at a time (five million rows do not fit in memory as
    # dictionaries), in the same order as ever: a seed gives the same catalogue.
    run_count = 0
    run_rows: list[dict[str, Any]] = []
    for (offer_id, region_ars, _), n in zip(with_runs, counts, strict=True):
        for _ in range(n):
            capacity = rng.choice((12, 15, 16, 20, 25, None))
            run_rows.append(
                {
                    "id": uuid4_from(rng),
                    "offer_id": offer_id,
                    "region_ars": region_ars,
                    "start_date": today + timedelta(days=rng.randint(-120, 240)),
                    "rolling_entry": rng.random() < 0.15,
                    "weekly_slots": [],
                    "time_of_day": rng.choice(("part_time", "evening", "full_time")),
                    "capacity_max": capacity,
                    "seats_booked": rng.randint(0, capacity or 20),
                    "waitlist_length": 0,
                    "childcare": False,
                    "status": rng.choice(("planned", "open", "open", "open", "full")),
                    "version": 1,
                    "updated_at": now,
                }
            )
        if len(run_rows) >= _CHUNK:
            run_count += await _copy_runs(session, run_rows)
            run_rows = []
    run_count += await _copy_runs(session, run_rows)
    log.info("copied %d runs: %.1f s", run_count, time.perf_counter() - started)

    # What the run triggers keep, once for all rows; then the search vectors and the words.
    await bulk.analyze(session, ("provider", "location", "offer", "course_run", "translation"))
    await bulk.create_indexes(session, deferred, "course_run")
    await course_run_repository.fill_free_seats_until(session)
    await course_run_repository.rebuild_supply(session)
    await bulk.switch_run_triggers(session, on=True)
    log.info("run indexes, free seats, supply: %.1f s", time.perf_counter() - started)
    for chunk in _chunks([row["id"] for row in offer_rows], _VECTOR_CHUNK):
        await offer_repository.refresh_search_vectors(session, chunk)
    log.info("search vectors and words: %.1f s", time.perf_counter() - started)
    await bulk.create_indexes(session, (i for i in deferred if i.table != "course_run"))
    log.info("offer and change log indexes: %.1f s", time.perf_counter() - started)
    await session.flush()
    return SyntheticSummary(
        offers=len(offer_rows),
        providers=len(providers),
        locations=len(locations),
        course_runs=run_count,
        translations=len(translation_rows),
        seconds=time.perf_counter() - started,
    )


_LOG: Table = ChangeLogEntry.__table__  # type: ignore[attr-defined]


def _created(entity: str, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "actor_subject": "synthetic-generator",
        "region_ars": row["region_ars"],
        "entity": entity,
        "entity_id": row["id"],
        "action": "created",
        "changes": {},
        "version": 1,
    }


async def _copy_runs(session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    await _copy(session, CourseRun.__table__, rows)  # type: ignore[attr-defined]
    await _copy(session, _LOG, [_created("course_run", row) for row in rows])
    return len(rows)


def uuid4_from(rng: random.Random) -> UUID:
    """A random uuid drawn from `rng`, so that a seed gives the same catalogue."""
    return UUID(int=rng.getrandbits(128), version=4)


async def _copy(session: AsyncSession, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """COPY the rows (all with the same keys) into `table`, a chunk at a time."""
    if not rows:
        return
    columns = list(rows[0])
    for chunk in _chunks(rows):
        await bulk.copy_rows(session, table, columns, [tuple(r[c] for c in columns) for r in chunk])


def _chunks(rows: Sequence[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


async def _districts(session: AsyncSession) -> None:
    for ars, name, lat, lon in vocabulary.DISTRICTS:
        if await session.get(Region, ars) is None:
            session.add(
                Region(
                    ars=ars,
                    name=name,
                    level="district",
                    parent_ars=SACHSEN_ANHALT,
                    lat=lat,
                    lon=lon,
                )
            )
    await session.flush()


async def _course_types(session: AsyncSession) -> list[tuple[UUID, str]]:
    valid = await course_type_repository.valid_on(session, date.today())
    known = {ct.code for ct in COURSE_TYPES}
    return [(ct.id, ct.target_level or "") for ct in valid if ct.code in known]


async def _area_ids(session: AsyncSession) -> dict[str, UUID]:
    areas = await region_repository.areas_of(session, [MAGDEBURG])
    return {area.code: area.id for area in areas[MAGDEBURG]}

"""A synthetic catalogue of any size for benchmarks and load tests: offers spread over the
districts of Sachsen-Anhalt (most in Magdeburg), German titles built from the vocabulary of
real offer lists, translations, locations in the Stadtteile and course runs around today.

Deterministic for a given seed. Rows are written with COPY (100,000 offers and 500,000 runs in
about a minute). `python -m koko_offers.generator --offers 100000 --runs 500000` fills the
service's database (or `--database-url`)."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.change_log.models import ChangeLogEntry
from koko_offers.course_run.models import CourseRun
from koko_offers.course_type import repository as course_type_repository
from koko_offers.demo import load_into
from koko_offers.demo.reference import COURSE_TYPES
from koko_offers.location.models import Location
from koko_offers.offer import repository as offer_repository
from koko_offers.offer.models import Offer
from koko_offers.provider.models import Provider
from koko_offers.region import repository as region_repository
from koko_offers.region.models import Region
from koko_offers.translation.models import Translation
from koko_shared.demo_regions import AREAS, MAGDEBURG, SACHSEN_ANHALT

# The districts of Sachsen-Anhalt with a rough centre; Magdeburg and Börde come from the demo.
DISTRICTS: tuple[tuple[str, str, float, float], ...] = (
    ("150010000000", "Dessau-Roßlau", 51.8333, 12.2333),
    ("150020000000", "Halle (Saale)", 51.4828, 11.9697),
    ("150810000000", "Altmarkkreis Salzwedel", 52.85, 11.15),
    ("150820000000", "Anhalt-Bitterfeld", 51.75, 12.05),
    ("150840000000", "Burgenlandkreis", 51.15, 11.95),
    ("150850000000", "Harz", 51.8, 10.95),
    ("150860000000", "Jerichower Land", 52.25, 12.05),
    ("150870000000", "Mansfeld-Südharz", 51.5, 11.35),
    ("150880000000", "Saalekreis", 51.4, 11.85),
    ("150890000000", "Salzlandkreis", 51.85, 11.6),
    ("150900000000", "Stendal", 52.6, 11.85),
    ("150910000000", "Wittenberg", 51.85, 12.65),
)

_COURSE_WORDS = (
    "Deutschkurs",
    "Sprachkurs",
    "Integrationskurs",
    "Alphabetisierungskurs",
    "Konversationskurs",
    "Berufssprachkurs",
    "Prüfungsvorbereitung",
    "Lerngruppe",
)
_OTHER_WORDS = (
    ("migration_counselling", "Migrationsberatung"),
    ("migration_counselling", "Sozialberatung"),
    ("recognition", "Anerkennungsberatung"),
    ("vocational_orientation", "Berufsorientierung"),
    ("vocational_orientation", "Bewerbungstraining"),
    ("qualification", "Qualifizierung"),
    ("parent_child", "Elterncafé"),
    ("parent_child", "Krabbelgruppe"),
    ("kita", "Kita-Sprechstunde"),
    ("daz_class", "Vorbereitungsklasse"),
    ("school_counselling", "Schulsprechstunde"),
    ("higher_education", "Studienberatung"),
    ("language_practice", "Sprachcafé"),
    ("language_practice", "Lesepatenschaft"),
    ("sport", "Fußballtraining"),
    ("sport", "Schwimmkurs"),
    ("culture", "Theaterwerkstatt"),
    ("volunteering", "Ehrenamtsbörse"),
)
_AUDIENCES = (
    ("für Frauen", ("women",)),
    ("für Eltern", ("parents",)),
    ("für Jugendliche", ("youth_under_27",)),
    ("für Berufstätige", ("adults",)),
    ("für Senioren", ("seniors",)),
    ("für Geflüchtete", ("refugees",)),
    ("für Kinder", ("children",)),
    ("", ("adults",)),
)
_TOPICS = (
    "mit Kinderbetreuung",
    "am Abend",
    "am Wochenende",
    "im Stadtteil",
    "online",
    "mit Praktikum",
    "in der Pflege",
    "im Handwerk",
    "in der Gastronomie",
    "im Einzelhandel",
    "mit Dolmetschung",
    "",
)
_SENTENCES = (
    "Der Kurs findet in kleinen Gruppen statt.",
    "Eine Anmeldung ist telefonisch oder per E-Mail möglich.",
    "Die Teilnahme ist kostenlos.",
    "Für Teilnehmende mit Berechtigung übernimmt das BAMF die Kosten.",
    "Kinderbetreuung wird auf Anfrage angeboten.",
    "Die Räume sind barrierefrei erreichbar.",
    "Wir beraten auch auf Arabisch, Ukrainisch, Russisch und Farsi.",
    "Am Ende steht eine Prüfung mit Zertifikat.",
    "Ein Einstufungstest findet vor Kursbeginn statt.",
    "Das Angebot richtet sich an Menschen mit Fluchterfahrung.",
    "Wir unterstützen bei der Suche nach einem Ausbildungsplatz.",
    "Bitte bringen Sie Ihren Aufenthaltstitel mit.",
)
_PROVIDER_KINDS = (
    ("Volkshochschule", "vhs"),
    ("Bildungswerk", "free_provider"),
    ("Sprachschule", "free_provider"),
    ("Beratungsstelle", "counselling_service"),
    ("Verein", "association"),
    ("Familienzentrum", "association"),
    ("Berufsbildungszentrum", "free_provider"),
)
_PLACES = (
    "Nord",
    "Süd",
    "Mitte",
    "am Markt",
    "am See",
    "an der Elbe",
    "im Zentrum",
    "West",
    "Ost",
)
_TRANSLATED_TITLES = {
    "en": "German course",
    "ar": "دورة اللغة الألمانية",
    "uk": "Курс німецької мови",
    "fa": "کلاس زبان آلمانی",
    "ru": "Курс немецкого языка",
    "tr": "Almanca kursu",
}
_LANGUAGES = ("ar", "uk", "ru", "fa", "en", "tr", "ku", "ti", "ro", "bg")
_CHUNK = 10_000


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
    places = [(MAGDEBURG, 52.1205, 11.6276)] * 6 + [(d[0], d[2], d[3]) for d in DISTRICTS]
    provider_count = max(1, offers // 25)
    providers: list[dict[str, Any]] = []
    locations: list[dict[str, Any]] = []
    for index in range(provider_count):
        region_ars, lat, lon = rng.choice(places)
        base, kind = rng.choice(_PROVIDER_KINDS)
        provider_id = uuid4_from(rng)
        providers.append(
            {
                "id": provider_id,
                "region_ars": region_ars,
                "name": f"{base} {rng.choice(_PLACES)} {index}",
                "kind": kind,
                "description": " ".join(rng.sample(_SENTENCES, 2)),
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
                    "name": f"Standort {rng.choice(_PLACES)}",
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
    run_rows: list[dict[str, Any]] = []
    translation_rows: list[dict[str, Any]] = []
    with_runs: list[tuple[UUID, str, int]] = []  # offer, region, runs
    for _ in range(offers):
        provider = rng.choice(providers)
        location = rng.choice(locations_of[provider["id"]])
        offer_id = uuid4_from(rng)
        audience, groups = rng.choice(_AUDIENCES)
        topic = rng.choice(_TOPICS)
        course_type: tuple[UUID, str] | None = None
        if rng.random() < 0.45:
            category = "language_course"
            course_type = rng.choice(course_types)
            title = f"{rng.choice(_COURSE_WORDS)} {course_type[1]} {audience} {topic}"
        else:
            category, word = rng.choice(_OTHER_WORDS)
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
                "description": " ".join(rng.sample(_SENTENCES, rng.randint(2, 5))),
                "target_groups": list(groups),
                "residence_statuses": ["any"],
                "instruction_languages": ["de"],
                "support_languages": rng.sample(_LANGUAGES, rng.randint(0, 3)),
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
            for language in rng.sample(sorted(_TRANSLATED_TITLES), rng.randint(1, 3)):
                translation_rows.append(
                    {
                        "entity": "offer",
                        "entity_id": offer_id,
                        "field": "title",
                        "language": language,
                        "text": _TRANSLATED_TITLES[language],
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

    for model, rows in (
        (Provider, providers),
        (Location, locations),
        (Offer, offer_rows),
        (CourseRun, run_rows),
        (Translation, translation_rows),
    ):
        await _copy(session, model.__table__, rows)  # type: ignore[attr-defined,union-attr]
    # The change log of a synthetic catalogue is written in bulk; change listeners (webhooks)
    # are not told about it on purpose.
    log = [
        {
            "actor_subject": "synthetic-generator",
            "region_ars": row["region_ars"],
            "entity": entity,
            "entity_id": row["id"],
            "action": "created",
            "changes": {},
            "version": 1,
        }
        for entity, rows in (
            ("provider", providers),
            ("location", locations),
            ("offer", offer_rows),
            ("course_run", run_rows),
        )
        for row in rows
    ]
    await _copy(session, ChangeLogEntry.__table__, log)  # type: ignore[attr-defined]
    for chunk in _chunks([row["id"] for row in offer_rows]):
        await offer_repository.refresh_search_vectors(session, chunk)
    await session.flush()
    return SyntheticSummary(
        offers=len(offer_rows),
        providers=len(providers),
        locations=len(locations),
        course_runs=len(run_rows),
        translations=len(translation_rows),
        seconds=time.perf_counter() - started,
    )


def uuid4_from(rng: random.Random) -> UUID:
    """A random uuid drawn from `rng`, so that a seed gives the same catalogue."""
    return UUID(int=rng.getrandbits(128), version=4)


async def _copy(session: AsyncSession, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """COPY the rows (all with the same keys) into `table` on the session's connection, in its
    transaction. JSONB values go as JSON text; generated columns are left to the database."""
    if not rows:
        return
    columns = list(rows[0])
    as_json = {name for name in columns if isinstance(table.c[name].type, JSONB)}
    connection = await session.connection()
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    for chunk in _chunks(rows):
        records = [
            tuple(json.dumps(row[c]) if c in as_json else row[c] for c in columns) for row in chunk
        ]
        await raw.copy_records_to_table(table.name, records=records, columns=columns)


def _chunks(rows: Sequence[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(rows), _CHUNK):
        yield list(rows[start : start + _CHUNK])


async def _districts(session: AsyncSession) -> None:
    for ars, name, lat, lon in DISTRICTS:
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

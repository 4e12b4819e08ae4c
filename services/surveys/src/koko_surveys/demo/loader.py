"""Load the demo studies through the same rules as real data (ingest validates every row).

Dates are relative to the day of loading, so a fresh demo always has an open wave to post
to: the school leavers' second follow-up and the ongoing intake wave are in the field around
today. The earlier waves closed, each study has a table plan, and the closed waves are
released (stored values), so the public sees figures. The intake study belongs to Magdeburg
(its coordinator manages it and can add waves); the school leavers' study is state-wide."""

from __future__ import annotations

import hashlib
import hmac
import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import ALL_REGIONS, Actor, Grant, Role
from koko_shared.demo_regions import (
    ALL_AREAS,
    AREAS,
    BOERDE,
    MAGDEBURG,
    MUNICIPAL_AREAS,
    REGIONS,
    SACHSEN_ANHALT,
)
from koko_surveys.demo.instruments import INTAKE, LEVELS, VERBLEIB
from koko_surveys.indicator import service as indicator_service
from koko_surveys.ingest.service import BatchRejected, Mode, ingest
from koko_surveys.instrument import service as instrument_service
from koko_surveys.plan import repository as plan_repository
from koko_surveys.plan import service as plan_service
from koko_surveys.release import repository as release_repository
from koko_surveys.release import service as release_service
from koko_surveys.settings import SurveysSettings
from koko_surveys.study import repository as study_repository
from koko_surveys.study import service as study_service
from koko_surveys.study.models import Study
from koko_surveys.subject.pseudonym import PseudonymKeys, load_keys
from koko_surveys.wave import repository as wave_repository
from koko_surveys.wave import service as wave_service
from koko_surveys.wave.models import Wave

# The state-wide study knows Magdeburg's Stadtteile and Haldensleben's Ortsteile; the city's
# intake study its Stadtteile.
AREA_CODES = [area.code for area in ALL_AREAS]
CITY_AREA_CODES = [area.code for area in AREAS]
DEMO_ACTOR = Actor(subject="demo-loader", grants=(Grant(Role.ADMIN, ALL_REGIONS),))
# The demo municipality's trusted unit key (K1); real deployments never share it with Koko.
DEMO_K1 = b"koko-demo-trusted-unit-k1"
VERBLEIB_CODE = "verbleib-schulabgaenger"
INTAKE_CODE = "erstbefragung-neuzugewanderte"
SCHOOL_LEAVERS = 3000
NEWCOMERS = 1600
BATCH = 1000
ORIGINS = (("SYR", 30), ("UKR", 30), ("AFG", 15), ("EU", 10), ("OTHER", 15))
BOERDE_MUNICIPALITIES = [r.ars for r in REGIONS if r.parent_ars == BOERDE]
# Probabilities of the destination one year later, given the destination at school exit.
NEXT = {
    "school": {
        "school": 45,
        "training": 25,
        "university": 10,
        "prep": 5,
        "work": 5,
        "searching": 10,
    },
    "prep": {"training": 45, "prep": 20, "work": 15, "searching": 20},
    "training": {"training": 80, "work": 10, "searching": 10},
    "university": {"university": 85, "work": 10, "searching": 5},
    "work": {"work": 70, "training": 15, "searching": 15},
    "searching": {"searching": 35, "prep": 25, "training": 20, "work": 20},
    "other": {"other": 40, "training": 20, "work": 20, "searching": 20},
}
EXIT = {
    "school": 20,
    "prep": 25,
    "training": 25,
    "university": 3,
    "work": 7,
    "searching": 15,
    "other": 5,
}


def _band(code: str, de: str, en: str, minimum: int, maximum: int) -> dict[str, Any]:
    return {"code": code, "label": {"de": de, "en": en}, "minimum": minimum, "maximum": maximum}


ORIGIN_CODES = [code for code, _ in ORIGINS]
# The table plan of each demo study: what the public sees once a wave is released.
PLANS: dict[str, dict[str, Any]] = {
    VERBLEIB_CODE: {
        "indicators": [
            {"code": "destination", "question": "destination"},
            {
                "code": "satisfaction",
                "question": "satisfaction",
                "categories": [
                    _band("low", "gering", "low", 1, 2),
                    _band("medium", "mittel", "medium", 3, 3),
                    _band("high", "hoch", "high", 4, 5),
                ],
            },
        ],
        "breakdowns": [
            ["area"],
            ["sex"],
            ["cohort"],
            ["origin_group"],
            ["age_group"],
            ["area", "sex"],
        ],
        "code_lists": {"area": AREA_CODES, "origin_group": ORIGIN_CODES},
    },
    INTAKE_CODE: {
        "indicators": [
            {"code": "german_level", "question": "german_level"},
            {"code": "seeking_course", "question": "seeking_course"},
        ],
        "breakdowns": [["area"], ["sex"], ["origin_group"], ["age_group"]],
        "code_lists": {"area": CITY_AREA_CODES, "origin_group": ORIGIN_CODES},
    },
}


def _pick(rng: random.Random, weights: dict[str, int] | tuple[tuple[str, int], ...]) -> str:
    items = list(weights.items()) if isinstance(weights, dict) else list(weights)
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _client_pseudonym(source_id: str) -> str:
    return hmac.new(DEMO_K1, source_id.encode(), hashlib.sha256).hexdigest()


def _attributes(
    rng: random.Random, birth_years: tuple[int, int], *, city_only: bool = False
) -> dict[str, Any]:
    if city_only or rng.random() < 0.6:
        region, area = MAGDEBURG, rng.choice(AREAS).code
    else:
        region, area = rng.choice(BOERDE_MUNICIPALITIES), None
        ortsteile = [a.code for a in MUNICIPAL_AREAS if a.region_ars == region]
        if ortsteile:
            area = rng.choice(ortsteile)
    attributes: dict[str, Any] = {
        "regionArs": region,
        "sex": rng.choices(["f", "m", "d"], weights=[47, 52, 1])[0],
        "birthYear": rng.randint(*birth_years),
        "originGroup": _pick(rng, ORIGINS),
    }
    if area:
        attributes["areaCode"] = area
    return attributes


def _at(day: date) -> str:
    return datetime.combine(day, time(10), tzinfo=UTC).isoformat()


def _consents(scopes: list[str], given: str) -> list[dict[str, str]]:
    return [
        {"scope": s, "textVersion": "2024-01", "legalBasis": "consent", "givenAt": given}
        for s in scopes
    ]


async def _ingest(
    session: AsyncSession, study: Study, wave: Wave, rows: list[dict[str, Any]], keys: PseudonymKeys
) -> None:
    for start in range(0, len(rows), BATCH):
        batch = await ingest(
            session,
            DEMO_ACTOR,
            study=study,
            wave=wave,
            rows=rows[start : start + BATCH],
            mode=Mode.ATOMIC,
            keys=keys,
            today=wave.field_closes_date,
        )
        if batch.rejected:
            raise BatchRejected(batch)


async def _verbleib(
    session: AsyncSession, keys: PseudonymKeys, rng: random.Random, today: date
) -> None:
    # School exit a year ago; the follow-up interviews are in the field now.
    exit_day = today - timedelta(days=365)
    study = await study_service.create_study(
        session,
        DEMO_ACTOR,
        region_ars=SACHSEN_ANHALT,
        code=VERBLEIB_CODE,
        title={"de": "Verbleib Schulabgänger", "en": "Destinations of school leavers"},
        kind="destination",
        aggregates_public=True,
        retention_days=3650,
    )
    cohort = await study_service.add_cohort(
        session, study, code=str(exit_day.year), label=f"Abschlussjahrgang {exit_day.year}"
    )
    _instrument, version = await instrument_service.publish_version(
        session,
        DEMO_ACTOR,
        study,
        code="verbleib",
        questions=VERBLEIB,
        title={"de": "Verbleibsbogen"},
    )
    wave1 = await wave_service.create_wave(
        session,
        DEMO_ACTOR,
        study,
        code="schulabgang",
        label=f"Schulabgang {exit_day.year}",
        position=1,
        reference_date=exit_day,
        field_opens_date=exit_day - timedelta(days=60),
        field_closes_date=exit_day + timedelta(days=60),
        instrument_version_ids=[version.id],
    )
    wave2 = await wave_service.create_wave(
        session,
        DEMO_ACTOR,
        study,
        code="ein-jahr-danach",
        label="Ein Jahr danach",
        position=2,
        reference_date=today - timedelta(days=30),
        field_opens_date=today - timedelta(days=90),
        field_closes_date=today - timedelta(days=5),
        instrument_version_ids=[version.id],
        required_consent_scopes=["participation", "panel_follow_up"],
    )
    await wave_service.create_wave(
        session,
        DEMO_ACTOR,
        study,
        code="zwei-jahre-danach",
        label="Zwei Jahre danach",
        position=3,
        reference_date=today + timedelta(days=30),
        field_opens_date=today - timedelta(days=4),
        field_closes_date=today + timedelta(days=90),
        instrument_version_ids=[version.id],
        required_consent_scopes=["participation", "panel_follow_up"],
    )
    for code, numerator, label in (
        (
            "training_rate",
            {"question": "destination", "equals": "training"},
            "Anteil in Ausbildung",
        ),
        (
            "in_education",
            {"question": "destination", "in": ["school", "prep", "training", "university"]},
            "Anteil in Bildung oder Ausbildung",
        ),
        (
            "searching_rate",
            {"question": "destination", "equals": "searching"},
            "Anteil suchend / ohne Tätigkeit",
        ),
    ):
        await indicator_service.define_indicator(
            session,
            DEMO_ACTOR,
            study,
            indicator_service.NewIndicator(
                code=code,
                label={"de": label},
                numerator=numerator,
                denominator={"answered": "destination"},
                public=True,
            ),
        )
    first, second = [], []
    reference = f"verbleib@{version.version}"
    for n in range(SCHOOL_LEAVERS):
        subject = _client_pseudonym(f"schueler-{n}")
        birth_years = (exit_day.year - 20, exit_day.year - 15)
        attributes = {**_attributes(rng, birth_years), "cohort": cohort.code}
        destination = _pick(rng, EXIT)
        answers: dict[str, Any] = {
            "destination": destination,
            "certificate": _pick(rng, {"none": 15, "hsa": 35, "rsa": 35, "abi": 15}),
            "german_level": _pick(rng, {"A2": 15, "B1": 40, "B2": 30, "C1": 15}),
            "months_in_germany": rng.randint(6, 96),
        }
        if destination == "other":
            answers["other_destination"] = "Freiwilligendienst"
        informant = {"kind": "teacher", "code": f"schule-{rng.randint(1, 40):02d}"}
        first.append(
            {
                "submissionId": f"verbleib-2024-{n}",
                "subject": subject,
                "instrumentVersion": reference,
                "submittedAt": _at(exit_day - timedelta(days=16)),
                "informant": informant,
                "attributes": attributes,
                "consents": _consents(
                    ["participation", "panel_follow_up"], _at(exit_day - timedelta(days=50))
                ),
                "answers": answers,
            }
        )
        if rng.random() < 0.72:  # re-interviewed a year later
            second.append(
                {
                    "submissionId": f"verbleib-2025-{n}",
                    "subject": subject,
                    "instrumentVersion": reference,
                    "submittedAt": _at(today - timedelta(days=6 + n % 50)),
                    "attributes": attributes,
                    "answers": {
                        "destination": _pick(rng, NEXT[destination]),
                        "satisfaction": rng.randint(1, 5),
                    },
                }
            )
    await _ingest(session, study, wave1, first, keys)
    await _ingest(session, study, wave2, second, keys)


async def _intake(
    session: AsyncSession, keys: PseudonymKeys, rng: random.Random, today: date
) -> None:
    opens = today - timedelta(days=300)
    study = await study_service.create_study(
        session,
        DEMO_ACTOR,
        region_ars=MAGDEBURG,
        code=INTAKE_CODE,
        title={"de": "Erstbefragung Neuzugewanderte", "en": "Intake survey of newcomers"},
        kind="intake",
        aggregates_public=True,
        retention_days=1825,
    )
    _instrument, version = await instrument_service.publish_version(
        session,
        DEMO_ACTOR,
        study,
        code="erstbefragung",
        questions=INTAKE,
        title={"de": "Erstgespräch"},
    )
    wave = await wave_service.create_wave(
        session,
        DEMO_ACTOR,
        study,
        code="erstgespraeche",
        label="Erstgespräche",
        position=1,
        reference_date=today - timedelta(days=8),
        field_opens_date=opens,
        field_closes_date=today - timedelta(days=8),
        instrument_version_ids=[version.id],
    )
    await wave_service.create_wave(
        session,
        DEMO_ACTOR,
        study,
        code="erstgespraeche-laufend",
        label="Erstgespräche (laufend)",
        position=2,
        reference_date=today,
        field_opens_date=today - timedelta(days=7),
        field_closes_date=today + timedelta(days=90),
        instrument_version_ids=[version.id],
    )
    await indicator_service.define_indicator(
        session,
        DEMO_ACTOR,
        study,
        indicator_service.NewIndicator(
            code="seeking_course_rate",
            label={"de": "Anteil mit Sprachkursbedarf"},
            numerator={"question": "seeking_course", "equals": True},
            denominator={},
            public=True,
        ),
    )
    rows = []
    for n in range(NEWCOMERS):
        level = _pick(rng, {"none": 25, "A1": 30, "A2": 22, "B1": 15, "B2": 6, "C1": 2})
        rows.append(
            {
                "submissionId": f"intake-2025-{n}",
                "subject": _client_pseudonym(f"neu-{n}"),
                "instrumentVersion": f"erstbefragung@{version.version}",
                "submittedAt": _at(opens + timedelta(days=1 + n % 290)),
                "informant": {"kind": "intake_desk", "code": "integrationsbuero"},
                "attributes": _attributes(rng, (today.year - 60, today.year - 18), city_only=True),
                "consents": _consents(["participation"], _at(opens)),
                "answers": {
                    "german_level": level,
                    "seeking_course": level not in ("C1",) and rng.random() < 0.8,
                    "schooling_years": rng.randint(0, 16),
                    "languages": sorted(
                        set(rng.sample(["ar", "uk", "ru", "fa", "ps", "tr", "en"], 2))
                    ),
                },
            }
        )
    await _ingest(session, study, wave, rows, keys)


async def load_demo(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Create the demo studies unless they exist. Uses the service's pseudonym keys (env or the
    development key file), so demo subjects can be erased with the same client pseudonyms."""
    keys = load_keys(SurveysSettings())
    today = datetime.now(UTC).date()
    async with sessionmaker() as session, session.begin():
        if await study_repository.by_code(session, SACHSEN_ANHALT, VERBLEIB_CODE) is None:
            rng = random.Random(20240731)
            await _verbleib(session, keys, rng, today)
            await _intake(session, keys, rng, today)
        await _publish(session, today)


async def _publish(session: AsyncSession, today: date) -> None:
    """The public reads released figures only: each demo study gets its table plan (unless it
    has one) and every closed wave not released yet is released. Also catches up demo data
    loaded by an earlier version."""
    for study in await demo_studies(session):
        if await plan_repository.latest_version(session, study.id) == 0:
            await plan_service.define(
                session,
                DEMO_ACTOR,
                study,
                plan_service.NewTablePlan(**PLANS[study.code]),
                today=today,
            )
        waves = (await wave_repository.waves_of(session, [study.id]))[study.id]
        released = await release_repository.latest_of_waves(session, [w.id for w in waves])
        for wave in sorted(waves, key=lambda w: w.position):
            if wave.id not in released and release_service.wave_closed(wave, today):
                await release_service.release_wave(session, DEMO_ACTOR, study, wave.id, today=today)


async def demo_studies(session: AsyncSession) -> list[Study]:
    """The demo studies (for the credentials `make run` prints)."""
    found = [
        await study_repository.by_code(session, SACHSEN_ANHALT, VERBLEIB_CODE),
        await study_repository.by_code(session, MAGDEBURG, INTAKE_CODE),
    ]
    return [study for study in found if study is not None]


async def demo_ingest_path(session: AsyncSession) -> str | None:
    """The batch path of a demo wave open today (the school leavers' follow-up)."""
    today = datetime.now(UTC).date()
    studies = await demo_studies(session)
    waves = await wave_repository.waves_of(session, [study.id for study in studies])
    for study in studies:
        for wave in sorted(waves.get(study.id, []), key=lambda w: -w.position):
            if wave_service.wave_is_open(wave, today):
                return f"/v1/studies/{study.id}/waves/{wave.id}/submissions:batch"
    return None


__all__ = ["LEVELS", "demo_ingest_path", "demo_studies", "load_demo"]

"""The demo data load once, idempotently, and make the aggregates show something."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.demo_regions import MAGDEBURG, SACHSEN_ANHALT
from koko_shared.testing.identity import TestTokens
from koko_surveys.demo import load_demo
from koko_surveys.demo.loader import demo_ingest_path, demo_studies
from koko_surveys.release.service import wave_closed
from koko_surveys.wave import repository as wave_repository
from koko_surveys.wave import service as wave_service

from .exports import all_records, smallest_group


async def test_demo_loads_once_and_shows_indicators_and_transitions(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    session: AsyncSession,
    capsys,
) -> None:  # type: ignore[no-untyped-def]
    # when
    await load_demo(sessionmaker)
    await load_demo(sessionmaker)
    # then
    assert capsys.readouterr().out == ""
    studies = await session.execute(
        text(
            "SELECT code FROM study WHERE code IN ('verbleib-schulabgaenger', "
            "'erstbefragung-neuzugewanderte')"
        )
    )
    assert len(list(studies)) == 2
    subjects = await session.execute(text("SELECT count(*) FROM subject"))
    assert subjects.scalar_one() >= 4000
    listing = (
        await client.post(
            "/graphql",
            json={"query": "{ studies { edges { node { id code waves { id code } } } } }"},
        )
    ).json()
    verbleib = next(
        e["node"]
        for e in listing["data"]["studies"]["edges"]
        if e["node"]["code"] == "verbleib-schulabgaenger"
    )
    query = """query($s: ID!, $a: ID!, $b: ID!) {
      indicator(studyId: $s, code: "destination:training", waveId: $a, by: [AREA]) {
        rows { key { value } value { numerator denominator rate } } total { rate } }
      transitions(studyId: $s, fromWaveId: $a, toWaveId: $b, question: "destination") {
        cells { fromState toState count } }
    }"""
    variables = {
        "s": verbleib["id"],
        "a": verbleib["waves"][0]["id"],
        "b": verbleib["waves"][1]["id"],
    }
    body = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
    assert "errors" not in body, body
    assert body["data"]["indicator"]["total"]["rate"] > 0
    assert any(
        c["toState"] == "not_reinterviewed" and c["count"]
        for c in body["data"]["transitions"]["cells"]
    )
    demand = (
        await client.post(
            "/graphql",
            json={
                "query": "query($r: [_Any!]!) { _entities(representations: $r) {"
                " ... on Region { demand { level newcomers } studies { code } } } }",
                "variables": {"r": [{"__typename": "Region", "ars": MAGDEBURG, "supply": []}]},
            },
        )
    ).json()
    region = demand["data"]["_entities"][0]
    assert any(d["newcomers"] for d in region["demand"])
    assert {"code": "verbleib-schulabgaenger"} in region["studies"]


async def test_the_demo_has_open_waves_a_city_study_and_a_key_that_can_post(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    tokens: TestTokens,
) -> None:
    # given
    await load_demo(sessionmaker)
    today = date.today()
    async with sessionmaker() as session:
        studies = await demo_studies(session)
        ingest_path = await demo_ingest_path(session)
        waves = await wave_repository.waves_of(session, [s.id for s in studies])
    by_code = {study.code: study for study in studies}
    intake = by_code["erstbefragung-neuzugewanderte"]
    # then: waves are in the field around today, whenever the demo is loaded
    assert all(
        any(wave_service.wave_is_open(wave, today) for wave in waves[study.id]) for study in studies
    )
    assert ingest_path is not None
    # and the intake study belongs to Magdeburg, whose coordinator can add a wave
    assert intake.region_ars == MAGDEBURG
    coordinator = Actor("demo-coordinator", (Grant(Role.COORDINATOR, MAGDEBURG),))
    async with sessionmaker() as session, session.begin():
        wave = await wave_service.create_wave(
            session,
            coordinator,
            intake,
            code="naechstes-jahr",
            label="Erstgespräche nächstes Jahr",
            position=3,
            reference_date=today + timedelta(days=365),
            field_opens_date=today + timedelta(days=91),
            field_closes_date=today + timedelta(days=455),
            instrument_version_ids=[],
        )
    assert wave.study_id == intake.id
    # and the integrator credential make run prints (integrator of the state, for the demo
    # studies) posts to the open wave
    integrator = tokens.for_actor(
        Actor(
            "demo-integrator",
            (Grant(Role.INTEGRATOR, SACHSEN_ANHALT, studies=tuple(str(s.id) for s in studies)),),
        )
    )
    row = {
        "submissionId": "demo-post-1",
        "subject": hashlib.sha256(b"demo-post-1").hexdigest(),
        "instrumentVersion": "verbleib@1",
        "attributes": {"regionArs": MAGDEBURG, "sex": "f", "birthYear": today.year - 18},
        "consents": [
            {
                "scope": scope,
                "textVersion": "2024-01",
                "legalBasis": "consent",
                "givenAt": f"{today.isoformat()}T08:00:00Z",
            }
            for scope in ("participation", "panel_follow_up")
        ],
        "answers": {"destination": "training"},
    }
    response = await client.post(ingest_path, json=[row], headers=integrator)
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["status"] == "created", response.text


async def test_every_closed_demo_wave_exports_for_the_demo_analyst(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    tokens: TestTokens,
) -> None:
    # given (issue 20: both demo studies were refused with K_ANONYMITY_NOT_MET): the demo, and
    # the analyst `make run` prints (Magdeburg) beside one of the whole state
    await load_demo(sessionmaker)
    async with sessionmaker() as session:
        studies = await demo_studies(session)
        waves = await wave_repository.waves_of(session, [s.id for s in studies])
    analysts = [
        tokens.for_actor(Actor("demo-analyst", (Grant(Role.ANALYST, MAGDEBURG),))),
        tokens.for_role(Role.ANALYST, SACHSEN_ANHALT, subject="state-analyst"),
    ]
    for analyst in analysts:
        for study in studies:
            # (the waves in the field today hold no interviews yet)
            for wave in [w for w in waves[study.id] if wave_closed(w, date.today())]:
                # when
                body, records = await all_records(client, study.id, analyst, wave=wave.code)
                # then: the wave leaves, k-anonymous over every column, most values kept
                summary = body["summary"]
                assert records and len(records) == summary["records"], (study.code, wave.code)
                assert smallest_group(records) >= 5
                values = len(records) * len(summary["keyColumns"])
                assert summary["suppressedValues"] / values < 0.3, (wave.code, summary)
                assert summary["withheld"] < len(records) / 100


async def test_demo_data_of_an_earlier_version_gets_plans_and_releases(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given: the demo without plans and releases (as loaded before releases were per wave)
    await load_demo(sessionmaker)
    async with sessionmaker() as session, session.begin():
        studies = [s.id for s in await demo_studies(session)]
        for statement in (
            "DELETE FROM study_release WHERE study_id = ANY(:s)",
            "UPDATE wave SET table_plan_version = NULL WHERE study_id = ANY(:s)",
            "DELETE FROM table_plan WHERE study_id = ANY(:s)",
        ):
            await session.execute(text(statement), {"s": studies})
    # when: the demo is loaded again (make run)
    await load_demo(sessionmaker)
    # then: every closed wave is released again under a plan, the open ones are not
    async with sessionmaker() as session:
        result = await session.execute(
            text(
                "SELECT w.code, count(r.id) AS releases, w.table_plan_version FROM wave w "
                "LEFT JOIN study_release r ON r.wave_id = w.id WHERE w.study_id = ANY(:s) "
                "GROUP BY w.code, w.table_plan_version ORDER BY w.code"
            ),
            {"s": studies},
        )
        waves = {row.code: (row.releases, row.table_plan_version) for row in result}
    assert waves == {
        "ein-jahr-danach": (1, 1),
        "erstgespraeche": (1, 1),
        "erstgespraeche-laufend": (0, 1),
        "schulabgang": (1, 1),
        "zwei-jahre-danach": (0, 1),
    }

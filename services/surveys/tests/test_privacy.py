"""Erasure, retention, the microdata export (analysts only, k-anonymity, audited) and the
append-only audit log."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Role
from koko_shared.demo_regions import BOERDE
from koko_shared.graphql.ids import to_global_id
from koko_shared.testing.identity import TestTokens
from koko_surveys.study.models import Study
from koko_surveys.subject.service import purge_expired
from koko_surveys.wave.models import Wave

from .conftest import MAGDEBURG, Setup, pseudonym


async def tables_containing(session: AsyncSession, needle: str) -> list[str]:
    names = await session.execute(
        text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> "
            "'alembic_version'"
        )
    )
    found = []
    for (name,) in names:
        hit = await session.execute(
            text(f'SELECT count(*) FROM "{name}" t WHERE t::text ILIKE :needle'),
            {"needle": f"%{needle}%"},
        )
        if hit.scalar_one():
            found.append(name)
    return found


def rows_for_export(setup: Setup, count: int) -> list[dict]:
    # Everyone shares the same quasi-identifiers, so k = count.
    return [
        setup.row(
            n,
            attributes={
                "regionArs": MAGDEBURG,
                "areaCode": "02",
                "sex": "f",
                "birthYear": 2007,
                "originGroup": "SYR",
            },
        )
        for n in range(count)
    ]


async def test_after_erasure_nothing_of_the_subject_remains(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    analyst: dict[str, str],
    session: AsyncSession,
) -> None:
    # given: subject 0 answered both waves, with a correction, sent with an Idempotency-Key
    await client.post(
        setup.batch_url,
        json=rows_for_export(setup, 6),
        headers={**integrator, "Idempotency-Key": "k-1"},
    )
    alike = rows_for_export(setup, 1)[0]["attributes"]
    follow_up = setup.row(900, subject=pseudonym("person-0"), attributes=alike)
    await client.post(setup.url(setup.wave2), json=[follow_up], headers=integrator)
    correction = setup.row(
        901,
        subject=pseudonym("person-0"),
        supersedes="sub-900",
        attributes=alike,
        answers={"destination": "work"},
    )
    await client.post(setup.url(setup.wave2), json=[correction], headers=integrator)
    stored = await session.execute(
        text("SELECT s.id, s.pseudonym FROM subject s WHERE s.study_id = :st"),
        {"st": setup.study.id},
    )
    before = {row.pseudonym: row.id for row in stored}
    assert len(before) == 6
    # the analyst received the first wave (the export keeps what each analyst received)
    exported = await client.get(
        f"/v1/studies/{setup.study.id}/submissions", params={"wave": "w1"}, headers=analyst
    )
    assert exported.status_code == 200, exported.text
    # when
    response = await client.delete(
        f"/v1/studies/{setup.study.id}/subjects/{pseudonym('person-0')}", headers=integrator
    )
    # then
    assert response.status_code == 204
    stored = await session.execute(
        text("SELECT s.pseudonym FROM subject s WHERE s.study_id = :st"), {"st": setup.study.id}
    )
    (study_pseudonym,) = set(before) - {row.pseudonym for row in stored}
    subject_id = before[study_pseudonym]
    for needle in (
        study_pseudonym,
        str(subject_id),
        'sub-0"',
        "sub-900",
        "sub-901",
        pseudonym("person-0"),
    ):
        assert await tables_containing(session, needle) == [], needle
    again = await client.delete(
        f"/v1/studies/{setup.study.id}/subjects/{pseudonym('person-0')}", headers=integrator
    )
    assert again.status_code == 204  # an unknown pseudonym is answered like a known one


async def test_the_export_is_for_analysts_of_the_region_and_audited(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    analyst: dict[str, str],
    tokens: TestTokens,
    session: AsyncSession,
) -> None:
    # given
    await client.post(setup.batch_url, json=rows_for_export(setup, 7), headers=integrator)
    elsewhere = tokens.for_role(Role.ANALYST, BOERDE)
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    url = f"/v1/studies/{setup.study.id}/submissions"
    # when
    ok = await client.get(url, params={"wave": "w1"}, headers=analyst)
    other_region = await client.get(url, params={"wave": "w1"}, headers=elsewhere)
    not_analyst = await client.get(url, params={"wave": "w1"}, headers=coordinator)
    public = await client.get(url, params={"wave": "w1"})
    # then
    assert ok.status_code == 200
    exported = ok.json()["items"]
    assert len(exported) == 7 and all(len(r["id"]) == 16 for r in exported)
    assert pseudonym("person-1") not in ok.text  # no pseudonym leaves
    assert (
        other_region.status_code == 404
        and not_analyst.status_code == 403
        and public.status_code == 401
    )
    audit = await session.execute(
        text(
            "SELECT action, detail FROM audit_entry WHERE study_id = :s AND action = "
            "'microdata.exported'"
        ),
        {"s": setup.study.id},
    )
    assert [(a, d["records"]) for a, d in audit] == [("microdata.exported", 7)]


async def test_the_audit_log_refuses_updates_and_deletes(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given
    await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    # when / then
    for statement in (
        "UPDATE audit_entry SET actor = 'someone else'",
        "DELETE FROM audit_entry",
        "TRUNCATE audit_entry",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            async with session.begin_nested():
                await session.execute(text(statement))


async def test_a_published_instrument_version_is_immutable(
    setup: Setup, session: AsyncSession
) -> None:
    # when / then
    with pytest.raises(DBAPIError, match="immutable"):
        await session.execute(text("UPDATE instrument_version SET questions = '[]'"))


async def test_retention_purges_old_waves(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given
    await client.post(setup.batch_url, json=[setup.row(1), setup.row(2)], headers=integrator)
    study = await session.get(Study, setup.study.id)
    wave = await session.get(Wave, setup.wave1.id)
    assert study is not None and wave is not None
    study.retention_days = 30
    wave.field_closes_date = date.today() - timedelta(days=31)
    wave.field_opens_date = date.today() - timedelta(days=90)
    await session.flush()
    # when
    removed = await purge_expired(session, study)
    # then
    assert removed == 2
    assert await tables_containing(session, pseudonym("person-1")) == []
    left = await session.execute(
        text("SELECT count(*) FROM subject WHERE study_id = :s"), {"s": setup.study.id}
    )
    assert left.scalar_one() == 0


async def test_subjects_do_not_link_across_studies(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    sessionmaker,
    tokens: TestTokens,
    session: AsyncSession,
) -> None:  # type: ignore[no-untyped-def]
    from .conftest import create_setup

    # given: the same person in two studies
    other = await create_setup(sessionmaker)
    other_headers = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(other.study.id),))
    await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    await client.post(other.batch_url, json=[other.row(1)], headers=other_headers)
    # when
    rows = await session.execute(
        text("SELECT study_id, pseudonym, key_version FROM subject WHERE study_id IN (:a, :b)"),
        {"a": setup.study.id, "b": other.study.id},
    )
    pseudonyms = {r.study_id: (r.pseudonym, r.key_version) for r in rows}
    # then
    assert len(pseudonyms) == 2
    assert pseudonyms[setup.study.id][0] != pseudonyms[other.study.id][0]
    assert pseudonym("person-1") not in {p for p, _ in pseudonyms.values()}
    assert {v for _, v in pseudonyms.values()} == {1}


async def test_graphql_mutation_ingests_small_batches(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    mutation = """mutation($s: ID!, $w: ID!, $rows: [SubmissionInput!]!) {
      submissionsIngest(studyId: $s, waveId: $w, submissions: $rows, mode: ATOMIC) {
        created rejected results { row status errors { field code message } } errors { code } } }"""
    good = setup.row(1)
    bad = setup.row(2, subject="raw-id-4711")
    variables = {
        "s": to_global_id("Study", setup.study.id),
        "w": to_global_id("Wave", setup.wave1.id),
    }
    # when
    rejected = await client.post(
        "/graphql",
        json={"query": mutation, "variables": {**variables, "rows": [good, bad]}},
        headers=integrator,
    )
    created = await client.post(
        "/graphql",
        json={"query": mutation, "variables": {**variables, "rows": [good]}},
        headers=integrator,
    )
    # then
    payload = rejected.json()["data"]["submissionsIngest"]
    assert payload["errors"][0]["code"] == "BATCH_REJECTED"
    assert payload["results"][1]["errors"][0] == {
        "field": "subject",
        "code": "INVALID_PSEUDONYM",
        "message": payload["results"][1]["errors"][0]["message"],
    }
    assert created.json()["data"]["submissionsIngest"]["created"] == 1


async def test_a_city_analyst_reads_only_the_city_in_a_state_wide_study(
    sessionmaker,
    client: httpx.AsyncClient,
    tokens: TestTokens,  # type: ignore[no-untyped-def]
) -> None:
    from koko_shared.demo_regions import SACHSEN_ANHALT

    from .conftest import create_setup

    # given: a state-wide study with six subjects in Magdeburg and six in Haldensleben (Börde)
    setup = await create_setup(sessionmaker, region=SACHSEN_ANHALT)
    writer = tokens.for_role(Role.INTEGRATOR, SACHSEN_ANHALT, studies=(str(setup.study.id),))
    alike = {"sex": "f", "birthYear": 2007, "originGroup": "SYR"}
    rows = [
        setup.row(n, attributes={**alike, "regionArs": MAGDEBURG if n < 6 else "150830270270"})
        for n in range(12)
    ]
    assert (await client.post(setup.batch_url, json=rows, headers=writer)).json()["summary"][
        "created"
    ] == 12
    # when
    city = await client.get(
        f"/v1/studies/{setup.study.id}/submissions",
        params={"wave": "w1"},
        headers=tokens.for_role(Role.ANALYST, MAGDEBURG),
    )
    state = await client.get(
        f"/v1/studies/{setup.study.id}/submissions",
        params={"wave": "w1"},
        headers=tokens.for_role(Role.ANALYST, SACHSEN_ANHALT),
    )
    # then
    city_records = [r["waves"]["w1"] for r in city.json()["items"]]
    assert {r["attributes"]["regionArs"] for r in city_records} == {MAGDEBURG}
    assert len(city_records) == 6
    assert len(state.json()["items"]) == 12

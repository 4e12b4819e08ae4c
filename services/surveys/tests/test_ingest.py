"""Bulk ingest: idempotency, conflicts, modes, formats and the rules a submission must meet."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens
from koko_surveys.wave.models import Wave

from .conftest import MAGDEBURG, Setup, create_setup, pseudonym


async def count_submissions(session: AsyncSession, setup: Setup) -> int:
    result = await session.execute(
        text("SELECT count(*) FROM submission WHERE study_id = :s"), {"s": setup.study.id}
    )
    return int(result.scalar_one())


async def test_posting_the_same_batch_twice_stores_each_submission_once(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given
    batch = [setup.row(n) for n in range(5)]
    # when
    first = await client.post(setup.batch_url, json=batch, headers=integrator)
    second = await client.post(setup.batch_url, json=batch, headers=integrator)
    # then
    assert first.status_code == 200, first.text
    assert [r["status"] for r in first.json()["results"]] == ["created"] * 5
    assert [r["status"] for r in second.json()["results"]] == ["unchanged"] * 5
    assert await count_submissions(session, setup) == 5


async def test_same_id_with_other_content_is_a_conflict(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    changed = setup.row(1, answers={"destination": "work", "age": 17})
    # when
    response = await client.post(setup.batch_url, json=[changed], headers=integrator)
    # then
    result = response.json()["results"][0]
    assert result["status"] == "conflict"
    assert result["errors"][0]["field"] == "submissionId"


async def test_partial_mode_stores_valid_rows_and_names_the_invalid_one(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given
    batch = [
        setup.row(1),
        setup.row(2, answers={"destination": "training", "age": 99}),
        setup.row(3),
    ]
    # when
    response = await client.post(setup.batch_url, json=batch, headers=integrator)
    # then
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["created", "rejected", "created"]
    assert results[1]["row"] == 2
    assert results[1]["errors"] == [
        {
            "field": "answers.age",
            "code": "CONSTRAINT",
            "message": "'age' violates . >= 10 and . <= 40",
        }
    ]
    assert await count_submissions(session, setup) == 2


async def test_atomic_mode_stores_nothing_when_one_row_is_invalid(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given
    batch = [setup.row(1), setup.row(2, answers={"destination": "nowhere"}), setup.row(3)]
    # when
    response = await client.post(setup.batch_url + "?mode=atomic", json=batch, headers=integrator)
    # then
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:koko:problem:BATCH_REJECTED"
    rejected = [r for r in body["results"] if r["status"] == "rejected"]
    assert rejected[0]["row"] == 2
    assert rejected[0]["errors"][0]["field"] == "answers.destination"
    assert "nowhere" in rejected[0]["errors"][0]["message"]
    assert await count_submissions(session, setup) == 0


async def test_dry_run_reports_without_storing(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # when
    response = await client.post(
        setup.batch_url + "?mode=dry_run", json=[setup.row(1)], headers=integrator
    )
    # then
    assert response.json()["results"][0]["status"] == "created"
    assert await count_submissions(session, setup) == 0


async def test_ndjson_and_csv_bodies_are_accepted(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    import orjson

    ndjson = b"\n".join(orjson.dumps(setup.row(n)) for n in (1, 2))
    csv_body = (
        "submission_id,subject,instrument_version,region_ars,sex,birth_year,consent_scopes,consent_text_version,consent_legal_basis,consent_given_at,destination,age,languages\n"
        f"sub-3,{pseudonym('person-3')},{setup.version},{MAGDEBURG},m,2006,"
        "participation,v1,consent,2025-01-01T00:00:00Z,work,18,de ar\n"
        f"sub-4,{pseudonym('person-4')},{setup.version},{MAGDEBURG},m,2006,participation,v1,consent,2025-01-01T00:00:00Z,work,eighteen,\n"
    )
    # when
    first = await client.post(
        setup.batch_url,
        content=ndjson,
        headers={**integrator, "content-type": "application/x-ndjson"},
    )
    second = await client.post(
        setup.batch_url, content=csv_body, headers={**integrator, "content-type": "text/csv"}
    )
    # then
    assert [r["status"] for r in first.json()["results"]] == ["created", "created"]
    results = second.json()["results"]
    assert [r["status"] for r in results] == ["created", "rejected"]
    assert results[1]["errors"][0]["field"] == "answers.age"


async def test_submission_rules_reject_with_a_clear_reason(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    batch = [
        setup.row(1, consents=[]),
        setup.row(2, instrumentVersion="verbleib@9"),
        setup.row(3, subject="12345"),
        setup.row(4, subject="0" * 64),
        setup.row(5, subject="Max Mustermann"),
    ]
    # when
    results = (await client.post(setup.batch_url, json=batch, headers=integrator)).json()["results"]
    # then
    assert all(r["status"] == "rejected" for r in results)
    codes = [(r["errors"][0]["field"], r["errors"][0]["code"]) for r in results]
    assert codes == [
        ("consents", "CONSENT_MISSING"),
        ("instrumentVersion", "UNKNOWN_INSTRUMENT_VERSION"),
        ("subject", "INVALID_PSEUDONYM"),
        ("subject", "INVALID_PSEUDONYM"),
        ("subject", "INVALID_PSEUDONYM"),
    ]


async def test_a_closed_wave_takes_no_submissions(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given
    wave = await session.get(Wave, setup.wave1.id)
    assert wave is not None
    wave.field_closes_date = date.today() - timedelta(days=1)
    await session.commit()
    # when
    response = await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    # then
    result = response.json()["results"][0]
    assert result["status"] == "rejected"
    assert result["errors"][0]["code"] == "WAVE_CLOSED"


async def test_a_follow_up_wave_requires_panel_consent(
    sessionmaker: async_sessionmaker[AsyncSession], client: httpx.AsyncClient, tokens: TestTokens
) -> None:
    # given
    setup = await create_setup(sessionmaker, wave2_consents=["participation", "panel_follow_up"])
    headers = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),))
    await client.post(setup.batch_url, json=[setup.row(1)], headers=headers)
    # when
    without = await client.post(
        setup.url(setup.wave2), json=[setup.row(2, subject=pseudonym("person-1"))], headers=headers
    )
    panel = [
        {
            "scope": "panel_follow_up",
            "textVersion": "v1",
            "legalBasis": "consent",
            "givenAt": "2025-02-01T00:00:00Z",
        }
    ]
    with_consent = await client.post(
        setup.url(setup.wave2),
        json=[setup.row(3, subject=pseudonym("person-1"), consents=panel)],
        headers=headers,
    )
    # then
    assert without.json()["results"][0]["errors"][0]["code"] == "CONSENT_MISSING"
    assert with_consent.json()["results"][0]["status"] == "created"


async def test_a_correction_supersedes_the_earlier_submission(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given
    await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    correction = setup.row(
        2, subject=pseudonym("person-1"), supersedes="sub-1", answers={"destination": "work"}
    )
    # when
    response = await client.post(setup.batch_url, json=[correction], headers=integrator)
    duplicate = await client.post(
        setup.batch_url, json=[setup.row(3, subject=pseudonym("person-1"))], headers=integrator
    )
    # then
    assert response.json()["results"][0]["status"] == "created"
    current = await session.execute(
        text("SELECT submission_id FROM submission WHERE study_id = :s AND superseded_at IS NULL"),
        {"s": setup.study.id},
    )
    assert [r[0] for r in current] == ["sub-2"]
    assert duplicate.json()["results"][0]["status"] == "conflict"


async def test_idempotency_key_replays_the_first_answer(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    headers = {**integrator, "Idempotency-Key": "retry-1"}
    # when
    first = await client.post(setup.batch_url, json=[setup.row(1)], headers=headers)
    again = await client.post(setup.batch_url, json=[setup.row(1)], headers=headers)
    other = await client.post(setup.batch_url, json=[setup.row(2)], headers=headers)
    # then
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert other.status_code == 422


async def test_integrators_write_only_to_their_studies(
    client: httpx.AsyncClient, setup: Setup, tokens: TestTokens
) -> None:
    # given
    other_study = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=("another-study",))
    # when
    denied = await client.post(setup.batch_url, json=[setup.row(1)], headers=other_study)
    anonymous = await client.post(setup.batch_url, json=[setup.row(1)])
    # then: the study is internal to its region: for them it does not exist
    assert denied.status_code == 404
    assert anonymous.status_code == 401


async def test_hostile_bodies_get_a_clear_4xx(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # when
    broken = await client.post(
        setup.batch_url, content=b"[{", headers={**integrator, "content-type": "application/json"}
    )
    not_a_list = await client.post(setup.batch_url, json={"a": 1}, headers=integrator)
    xml = await client.post(
        setup.batch_url, content=b"<a/>", headers={**integrator, "content-type": "application/xml"}
    )
    garbage_rows = await client.post(setup.batch_url, json=[1, "x", None, [1]], headers=integrator)
    # then
    assert broken.status_code == 422 and not_a_list.status_code == 422
    assert xml.status_code == 415  # a type the route does not take: UNSUPPORTED_MEDIA_TYPE
    assert [r["status"] for r in garbage_rows.json()["results"]] == ["rejected"] * 4


async def test_ten_concurrent_identical_batches_store_each_submission_once(
    committing_sessionmaker: async_sessionmaker[AsyncSession],
    committing_client: httpx.AsyncClient,
    tokens: TestTokens,
) -> None:
    # given
    setup = await create_setup(committing_sessionmaker)
    headers = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),))
    batch = [setup.row(n) for n in range(200)]
    # when
    responses = await asyncio.gather(
        *(committing_client.post(setup.batch_url, json=batch, headers=headers) for _ in range(10))
    )
    # then
    assert all(r.status_code == 200 for r in responses), [r.text[:300] for r in responses]
    statuses = [r["status"] for resp in responses for r in resp.json()["results"]]
    others = [
        r
        for resp in responses
        for r in resp.json()["results"]
        if r["status"] not in ("created", "unchanged")
    ]
    assert others == []
    assert statuses.count("created") == 200
    assert statuses.count("unchanged") == 1800
    async with committing_sessionmaker() as session:
        assert await count_submissions(session, setup) == 200
        subjects = await session.execute(
            text("SELECT count(*) FROM subject WHERE study_id = :s"), {"s": setup.study.id}
        )
        assert subjects.scalar_one() == 200


async def test_a_second_interview_in_a_wave_needs_supersedes(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    again = setup.row(2, subject=pseudonym("person-1"))
    twice = [setup.row(3), setup.row(4, subject=pseudonym("person-3"))]
    # when
    dry = await client.post(setup.batch_url + "?mode=dry_run", json=[again], headers=integrator)
    in_batch = await client.post(setup.batch_url, json=twice, headers=integrator)
    # then
    assert dry.json()["results"][0]["errors"][0]["code"] == "DUPLICATE_INTERVIEW"
    assert [r["status"] for r in in_batch.json()["results"]] == ["created", "conflict"]


async def test_hostile_values_are_reported_briefly(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], analyst: dict[str, str]
) -> None:
    # given
    huge = "x" * 100_000
    row = setup.row(1, submissionId=huge, answers={huge: 1, "destination": {"nested": [1, 2]}})
    # when
    response = await client.post(setup.batch_url, json=[row], headers=integrator)
    bad_cursor = await client.get(
        f"/v1/studies/{setup.study.id}/submissions",
        params={"after": "WyJ4IiwieSJd"},
        headers=analyst,
    )
    # then
    assert response.status_code == 200
    assert len(response.text) < 2_000
    assert response.json()["results"][0]["status"] == "rejected"
    assert bad_cursor.status_code == 422
    assert bad_cursor.json()["errors"][0]["field"] == "after"

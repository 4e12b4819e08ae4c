"""Issue 16, finding 7: a writer's answers must not tell whether a pseudonym took part where
their role does not need to know. Dry runs, second interviews by another writer, corrections,
consent withdrawal and erasure answer alike for known and unknown pseudonyms; every probe,
dry run and refusal leaves an audit entry, none names a pseudonym."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

from .conftest import MAGDEBURG, Setup, pseudonym


@pytest.fixture
def writer_b(tokens: TestTokens, setup: Setup) -> dict[str, str]:
    """A second integration script of the same study (another school's system)."""
    return tokens.for_role(
        Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),), subject="integrator-b"
    )


def without_ids(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in ("row", "submissionId")} for r in results]


async def audit_actions(session: AsyncSession, setup: Setup) -> list[tuple[str, dict]]:
    rows = await session.execute(
        text("SELECT action, detail FROM audit_entry WHERE study_id = :s ORDER BY id"),
        {"s": setup.study.id},
    )
    return [(row.action, row.detail) for row in rows]


async def assert_no_pseudonym_in_audit(session: AsyncSession, setup: Setup, *people: str) -> None:
    stored = await session.execute(
        text("SELECT id::text, pseudonym FROM subject WHERE study_id = :s"), {"s": setup.study.id}
    )
    secrets = {v for row in stored for v in row} | {pseudonym(p) for p in people}
    log = await session.execute(
        text("SELECT string_agg(t::text, ' ') FROM audit_entry t WHERE study_id = :s"),
        {"s": setup.study.id},
    )
    entries = log.scalar_one() or ""
    assert not [s for s in secrets if s in entries]


async def test_a_writer_learns_nothing_of_another_writers_interview(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    writer_b: dict[str, str],
    session: AsyncSession,
) -> None:
    # given: writer A interviewed person-1 in wave 1 (with consent); nobody knows person-2
    await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    known = setup.row(11, subject=pseudonym("person-1"), consents=[])
    unknown = setup.row(12, subject=pseudonym("person-2"), consents=[])
    with_consent_known = setup.row(13, subject=pseudonym("person-1"))
    with_consent_unknown = setup.row(14, subject=pseudonym("person-2"))
    # when: writer B probes both pseudonyms with dry runs, with and without consent
    bare = await client.post(
        setup.batch_url + "?mode=dry_run", json=[known, unknown], headers=writer_b
    )
    consented = await client.post(
        setup.batch_url + "?mode=dry_run",
        json=[with_consent_known, with_consent_unknown],
        headers=writer_b,
    )
    # then: each pair is answered alike (A's stored consent and interview do not show)
    for response in (bare, consented):
        first, second = without_ids(response.json()["results"])
        assert first == second, response.text
    assert bare.json()["results"][0]["errors"][0]["code"] == "CONSENT_MISSING"
    assert consented.json()["results"][0]["status"] == "created"

    # when: writer B really sends both
    written = await client.post(
        setup.batch_url, json=[with_consent_known, with_consent_unknown], headers=writer_b
    )
    again = await client.post(
        setup.batch_url, json=[with_consent_known, with_consent_unknown], headers=writer_b
    )
    # then: both created, both unchanged when sent again; B's interview of person-1 is held
    # (stored, not current), so A's stays the one that counts and A's answers do not change
    assert [r["status"] for r in written.json()["results"]] == ["created", "created"]
    assert [r["status"] for r in again.json()["results"]] == ["unchanged", "unchanged"]
    rows = await session.execute(
        text(
            "SELECT submission_id, writer, held_at IS NOT NULL AS held, superseded_at IS NULL "
            "AS current FROM submission WHERE study_id = :s ORDER BY submission_id"
        ),
        {"s": setup.study.id},
    )
    assert [tuple(r) for r in rows] == [
        ("sub-1", "test-integrator", False, True),
        ("sub-13", "integrator-b", True, False),
        ("sub-14", "integrator-b", False, True),
    ]
    resend_a = await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    assert resend_a.json()["results"][0]["status"] == "unchanged"
    actions = [a for a, _ in await audit_actions(session, setup)]
    assert actions.count("submissions.dry_run") == 2
    ingested = [d for a, d in await audit_actions(session, setup) if a == "submissions.ingested"]
    assert [d["held"] for d in ingested] == [0, 1, 0, 0]
    await assert_no_pseudonym_in_audit(session, setup, "person-1", "person-2")


async def test_another_writers_submission_ids_are_as_unknown_as_ids_never_sent(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    writer_b: dict[str, str],
) -> None:
    # given: A's submission sub-1 of person-1
    await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    # when: B tries to correct it (and an id nobody sent), and uses the same id itself
    theirs = setup.row(21, supersedes="sub-1")
    nobodys = setup.row(22, supersedes="sub-999", subject=pseudonym("person-1"))
    dry = await client.post(
        setup.batch_url + "?mode=dry_run", json=[theirs, nobodys], headers=writer_b
    )
    same_id = await client.post(
        setup.batch_url, json=[setup.row(1, subject=pseudonym("person-5"))], headers=writer_b
    )
    # then: A's id is as unknown to B as one never sent; B's ids are B's own
    errors = [r["errors"][0] for r in dry.json()["results"]]
    assert [e["code"] for e in errors] == ["UNKNOWN_SUBMISSION"] * 2
    assert errors[0]["message"].replace("sub-1", "X") == errors[1]["message"].replace(
        "sub-999", "X"
    )
    assert same_id.json()["results"][0]["status"] == "created"


async def test_a_held_interview_stays_its_writers_to_correct(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    writer_b: dict[str, str],
    session: AsyncSession,
) -> None:
    # given: B's interview of person-1 is held behind A's
    await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    person_1 = pseudonym("person-1")
    await client.post(setup.batch_url, json=[setup.row(31, subject=person_1)], headers=writer_b)
    # when: B corrects it, and sends a second interview of its own without supersedes
    corrected = await client.post(
        setup.batch_url,
        json=[
            setup.row(32, subject=person_1, supersedes="sub-31", answers={"destination": "work"})
        ],
        headers=writer_b,
    )
    duplicate = await client.post(
        setup.batch_url, json=[setup.row(33, subject=person_1)], headers=writer_b
    )
    # then: the correction is taken (and held too); a second interview of B's own conflicts,
    # since B made both
    assert corrected.json()["results"][0]["status"] == "created", corrected.text
    assert duplicate.json()["results"][0]["errors"][0]["code"] == "DUPLICATE_INTERVIEW"
    current = await session.execute(
        text("SELECT submission_id FROM submission WHERE study_id = :s AND superseded_at IS NULL"),
        {"s": setup.study.id},
    )
    assert [r[0] for r in current] == ["sub-1"]


async def test_erasure_and_withdrawal_answer_alike_and_are_audited(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    writer_b: dict[str, str],
    tokens: TestTokens,
    session: AsyncSession,
) -> None:
    # given: person-1 took part, person-2 never did
    await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    base = f"/v1/studies/{setup.study.id}/subjects"
    withdrawal = {"scope": "panel_follow_up"}
    # when: writer B, who never wrote either, withdraws consent and asks for erasure of both
    withdrawn = [
        await client.post(
            f"{base}/{pseudonym(p)}/consent-withdrawals", json=withdrawal, headers=writer_b
        )
        for p in ("person-1", "person-2")
    ]
    erased = [
        await client.delete(f"{base}/{pseudonym(p)}", headers=writer_b)
        for p in ("person-1", "person-2")
    ]
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG)
    refused = await client.delete(f"{base}/{pseudonym('person-3')}", headers=partner)
    malformed = await client.delete(f"{base}/not-a-pseudonym", headers=writer_b)
    # then: the same status and body for a pseudonym with and without data
    for known, unknown in (withdrawn, erased):
        assert (known.status_code, known.content) == (unknown.status_code, unknown.content)
        assert known.status_code == 204
    assert refused.status_code in (403, 404) and malformed.status_code == 422
    actions = [a for a, _ in await audit_actions(session, setup)]
    assert actions.count("consent.withdrawn") == 2
    assert actions.count("subject.erased") == 2
    assert actions.count("subject.erasure_refused") == 2
    await assert_no_pseudonym_in_audit(session, setup, "person-1", "person-2", "person-3")


async def test_a_withdrawal_before_any_data_refuses_data_relying_on_earlier_consent(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], writer_b: dict[str, str]
) -> None:
    # given: person-9 withdrew participation before any data of theirs arrived
    response = await client.post(
        f"/v1/studies/{setup.study.id}/subjects/{pseudonym('person-9')}/consent-withdrawals",
        json={"scope": "participation"},
        headers=integrator,
    )
    assert response.status_code == 204
    later = (datetime.now(UTC) + timedelta(seconds=5)).isoformat()
    consent_after = [
        {"scope": "participation", "textVersion": "v2", "legalBasis": "consent", "givenAt": later}
    ]
    # when: a writer sends data relying on the consent given before, then on a new consent
    old = await client.post(setup.batch_url, json=[setup.row(9)], headers=writer_b)
    new = await client.post(
        setup.batch_url,
        json=[setup.row(10, subject=pseudonym("person-9"), consents=consent_after)],
        headers=writer_b,
    )
    # then
    assert old.json()["results"][0]["errors"][0]["code"] == "CONSENT_MISSING"
    assert new.json()["results"][0]["status"] == "created", new.text


async def test_refused_batches_are_audited_and_idempotency_keys_are_per_writer(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    writer_b: dict[str, str],
    session: AsyncSession,
) -> None:
    # given
    bad = setup.row(2, subject="raw-id-4711")
    # when: an atomic batch with a bad row; the same Idempotency-Key from two writers
    atomic = await client.post(
        setup.batch_url + "?mode=atomic", json=[setup.row(1), bad], headers=integrator
    )
    key = {"Idempotency-Key": "nightly-2026-12-01"}
    from_a = await client.post(setup.batch_url, json=[setup.row(3)], headers=integrator | key)
    from_b = await client.post(setup.batch_url, json=[setup.row(4)], headers=writer_b | key)
    # then: nothing of the atomic batch was stored, but its refusal is in the audit log; the
    # key of one writer says nothing to another
    assert atomic.status_code == 422
    assert atomic.json()["type"] == "urn:koko:problem:BATCH_REJECTED"
    assert (from_a.status_code, from_b.status_code) == (200, 200)
    assert from_b.json()["results"][0]["status"] == "created"
    rejected = [d for a, d in await audit_actions(session, setup) if a == "submissions.rejected"]
    assert [(d["mode"], d["created"], d["rejected"]) for d in rejected] == [("atomic", 1, 1)]
    stored = await session.execute(
        text("SELECT count(*) FROM submission WHERE study_id = :s AND submission_id = 'sub-1'"),
        {"s": setup.study.id},
    )
    assert stored.scalar_one() == 0

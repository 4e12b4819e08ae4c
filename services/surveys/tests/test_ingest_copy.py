"""Ingest writes new rows with binary COPY: what it stores equals what INSERT stored, a COPY
that loses a race to a concurrent request is undone and the batch settled row by row, and a
body without U+0000 skips the per-value search for one (a body with one still finds it)."""

from __future__ import annotations

from typing import Any
from uuid import RFC_4122, UUID

import httpx
import orjson
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_surveys import bulk_copy
from koko_surveys.ingest import checks
from koko_surveys.ingest.formats import parse_rows
from koko_surveys.ingest.subject_fields import age_group
from koko_surveys.subject.record_key import record_key
from koko_surveys.submission import repository

from .conftest import Setup, pseudonym


async def test_copied_rows_hold_what_insert_stored(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given: a row with everything a row can carry
    row = setup.row(1, informant={"kind": "teacher", "code": "T-1"})
    # when
    response = await client.post(setup.batch_url, json=[row], headers=integrator)
    # then
    assert [r["status"] for r in response.json()["results"]] == ["created"]
    stored = (
        await session.execute(
            text(
                "SELECT k.pseudonym, k.record_key AS subject_key, s.record_key, s.writer, "
                "s.held_at, s.superseded_at, s.created_at, s.updated_at, s.answers, s.sex, "
                "s.age_group, s.informant_id, c.scope, c.writer AS consent_writer, "
                "c.given_at FROM submission s JOIN subject k ON k.id = s.subject_id "
                "JOIN consent c ON c.subject_id = k.id WHERE s.study_id = :s"
            ),
            {"s": setup.study.id},
        )
    ).one()
    assert stored.pseudonym != row["subject"]  # re-keyed, the client's value is not stored
    assert stored.record_key == stored.subject_key
    assert stored.subject_key == record_key(setup.study.record_key_salt, stored.pseudonym)
    assert stored.writer == stored.consent_writer == "test-integrator"
    assert stored.held_at is None and stored.superseded_at is None
    assert stored.created_at is not None and stored.updated_at is not None
    assert stored.answers == {"destination": "training", "age": 17}
    expected_age = age_group(2007, setup.wave1.reference_date)
    assert (stored.sex, stored.age_group, stored.scope) == ("f", expected_age, "participation")
    assert stored.informant_id is not None
    assert stored.given_at.isoformat() == "2025-01-10T10:00:00+00:00"


async def test_a_copy_that_lost_a_race_is_undone_and_each_row_settled(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: sub-1 stored; the next batch's checks do not see it, as if a concurrent request
    # stored it after they looked (the submission ids and the interviews in the wave)
    await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    real_find, real_interviews = repository.find, repository.interviews_in_wave
    blind = {"find": 1, "interviews": 1}

    async def find(s: AsyncSession, study: Any, writer: str, ids: Any) -> Any:
        if ids and blind["find"]:
            blind["find"] -= 1
            return {}
        return await real_find(s, study, writer, ids)

    async def interviews(s: AsyncSession, wave: Any, writer: str, ids: Any) -> Any:
        if blind["interviews"]:
            blind["interviews"] -= 1
            return repository.WaveInterviews({}, set())
        return await real_interviews(s, wave, writer, ids)

    conflicts: list[str] = []
    real_copy = bulk_copy.copy_records

    async def copy_records(*args: Any) -> None:
        try:
            await real_copy(*args)
        except bulk_copy.CopyConflict as exc:
            conflicts.append(str(exc))
            raise

    monkeypatch.setattr(checks.submission_repository, "find", find)
    monkeypatch.setattr(checks.submission_repository, "interviews_in_wave", interviews)
    monkeypatch.setattr(repository, "copy_records", copy_records)
    # when
    response = await client.post(
        setup.batch_url, json=[setup.row(1), setup.row(2)], headers=integrator
    )
    # then: the copy hit sub-1, was undone, and the rows were written one statement at a time
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["unchanged", "created"]
    assert conflicts and "submission" in conflicts[0]
    counts = (
        await session.execute(
            text(
                "SELECT (SELECT count(*) FROM submission WHERE study_id = :s), "
                "(SELECT count(*) FROM subject WHERE study_id = :s), "
                "(SELECT count(*) FROM consent c JOIN subject k ON k.id = c.subject_id "
                "WHERE k.study_id = :s)"
            ),
            {"s": setup.study.id},
        )
    ).one()
    assert tuple(counts) == (2, 2, 2)


@pytest.mark.parametrize(
    ("body", "content_type", "nul_free"),
    [
        (b'[{"a": "x"}]', "application/json", True),
        (b'[{"a": "x\\u0000"}]', "application/json", False),
        (b'{"a": "x"}\n{"a\\u0000": 1}\n', "application/x-ndjson", False),
        (b"submission_id,subject\ns-1,x\n", "text/csv", True),
        (b"submission_id,subject\ns-1,x\x00\n", "text/csv", False),
        ("submission_id,subject\ns-1,x\n".encode("utf-16"), "text/csv", False),
    ],
)
def test_a_body_is_nul_free_only_without_any_form_of_u0000(
    body: bytes, content_type: str, nul_free: bool
) -> None:
    assert parse_rows(body, content_type, max_rows=10).nul_free is nul_free


@pytest.mark.parametrize("kind", ["ndjson", "csv"])
async def test_a_nul_in_an_ndjson_or_csv_row_rejects_that_row(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], kind: str
) -> None:
    # given
    subject = pseudonym("person-1")
    if kind == "ndjson":
        bad = setup.row(1, answers={"destination": "other", "other_text": "a\u0000b"})
        body = orjson.dumps(bad) + b"\n" + orjson.dumps(setup.row(2)) + b"\n"
        content_type = "application/x-ndjson"
    else:
        body = (
            f"submission_id,subject,instrument_version,destination,other_text\n"
            f"sub-1,{subject},{setup.version},other,a\x00b\n"
            f"sub-2,{pseudonym('person-2')},{setup.version},school,\n"
        ).encode()
        content_type = "text/csv"
    # when
    response = await client.post(
        setup.batch_url, content=body, headers={**integrator, "content-type": content_type}
    )
    # then
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert results[0]["status"] == "rejected"
    assert [e["field"] for e in results[0]["errors"]] == ["answers.other_text"]
    assert "\x00" not in response.text and "\\u0000" not in response.text


def test_new_ids_are_distinct_version_4_uuids() -> None:
    ids = bulk_copy.new_ids(1000)
    assert len(set(ids)) == 1000
    assert all(isinstance(i, UUID) and i.version == 4 and i.variant == RFC_4122 for i in ids)
    assert all(UUID(str(i)) == i for i in ids[:10])

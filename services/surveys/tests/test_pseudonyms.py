"""Pseudonyms: re-keyed per study with versioned keys; rotation keeps links within a study;
destroying the study key at panel end stops new links; withdrawn consent blocks submissions."""

from __future__ import annotations

from uuid import uuid4

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import ALL_REGIONS, Actor, Grant, Role
from koko_surveys.cli import end_panel
from koko_surveys.ingest.service import Mode, ingest
from koko_surveys.study.models import Study
from koko_surveys.subject.pseudonym import _parse, client_pseudonym_problem
from koko_surveys.subject.service import destroy_key
from koko_surveys.wave.models import Wave

from .conftest import COORDINATOR, TEST_KEYS, Setup, pseudonym

ADMIN = Actor(subject="admin", grants=(Grant(Role.ADMIN, ALL_REGIONS),))


async def test_after_key_rotation_the_same_person_still_links(
    setup: Setup, session: AsyncSession
) -> None:
    # given: a subject keyed under version 1, then the service gets version 2
    old_keys = _parse(TEST_KEYS, "test")
    new_keys = _parse('{"1": "' + "ab" * 32 + '", "2": "' + "ef" * 32 + '"}', "test")
    study = await session.get(Study, setup.study.id)
    wave1 = await session.get(Wave, setup.wave1.id)
    wave2 = await session.get(Wave, setup.wave2.id)
    assert study and wave1 and wave2
    await ingest(
        session,
        ADMIN,
        study=study,
        wave=wave1,
        rows=[setup.row(1)],
        mode=Mode.PARTIAL,
        keys=old_keys,
    )
    # when
    follow_up = setup.row(2, subject=pseudonym("person-1"))
    newcomer = setup.row(3)
    batch = await ingest(
        session,
        ADMIN,
        study=study,
        wave=wave2,
        rows=[follow_up, newcomer],
        mode=Mode.PARTIAL,
        keys=new_keys,
    )
    # then
    assert [r.status.value for r in batch.results] == ["created", "created"]
    subjects = await session.execute(
        text("SELECT key_version, count(*) FROM subject WHERE study_id = :s GROUP BY 1 ORDER BY 1"),
        {"s": study.id},
    )
    assert [tuple(r) for r in subjects] == [(1, 1), (2, 1)]


async def test_a_destroyed_study_key_takes_no_new_data(setup: Setup, session: AsyncSession) -> None:
    # given
    study = await session.get(Study, setup.study.id)
    wave = await session.get(Wave, setup.wave1.id)
    assert study and wave
    await destroy_key(session, COORDINATOR, study)
    # when
    batch = await ingest(
        session,
        ADMIN,
        study=study,
        wave=wave,
        rows=[setup.row(1)],
        mode=Mode.PARTIAL,
        keys=_parse(TEST_KEYS, "t"),
    )
    # then
    assert batch.results[0].errors[0].code == "STUDY_CLOSED"


async def test_withdrawn_consent_blocks_later_submissions(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    withdrawn = [
        {
            "scope": "participation",
            "textVersion": "v1",
            "legalBasis": "consent",
            "givenAt": "2025-01-10T10:00:00Z",
            "withdrawnAt": "2025-03-01T00:00:00Z",
        }
    ]
    # when
    response = await client.post(
        setup.url(setup.wave2),
        json=[setup.row(2, subject=pseudonym("person-1"), consents=withdrawn)],
        headers=integrator,
    )
    withdrawal = await client.post(
        f"/v1/studies/{setup.study.id}/subjects/{pseudonym('person-1')}/consent-withdrawals",
        json={"scope": "participation"},
        headers=integrator,
    )
    later = await client.post(
        setup.url(setup.wave2),
        json=[setup.row(3, subject=pseudonym("person-1"), consents=[])],
        headers=integrator,
    )
    # then
    assert response.json()["results"][0]["errors"][0]["code"] == "CONSENT_MISSING"
    assert withdrawal.status_code == 204
    assert later.json()["results"][0]["errors"][0]["code"] == "CONSENT_MISSING"


def test_plain_identifiers_are_not_pseudonyms() -> None:
    # then
    assert client_pseudonym_problem(pseudonym("4711")) is None
    for raw in ("4711", "Müller, Anna", "A" * 64, "1" * 64, "abc" * 21 + "a", None, 4711):
        assert client_pseudonym_problem(raw) is not None, raw


async def test_an_operator_ends_a_panel_from_the_command_line(
    setup: Setup, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    # when
    ended = await end_panel(sessionmaker, setup.study.id)
    unknown = await end_panel(sessionmaker, uuid4())
    # then
    assert ended is True and unknown is False
    async with sessionmaker() as session:
        study = await session.get(Study, setup.study.id)
        assert study is not None and study.pseudonym_salt is None

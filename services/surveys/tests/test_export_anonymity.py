"""The microdata export (issue 13, attack 2): k-anonymity over every released quasi-identifier,
generalisation before refusal, no exact timestamps, free text only when reviewed and asked for,
every export audited with its parameters."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Role
from koko_shared.demo_regions import SACHSEN_ANHALT
from koko_shared.testing.identity import TestTokens
from koko_surveys.study.models import Study

from .conftest import MAGDEBURG, Setup, create_setup

ALIKE = {"areaCode": "02", "sex": "f", "birthYear": 2007, "originGroup": "SYR"}
# Five municipalities of the district Börde (15083).
BOERDE_MUNICIPALITIES = [f"1508300{n}0{n}00" for n in range(1, 6)]


async def test_alike_rows_in_five_municipalities_go_out_as_one_district(
    sessionmaker: async_sessionmaker[AsyncSession], client: httpx.AsyncClient, tokens: TestTokens
) -> None:
    # given: five people alike on sex, age, origin and area, each in another municipality
    setup = await create_setup(sessionmaker, region=SACHSEN_ANHALT)
    writer = tokens.for_role(Role.INTEGRATOR, SACHSEN_ANHALT, studies=(str(setup.study.id),))
    rows = [
        setup.row(n, attributes={**ALIKE, "regionArs": ars})
        for n, ars in enumerate(BOERDE_MUNICIPALITIES)
    ]
    created = await client.post(setup.batch_url, json=rows, headers=writer)
    assert created.json()["summary"]["created"] == 5, created.text
    analyst = tokens.for_role(Role.ANALYST, SACHSEN_ANHALT)
    # when
    response = await client.get(f"/v1/studies/{setup.study.id}/submissions", headers=analyst)
    # then: not five unique rows, but five rows of one district without areas
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["generalisation"] == "district"
    attributes = [s["attributes"] for s in body["submissions"]]
    assert {a["regionArs"] for a in attributes} == {"150830000000"}
    assert {a["areaCode"] for a in attributes} == {None}
    for ars in BOERDE_MUNICIPALITIES:
        assert ars not in response.text


async def test_no_exact_timestamp_leaves_and_dates_go_out_as_months(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], analyst: dict[str, str]
) -> None:
    # given: five alike, with a date answer and an exact submission time
    rows = [
        setup.row(
            n,
            attributes={**ALIKE, "regionArs": MAGDEBURG},
            submittedAt="2026-11-03T09:41:17Z",
            answers={"destination": "training", "interview_date": "2026-11-02"},
        )
        for n in range(5)
    ]
    created = await client.post(setup.batch_url, json=rows, headers=integrator)
    assert created.json()["summary"]["created"] == 5, created.text
    # when
    response = await client.get(f"/v1/studies/{setup.study.id}/submissions", headers=analyst)
    # then
    assert response.status_code == 200, response.text
    exported = response.json()["submissions"]
    assert {s["submitted"] for s in exported} == {"2026-11"}
    assert {s["answers"]["interview_date"] for s in exported} == {"2026-11"}
    assert not re.search(r"\d{4}-\d{2}-\d{2}", response.text), "no exact date or time"
    assert all("updatedAt" not in s and "submittedAt" not in s for s in exported)


async def test_free_text_only_for_reviewed_questions_on_request(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    analyst: dict[str, str],
    session: AsyncSession,
) -> None:
    # given: five alike who wrote free text
    rows = [
        setup.row(
            n,
            attributes={**ALIKE, "regionArs": MAGDEBURG},
            answers={"destination": "other", "other_text": f"Praktikum bei Firma {n}"},
        )
        for n in range(5)
    ]
    await client.post(setup.batch_url, json=rows, headers=integrator)
    url = f"/v1/studies/{setup.study.id}/submissions"
    # when
    default = await client.get(url, headers=analyst)
    unreviewed = await client.get(url, params={"freeText": "other_text"}, headers=analyst)
    study = await session.get(Study, setup.study.id)
    assert study is not None
    study.reviewed_free_text = ["other_text"]
    await session.flush()
    reviewed = await client.get(url, params={"freeText": "other_text"}, headers=analyst)
    # then
    assert default.status_code == 200 and "Praktikum" not in default.text
    assert unreviewed.status_code == 422
    assert unreviewed.json()["errors"][0]["field"] == "freeText"
    assert reviewed.status_code == 200 and "Praktikum bei Firma 3" in reviewed.text
    audit = await session.execute(
        text(
            "SELECT detail FROM audit_entry WHERE study_id = :s AND action = 'microdata.exported' "
            "ORDER BY id"
        ),
        {"s": setup.study.id},
    )
    details = [row.detail for row in audit]
    assert [d["freeText"] for d in details] == [[], ["other_text"]]
    assert all(d["k"] == 5 and d["required"] == 5 and d["generalisation"] for d in details)


async def test_a_unique_person_is_refused_after_every_generalisation(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    analyst: dict[str, str],
    session: AsyncSession,
) -> None:
    # given: five alike and one of another sex
    rows = [setup.row(n, attributes={**ALIKE, "regionArs": MAGDEBURG}) for n in range(5)]
    rows.append(setup.row(9, attributes={**ALIKE, "regionArs": MAGDEBURG, "sex": "m"}))
    await client.post(setup.batch_url, json=rows, headers=integrator)
    # when
    response = await client.get(f"/v1/studies/{setup.study.id}/submissions", headers=analyst)
    # then
    assert response.status_code == 409
    assert response.json()["type"] == "urn:koko:problem:K_ANONYMITY_NOT_MET"
    refused = await session.execute(
        text(
            "SELECT detail FROM audit_entry WHERE study_id = :s "
            "AND action = 'microdata.export_refused'"
        ),
        {"s": setup.study.id},
    )
    assert [(d.detail["k"], d.detail["required"]) for d in refused] == [(1, 5)]

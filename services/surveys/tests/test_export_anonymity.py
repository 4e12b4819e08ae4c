"""The microdata export (issues 13 and 16): k over every released column, answers included,
numbers in bands, dates as months, rare values suppressed locally (and said so) instead of the
export being refused, free text only when reviewed and asked for, every export audited."""

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
from .exports import all_records, export, smallest_group

ALIKE = {"areaCode": "02", "sex": "f", "birthYear": 2007, "originGroup": "SYR"}
# Five municipalities of the district Börde (15083).
BOERDE_MUNICIPALITIES = [f"1508300{n}0{n}00" for n in range(1, 6)]


async def test_alike_rows_in_five_municipalities_go_out_as_one_district(
    sessionmaker: async_sessionmaker[AsyncSession], client: httpx.AsyncClient, tokens: TestTokens
) -> None:
    # given: five people alike on everything but their municipality
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
    body, records = await all_records(client, setup.study.id, analyst, wave="w1")
    # then: blanking five municipalities would cost more than generalising them
    assert body["summary"]["generalisation"] == "district"
    assert body["summary"]["suppressedValues"] == 0
    attributes = [r["waves"]["w1"]["attributes"] for r in records]
    assert {a["regionArs"] for a in attributes} == {"150830000000"}
    assert {a["areaCode"] for a in attributes} == {None}
    for ars in BOERDE_MUNICIPALITIES:
        assert ars not in str(body)


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
    response = await export(client, setup.study.id, analyst, wave="w1")
    # then
    assert response.status_code == 200, response.text
    exported = [r["waves"]["w1"] for r in response.json()["items"]]
    assert {s["submitted"] for s in exported} == {"2026-11"}
    assert {s["answers"]["interview_date"] for s in exported} == {"2026-11"}
    assert not re.search(r"\d{4}-\d{2}-\d{2}", response.text), "no exact date or time"


async def test_exact_ages_leave_in_bands_and_every_record_has_k_alike(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], analyst: dict[str, str]
) -> None:
    # given (issue 16, finding 6: with the exact age, k fell to 2): ten people alike except
    # their exact age 10 ... 19 and how many hours they work (a decimal without a range)
    rows = [
        setup.row(
            n,
            attributes={**ALIKE, "regionArs": MAGDEBURG},
            answers={"destination": "training", "age": 10 + n, "hours": 1.25 + n / 2},
        )
        for n in range(10)
    ]
    created = await client.post(setup.batch_url, json=rows, headers=integrator)
    assert created.json()["summary"]["created"] == 10, created.text
    # when
    body, records = await all_records(client, setup.study.id, analyst, wave="w1")
    # then: the age leaves as a band of its range (10 to 40, five bands of width 10, the last
    # one joining the single value 40), hours as powers of ten; no one is unique
    answers = [r["waves"]["w1"]["answers"] for r in records]
    assert {a["age"] for a in answers} == {"10-19"}
    assert {a["hours"] for a in answers} == {"[1,10)"}
    assert body["summary"]["bands"]["answers.age"] == {
        "how": "range",
        "edges": ["10", "20", "30"],
        "top": 40.0,
    }
    assert len(records) + body["summary"]["withheld"] == 10
    assert smallest_group(records) >= 5
    assert not any(isinstance(v, int | float) for a in answers for k, v in a.items() if k != "age")


async def test_a_rare_value_is_suppressed_and_the_answer_counts_it(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], analyst: dict[str, str]
) -> None:
    # given: ten alike, and five more alike with them except a German level each of their own
    alike = {**ALIKE, "regionArs": MAGDEBURG}
    rows = [setup.row(n, attributes=alike) for n in range(10)]
    rows += [
        setup.row(
            10 + n,
            attributes=alike,
            answers={"destination": "training", "age": 17, "german_level": level},
        )
        for n, level in enumerate(("A1", "A2", "B1", "B2", "C1"))
    ]
    await client.post(setup.batch_url, json=rows, headers=integrator)
    # when
    body, records = await all_records(client, setup.study.id, analyst, wave="w1")
    # then: not refused; the five levels are blanked, nothing else, and the answer says so
    summary = body["summary"]
    assert summary["records"] == 15 and summary["withheld"] == 0
    assert summary["suppressed"] == {"answers.german_level": 5}
    blanks = [r for r in records if r["waves"]["w1"]["answers"].get("german_level") == "*"]
    assert len(blanks) == 5
    for level in ("A1", "A2", "B1", "B2", "C1"):
        assert f'"{level}"' not in str(body).replace("'", '"')
    assert smallest_group(records) >= 5


async def test_a_person_unique_on_everything_is_withheld_not_the_export_refused(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    analyst: dict[str, str],
    session: AsyncSession,
) -> None:
    # given: ten alike and one of another sex, age and origin
    rows = [setup.row(n, attributes={**ALIKE, "regionArs": MAGDEBURG}) for n in range(10)]
    unique = {"regionArs": MAGDEBURG, "sex": "m", "birthYear": 1990, "originGroup": "AFG"}
    rows.append(setup.row(99, attributes=unique))
    await client.post(setup.batch_url, json=rows, headers=integrator)
    # when
    body, _ = await all_records(client, setup.study.id, analyst, wave="w1")
    # then: the ten leave, the one alone cannot be hidden among k, so they are left out
    assert (body["summary"]["records"], body["summary"]["withheld"]) == (10, 1)
    assert "AFG" not in str(body) and "27_plus" not in str(body)
    audit = await session.execute(
        text(
            "SELECT detail FROM audit_entry WHERE study_id = :s AND action = 'microdata.exported'"
        ),
        {"s": setup.study.id},
    )
    (detail,) = [row.detail for row in audit]
    assert (detail["records"], detail["withheld"], detail["k"]) == (10, 1, 5)


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
    # when
    default = await export(client, setup.study.id, analyst, wave="w1")
    unreviewed = await export(client, setup.study.id, analyst, wave="w1", freeText="other_text")
    study = await session.get(Study, setup.study.id)
    assert study is not None
    study.reviewed_free_text = ["other_text"]
    await session.flush()
    reviewed = await export(client, setup.study.id, analyst, wave="w1", freeText="other_text")
    # then: reviewed free text is not a key column (it would make everyone unique)
    assert default.status_code == 200 and "Praktikum" not in default.text
    assert unreviewed.status_code == 422
    assert unreviewed.json()["errors"][0]["field"] == "freeText"
    assert reviewed.status_code == 200 and "Praktikum bei Firma 3" in reviewed.text
    assert reviewed.json()["summary"]["nonIdentifyingColumns"] == ["answers.other_text"]
    audit = await session.execute(
        text(
            "SELECT detail FROM audit_entry WHERE study_id = :s AND action = 'microdata.exported' "
            "ORDER BY id"
        ),
        {"s": setup.study.id},
    )
    details = [row.detail for row in audit]
    assert [d["freeText"] for d in details] == [[], ["other_text"]]
    assert all(d["k"] == 5 and d["records"] == 5 and d["generalisation"] for d in details)


async def test_answers_an_admin_marked_non_identifying_leave_unblanked(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    analyst: dict[str, str],
    session: AsyncSession,
) -> None:
    # given: five alike, each with another satisfaction
    rows = [
        setup.row(
            n,
            attributes={**ALIKE, "regionArs": MAGDEBURG},
            answers={"destination": "training", "satisfaction": n + 1},
        )
        for n in range(5)
    ]
    await client.post(setup.batch_url, json=rows, headers=integrator)
    before = await export(client, setup.study.id, analyst, wave="w1")
    study = await session.get(Study, setup.study.id)
    assert study is not None
    study.non_identifying_questions = ["satisfaction"]
    await session.flush()
    # when
    after = await export(client, setup.study.id, analyst, wave="w1")
    # then: as an identifying answer every satisfaction was blanked; marked non-identifying,
    # it leaves as answered and k no longer covers it
    satisfactions = [r["waves"]["w1"]["answers"]["satisfaction"] for r in before.json()["items"]]
    assert satisfactions == ["*"] * 5
    summary = after.json()["summary"]
    assert "answers.satisfaction" not in summary["keyColumns"]
    assert summary["nonIdentifyingColumns"] == ["answers.satisfaction"]
    assert sorted(r["waves"]["w1"]["answers"]["satisfaction"] for r in after.json()["items"]) == [
        1,
        2,
        3,
        4,
        5,
    ]


async def test_a_refusal_names_the_combinations_that_block(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    analyst: dict[str, str],
    session: AsyncSession,
) -> None:
    # given: five people who differ in every column the analyst asks for
    rows = [
        setup.row(
            n,
            attributes={**ALIKE, "regionArs": MAGDEBURG, "originGroup": origin},
            answers={"destination": destination, "german_level": level},
        )
        for n, (origin, destination, level) in enumerate(
            zip(
                ("SYR", "UKR", "AFG", "EU", "OTHER"),
                ("school", "training", "work", "prep", "other"),
                ("A1", "A2", "B1", "B2", "C1"),
                strict=True,
            )
        )
    ]
    rows[4]["answers"]["other_text"] = "x"
    await client.post(setup.batch_url, json=rows, headers=integrator)
    columns = ["attributes.originGroup", "answers.destination", "answers.german_level"]
    # when
    response = await export(client, setup.study.id, analyst, wave="w1", columns=columns)
    # then: every value would have to go; the refusal says which columns block
    assert response.status_code == 409
    body = response.json()
    assert body["type"] == "urn:koko:problem:K_ANONYMITY_NOT_MET"
    assert {tuple(b["columns"]) for b in body["blocking"]} == {(c,) for c in columns}
    assert all(b["rareRecords"] == 5 for b in body["blocking"])
    refused = await session.execute(
        text(
            "SELECT detail FROM audit_entry WHERE study_id = :s "
            "AND action = 'microdata.export_refused'"
        ),
        {"s": setup.study.id},
    )
    assert [len(d.detail["blocking"]) for d in refused] == [3]


async def test_exports_are_whole_and_name_their_wave(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], analyst: dict[str, str]
) -> None:
    # given
    await client.post(setup.batch_url, json=[setup.row(n) for n in range(5)], headers=integrator)
    # when
    incremental = await export(client, setup.study.id, analyst, updated_since="2026-01-01")
    no_wave = await export(client, setup.study.id, analyst)
    unknown_wave = await export(client, setup.study.id, analyst, wave="w9")
    unknown_column = await export(client, setup.study.id, analyst, wave="w1", columns="nope")
    # then
    assert incremental.status_code == 422
    assert incremental.json()["errors"][0]["field"] == "updated_since"
    assert no_wave.status_code == 422 and "w1, w2" in no_wave.json()["title"]
    assert unknown_wave.status_code == 422 and unknown_wave.json()["errors"][0]["field"] == "wave"
    assert unknown_column.status_code == 422
    assert "answers.destination" in unknown_column.json()["title"]

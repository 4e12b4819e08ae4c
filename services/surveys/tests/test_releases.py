"""Releases per wave (issue 16): a closed wave's tables are computed once from its pinned table
plan and stored; every reader without the analyst role reads the stored values; a revision needs
enough changed people in every cell it changes; erasure never changes a published value."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Role
from koko_shared.graphql.ids import local_id, to_global_id
from koko_shared.testing.identity import TestTokens
from koko_surveys.wave import service as wave_service

from .conftest import COORDINATOR, MAGDEBURG, Setup, create_setup, graphql_data, pseudonym
from .releases import close, define_plan, release, reopen, stored_cells

gql = graphql_data

PUBLIC_TABLE = """query($s: ID!, $w: ID, $r: ID, $code: String!, $by: [Dimension!]) {
  indicator(studyId: $s, code: $code, waveId: $w, by: $by, releaseId: $r) {
    rows { key { value } value { numerator denominator rate sign } }
    total { numerator denominator rate sign }
    release { number revision } } }"""


@pytest.fixture
async def public_setup(sessionmaker: async_sessionmaker[AsyncSession]) -> Setup:
    return await create_setup(sessionmaker, aggregates_public=True)


@pytest.fixture
def coordinator(tokens: TestTokens) -> dict[str, str]:
    return tokens.for_role(Role.COORDINATOR, MAGDEBURG)


@pytest.fixture
def writer(tokens: TestTokens, public_setup: Setup) -> dict[str, str]:
    return tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(public_setup.study.id),))


async def send(
    client: httpx.AsyncClient,
    setup: Setup,
    headers: dict[str, str],
    numbers: range,
    answer: str,
    *,
    wave: Any = None,
    satisfaction: int | None = None,
    **attributes: Any,
) -> None:
    rows = [
        setup.row(
            n,
            submissionId=f"{(wave or setup.wave1).code}-{n}",
            answers={"destination": answer, "satisfaction": satisfaction or 1 + n % 5},
            **(
                {"attributes": {"regionArs": MAGDEBURG, "birthYear": 2007, **attributes}}
                if attributes
                else {}
            ),
        )
        for n in numbers
    ]
    response = await client.post(setup.url(wave or setup.wave1), json=rows, headers=headers)
    assert response.json()["summary"]["created"] == len(rows), response.text


def variables(setup: Setup, code: str = "destination:training", **more: Any) -> dict[str, Any]:
    return {
        "s": to_global_id("Study", setup.study.id),
        "w": to_global_id("Wave", setup.wave1.id),
        "code": code,
        **more,
    }


async def test_a_closed_wave_is_released_once_and_read_from_its_stored_values(
    client: httpx.AsyncClient,
    public_setup: Setup,
    writer: dict[str, str],
    coordinator: dict[str, str],
    tokens: TestTokens,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    # given: a plan, 20 answers "training" and 10 "work" in wave 1, which then closes
    setup = public_setup
    plan = await define_plan(client, setup, coordinator)
    assert plan["errors"] == [] and plan["waves"] == ["w1", "w2"]
    await send(client, setup, writer, range(20), "training")
    await send(client, setup, writer, range(100, 110), "work")
    await close(sessionmaker, setup.wave1)
    # when
    released = await release(client, setup.wave1, coordinator)
    public = await gql(client, PUBLIC_TABLE, variables(setup, by=["SEX"]))
    # then: the public reads exactly the stored values
    assert released["errors"] == [], released
    assert released["release"]["revision"] == 0 and released["release"]["submissionCount"] == 30
    release_id = local_id(released["release"]["id"], "StudyRelease")
    stored = {
        (kind, name, dims, key, category): value
        for _, kind, name, dims, key, category, value in await stored_cells(session, release_id)
    }
    table = public["indicator"]
    assert table["release"] == {"number": 1, "revision": 0}
    total = table["total"]
    assert total["numerator"] == stored[("indicator", "destination", "", (), "training")]
    assert total["denominator"] == stored[("indicator", "destination", "", (), "_total")]
    assert abs(total["denominator"] - 30) <= 2 and total["sign"] == "VALUE"
    female = next(r for r in table["rows"] if r["key"][0]["value"] == "f")["value"]
    assert female["numerator"] == stored[("indicator", "destination", "sex", ("f",), "training")]
    assert female["rate"] == round(female["numerator"] / female["denominator"], 3)
    # and: no person-level data in the stored values (counts per cell only)
    columns = await session.execute(
        text("SELECT column_name FROM information_schema.columns WHERE table_name = 'release_cell'")
    )
    assert {c for (c,) in columns} == {
        "release_id",
        "kind",
        "name",
        "dims",
        "key",
        "category",
        "value",
        "sign",
    }

    # and: the study lists the release; its true size only for the study's staff
    listing = (
        "query($id: ID!) { study(id: $id) { releases { number revision waveId planVersion "
        "submissionCount } } }"
    )
    study_id = {"id": to_global_id("Study", setup.study.id)}
    staff = (await gql(client, listing, study_id, coordinator))["study"]["releases"]
    anyone = (await gql(client, listing, study_id))["study"]["releases"]
    wave_id = to_global_id("Wave", setup.wave1.id)
    assert staff == [
        {"number": 1, "revision": 0, "waveId": wave_id, "planVersion": 1, "submissionCount": 30}
    ]
    assert anyone == [staff[0] | {"submissionCount": None}]

    # when: nothing is computed on read: the wave's interviews change after the release
    await reopen(sessionmaker, setup.wave1)
    await send(client, setup, writer, range(200, 230), "work")
    await close(sessionmaker, setup.wave1)
    analyst = tokens.for_role(Role.ANALYST, MAGDEBURG)
    again = await gql(client, PUBLIC_TABLE, variables(setup, by=["SEX"]))
    live = await gql(client, PUBLIC_TABLE, {**variables(setup), "code": "training_rate"}, analyst)
    # then: the public figures are identical; the analyst's live figures count the new ones
    assert again == public
    assert live["indicator"]["release"] is None
    assert abs(live["indicator"]["total"]["denominator"] - 60) <= 2


async def test_before_a_wave_is_released_the_public_sees_nothing(
    client: httpx.AsyncClient,
    public_setup: Setup,
    writer: dict[str, str],
    coordinator: dict[str, str],
) -> None:
    # given: a plan and 20 interviews, no release
    await define_plan(client, public_setup, coordinator)
    await send(client, public_setup, writer, range(20), "training")
    # when
    data = await gql(client, PUBLIC_TABLE, variables(public_setup, by=["AREA"]))
    # then: every cell of the plan's table is there, marked "nothing released" ('–')
    table = data["indicator"]
    assert table["release"] is None
    assert [r["key"][0]["value"] for r in table["rows"]] == ["01", "02", "03", "_other", None]
    assert {r["value"]["sign"] for r in table["rows"]} == {"NOTHING"}
    assert table["total"]["sign"] == "NOTHING" and table["total"]["numerator"] is None


async def test_only_the_plan_s_indicators_and_breakdowns_leave(
    client: httpx.AsyncClient,
    public_setup: Setup,
    writer: dict[str, str],
    coordinator: dict[str, str],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given: a released wave
    await define_plan(client, public_setup, coordinator)
    await send(client, public_setup, writer, range(20), "training")
    await close(sessionmaker, public_setup.wave1)
    assert (await release(client, public_setup.wave1, coordinator))["errors"] == []

    async def error(headers: dict[str, str] | None = None, **more: Any) -> str:
        response = await client.post(
            "/graphql",
            json={"query": PUBLIC_TABLE, "variables": variables(public_setup, **more)},
            # The expected fragments are English; German is the default.
            headers={**(headers or {}), "Accept-Language": "en"},
        )
        return str(response.json()["errors"][0]["message"])

    # when / then: a stored indicator definition with arbitrary conditions never leaves, for
    # the public nor for the study's coordinator; nor a breakdown outside the plan
    assert "no indicator 'training_rate'" in await error(code="training_rate")
    assert "no indicator 'training_rate'" in await error(coordinator, code="training_rate")
    assert "does not publish this breakdown" in await error(by=["ORIGIN_GROUP"])
    assert "does not publish this breakdown" in await error(by=["AREA", "AGE_GROUP"])
    assert "per wave" in await error(by=["WAVE"])
    # and the order of a breakdown does not matter
    crossed = await gql(client, PUBLIC_TABLE, variables(public_setup, by=["SEX", "AREA"]))
    assert len(crossed["indicator"]["rows"]) == 5 * 5


async def test_only_coordinators_release_and_only_closed_waves_with_a_plan(
    client: httpx.AsyncClient,
    public_setup: Setup,
    coordinator: dict[str, str],
    tokens: TestTokens,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given
    analyst = tokens.for_role(Role.ANALYST, MAGDEBURG)
    # when
    open_wave = await release(client, public_setup.wave1, coordinator)
    await close(sessionmaker, public_setup.wave1)
    without_plan = await release(client, public_setup.wave1, coordinator)
    await define_plan(client, public_setup, coordinator)
    by_analyst = await release(client, public_setup.wave1, analyst)
    by_public = await release(client, public_setup.wave1, {})
    # then
    assert open_wave["errors"][0]["code"] == "WAVE_NOT_CLOSED"
    assert without_plan["errors"][0]["code"] == "TABLE_PLAN_MISSING"
    assert by_analyst["release"] is None and by_analyst["errors"][0]["code"] == "FORBIDDEN"
    assert by_public["errors"][0]["code"] in ("FORBIDDEN", "NOT_FOUND")


async def test_a_plan_change_applies_to_waves_not_yet_in_the_field(
    client: httpx.AsyncClient,
    public_setup: Setup,
    coordinator: dict[str, str],
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    # given: plan 1 for both waves (in the field already), then a wave opening next month
    first = await define_plan(client, public_setup, coordinator)
    async with sessionmaker() as s, s.begin():
        wave3 = await wave_service.create_wave(
            s,
            COORDINATOR,
            public_setup.study,
            code="w3",
            label="Welle 3",
            position=3,
            reference_date=date.today() + timedelta(days=60),
            field_opens_date=date.today() + timedelta(days=30),
            field_closes_date=date.today() + timedelta(days=90),
            instrument_version_ids=[],
        )
    # when: the plan changes
    second = await define_plan(
        client,
        public_setup,
        coordinator,
        {"indicators": [{"code": "destination", "question": "destination"}], "breakdowns": []},
    )
    # then: version 2 applies to wave 3 only; the change is audited
    assert first["plan"]["version"] == 1 and second["plan"]["version"] == 2
    assert second["waves"] == ["w3"]
    versions = await session.execute(
        text("SELECT code, table_plan_version FROM wave WHERE study_id = :s ORDER BY position"),
        {"s": public_setup.study.id},
    )
    assert [tuple(r) for r in versions] == [("w1", 1), ("w2", 1), ("w3", 2)]
    assert wave3.code == "w3"
    audit = await session.execute(
        text(
            "SELECT count(*) FROM audit_entry WHERE study_id = :s AND action = 'table_plan.defined'"
        ),
        {"s": public_setup.study.id},
    )
    assert audit.scalar_one() == 2
    # and: anyone who sees the study reads its plans (what its releases publish)
    plans = await gql(
        client,
        "query($id: ID!) { study(id: $id) { tablePlans { version breakdowns indicators } } }",
        {"id": to_global_id("Study", public_setup.study.id)},
    )
    listed = plans["study"]["tablePlans"]
    assert [p["version"] for p in listed] == [1, 2]
    assert listed[0]["breakdowns"] == [["area"], ["sex"], ["area", "sex"], ["age_group"]]
    destination = listed[0]["indicators"][0]
    assert [c["code"] for c in destination["categories"]] == [
        "school",
        "training",
        "work",
        "prep",
        "other",
    ]


@pytest.mark.parametrize(
    ("plan", "field", "message"),
    [
        (
            {"indicators": [{"code": "x", "question": "nope"}], "breakdowns": []},
            "indicators.0",
            "no question 'nope'",
        ),
        (
            {"indicators": [{"code": "x", "question": "other_text"}], "breakdowns": []},
            "indicators.0",
            "categorical",
        ),
        (
            {"indicators": [{"code": "x", "question": "age"}], "breakdowns": []},
            "indicators",
            "bands",
        ),
        (
            {
                "indicators": [
                    {
                        "code": "x",
                        "question": "age",
                        "categories": [
                            {"code": "a", "minimum": 10, "maximum": 20},
                            {"code": "b", "minimum": 20, "maximum": 40},
                        ],
                    }
                ],
                "breakdowns": [],
            },
            "indicators.0",
            "bands overlap",
        ),
        (
            {
                "indicators": [
                    {
                        "code": "x",
                        "question": "destination",
                        "categories": [{"code": "a", "values": ["mars"]}],
                    }
                ],
                "breakdowns": [],
            },
            "indicators.0",
            "no answer 'mars'",
        ),
        (
            {"indicators": [{"code": "x", "question": "destination"}], "breakdowns": [["AREA"]]},
            "codeLists",
            "code list",
        ),
        (
            {"indicators": [{"code": "x", "question": "destination"}], "breakdowns": [["WAVE"]]},
            "breakdowns",
            "no dimension",
        ),
        ({"indicators": [], "breakdowns": []}, "indicators", "at least one"),
        (
            {
                "indicators": [{"code": "x", "question": "destination", "categories": 5}],
                "breakdowns": [],
            },
            "indicators.0",
            "list",
        ),
        ({"indicators": "destination", "breakdowns": []}, "indicators", "at least one"),
        (
            {
                "indicators": [{"code": "x", "question": "destination"}],
                "breakdowns": [],
                "codeLists": [],
            },
            "codeLists",
            "expected",
        ),
    ],
)
async def test_a_plan_that_cannot_be_published_is_refused_with_a_typed_error(
    client: httpx.AsyncClient,
    public_setup: Setup,
    coordinator: dict[str, str],
    plan: dict[str, Any],
    field: str,
    message: str,
) -> None:
    # when: asked in English (the expected fragments are English; German is the default)
    english = {**coordinator, "Accept-Language": "en"}
    result = await define_plan(client, public_setup, english, plan)
    # then
    assert result["plan"] is None
    error = result["errors"][0]
    assert (
        error["code"] == "BAD_USER_INPUT"
        and error["field"] == field
        and message in error["message"]
    ), error


async def test_a_revision_needs_enough_changed_people_in_every_changed_cell(
    client: httpx.AsyncClient,
    public_setup: Setup,
    writer: dict[str, str],
    coordinator: dict[str, str],
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    # given: wave 1 released with 30 people
    setup = public_setup
    await define_plan(client, setup, coordinator)
    await send(client, setup, writer, range(30), "training")
    await close(sessionmaker, setup.wave1)
    first = await release(client, setup.wave1, coordinator)
    first_cells = await stored_cells(session, local_id(first["release"]["id"], "StudyRelease"))
    unchanged = await release(client, setup.wave1, coordinator)
    # when: 3 people arrive late
    await reopen(sessionmaker, setup.wave1)
    await send(client, setup, writer, range(100, 103), "work", areaCode="02", sex="m")
    await close(sessionmaker, setup.wave1)
    refused = await release(client, setup.wave1, coordinator)
    # then: refused, naming the tables (not the cells: they would say where the three are)
    assert unchanged["errors"][0]["code"] == "RELEASE_UNCHANGED"
    assert refused["release"] is None
    error = refused["errors"][0]
    # German, the language of a request without Accept-Language
    assert error["code"] == "REVISION_TOO_SMALL" and "weniger als 10 Personen" in error["message"]
    assert (
        "destination (total)" in error["message"]
        and "destination by area x sex" in error["message"]
    )
    assert "work" not in error["message"] and "=02" not in error["message"]

    # when: 12 more arrive, all alike (every cell they change changes by at least 10 people)
    await reopen(sessionmaker, setup.wave1)
    await send(
        client, setup, writer, range(200, 212), "work", satisfaction=5, areaCode="02", sex="m"
    )
    await session.execute(
        text("DELETE FROM submission WHERE study_id = :s AND submission_id LIKE 'w1-10_'"),
        {"s": setup.study.id},
    )
    await session.commit()
    await close(sessionmaker, setup.wave1)
    accepted = await release(client, setup.wave1, coordinator)
    # then: a revision; every cell the newcomers are not in keeps its stored value exactly
    assert accepted["errors"] == [], accepted
    assert accepted["release"]["revision"] == 1 and accepted["release"]["newSubmissionCount"] == 12
    second = {
        c[1:6]: c[6]
        for c in await stored_cells(session, local_id(accepted["release"]["id"], "StudyRelease"))
    }
    before = {c[1:6]: c[6] for c in first_cells}
    assert set(second) == set(before)
    untouched = [
        cell
        for cell in before
        if cell[0] == "indicator" and cell[1] == "destination" and cell[4] not in ("work", "_total")
    ]
    assert untouched and all(second[c] == before[c] for c in untouched)
    public = await gql(client, PUBLIC_TABLE, variables(setup, code="destination:work"))
    assert public["indicator"]["release"] == {"number": 2, "revision": 1}
    assert abs(public["indicator"]["total"]["numerator"] - 12) <= 2


async def test_erasure_never_changes_a_published_value(
    client: httpx.AsyncClient,
    public_setup: Setup,
    writer: dict[str, str],
    coordinator: dict[str, str],
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    # given: both waves released (wave 2 with transitions and retention)
    setup = public_setup
    await define_plan(client, setup, coordinator)
    await send(client, setup, writer, range(20), "training")
    await send(client, setup, writer, range(10), "work", wave=setup.wave2)
    await close(sessionmaker, setup.wave1)
    await close(sessionmaker, setup.wave2)
    assert (await release(client, setup.wave1, coordinator))["errors"] == []
    assert (await release(client, setup.wave2, coordinator))["errors"] == []
    before = await stored_cells(session)
    public_before = await gql(client, PUBLIC_TABLE, variables(setup, by=["AREA", "SEX"]))
    # when: three people are erased, one of them interviewed in both waves
    for n in (0, 5, 15):
        erased = await client.delete(
            f"/v1/studies/{setup.study.id}/subjects/{pseudonym(f'person-{n}')}", headers=writer
        )
        assert erased.status_code == 204
    # then: their microdata is gone, every stored value is identical
    left = await session.execute(
        text("SELECT count(*) FROM submission WHERE study_id = :s"), {"s": setup.study.id}
    )
    assert left.scalar_one() == 30 - 5
    assert before and await stored_cells(session) == before
    assert await gql(client, PUBLIC_TABLE, variables(setup, by=["AREA", "SEX"])) == public_before
    # and: a revision after the erasure changes nothing
    assert (await release(client, setup.wave1, coordinator))["errors"][0]["code"] == (
        "RELEASE_UNCHANGED"
    )
    # and: stored values refuse updates
    with pytest.raises(DBAPIError, match="immutable"):
        async with session.begin_nested():
            await session.execute(text("UPDATE release_cell SET value = value + 1"))


async def test_transitions_retention_and_demand_of_the_public_come_from_the_release(
    client: httpx.AsyncClient,
    public_setup: Setup,
    writer: dict[str, str],
    coordinator: dict[str, str],
    tokens: TestTokens,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given: 20 people in wave 1; 12 of them and 5 new ones in wave 2; both released
    setup = public_setup
    async with sessionmaker() as s, s.begin():
        await s.execute(
            text("UPDATE study SET kind = 'intake' WHERE id = :s"), {"s": setup.study.id}
        )
    await define_plan(client, setup, coordinator)
    await send(client, setup, writer, range(20), "training")
    rows = [
        setup.row(
            n,
            submissionId=f"w2-{n}",
            answers={"destination": "work", "german_level": "A2", "seeking_course": True},
        )
        for n in [*range(12), *range(300, 305)]
    ]
    assert (await client.post(setup.url(setup.wave2), json=rows, headers=writer)).status_code == 200
    await close(sessionmaker, setup.wave1)
    await close(sessionmaker, setup.wave2)
    await release(client, setup.wave1, coordinator)
    await release(client, setup.wave2, coordinator)
    query = """query($s: ID!, $a: ID!, $b: ID!, $r: [_Any!]!) {
      study(id: $s) { retention { wave { code } interviewed retained sign } }
      transitions(studyId: $s, fromWaveId: $a, toWaveId: $b, question: "destination") {
        rowTotals { state count sign } cells { fromState toState count }
        release { number } }
      _entities(representations: $r) { ... on Region { demand { level newcomers } } } }"""
    ids = {
        "s": to_global_id("Study", setup.study.id),
        "a": to_global_id("Wave", setup.wave1.id),
        "b": to_global_id("Wave", setup.wave2.id),
        "r": [{"__typename": "Region", "ars": MAGDEBURG, "supply": []}],
    }
    # when
    public = await gql(client, query, ids)
    # and: more interviews arrive in wave 2 after its release
    await reopen(sessionmaker, setup.wave2)
    await send(client, setup, writer, range(400, 420), "work", wave=setup.wave2)
    again = await gql(client, query, ids)
    # then: the released figures, unchanged by what arrived later
    assert again == public
    retention = {r["wave"]["code"]: r for r in public["study"]["retention"]}
    assert abs(retention["w1"]["interviewed"] - 20) <= 2
    assert abs(retention["w2"]["interviewed"] - 17) <= 2
    assert abs(retention["w2"]["retained"] - 12) <= 2
    totals = {t["state"]: t["count"] for t in public["transitions"]["rowTotals"]}
    assert abs(totals["training"] - 20) <= 2 and totals["work"] == 0
    moved = {(c["fromState"], c["toState"]): c["count"] for c in public["transitions"]["cells"]}
    assert abs(moved[("training", "work")] - 12) <= 2
    assert abs(moved[("training", "not_reinterviewed")] - 8) <= 2
    assert public["transitions"]["release"] == {"number": 2}
    demand = {d["level"]: d["newcomers"] for d in public["_entities"][0]["demand"]}
    assert abs(demand["B1"] - 17) <= 2 and demand["C2"] == 0
    # and the analyst reads live figures, the late interviews included
    analyst = tokens.for_role(Role.ANALYST, MAGDEBURG)
    live = await gql(client, query, ids, analyst)
    assert live["transitions"]["release"] is None
    live_w2 = next(r for r in live["study"]["retention"] if r["wave"]["code"] == "w2")
    assert abs(live_w2["interviewed"] - 37) <= 2


async def test_a_release_of_another_study_is_not_found(
    client: httpx.AsyncClient,
    public_setup: Setup,
    coordinator: dict[str, str],
    tokens: TestTokens,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given: a release of another public study
    other = await create_setup(sessionmaker, aggregates_public=True)
    writer = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(other.study.id),))
    await define_plan(client, other, coordinator)
    await send(client, other, writer, range(10), "training")
    await close(sessionmaker, other.wave1)
    released = await release(client, other.wave1, coordinator)
    # when
    response = await client.post(
        "/graphql",
        json={
            "query": PUBLIC_TABLE,
            "variables": variables(public_setup, r=released["release"]["id"]),
        },
        headers={"accept-language": "de"},
    )
    # then: in the language asked for
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "keine Veröffentlichung" in error["message"]


async def test_a_coordinator_cannot_get_two_different_noisy_values_for_one_cell(
    client: httpx.AsyncClient,
    public_setup: Setup,
    writer: dict[str, str],
    coordinator: dict[str, str],
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    # given: wave 1 released with 30 people (the target, person-0, among them)
    setup = public_setup
    await define_plan(client, setup, coordinator)
    await send(client, setup, writer, range(30), "training")
    await close(sessionmaker, setup.wave1)
    assert (await release(client, setup.wave1, coordinator))["errors"] == []
    published = {c[1:6]: c[6] for c in await stored_cells(session)}

    async def values_now() -> dict[Any, int]:
        latest = await session.execute(
            text("SELECT id FROM study_release WHERE wave_id = :w ORDER BY revision DESC LIMIT 1"),
            {"w": setup.wave1.id},
        )
        return {c[1:6]: c[6] for c in await stored_cells(session, latest.scalar_one())}

    # when: the plan is redefined and the wave released again
    await define_plan(client, setup, coordinator)
    redefined = await release(client, setup.wave1, coordinator)
    # then: the wave keeps its plan; nothing to revise
    assert redefined["errors"][0]["code"] == "RELEASE_UNCHANGED"

    # when: two made-up respondents beside the target, sent after the wave closed
    padding = [
        setup.row(900 + n, submissionId=f"pad-{n}", answers={"destination": "training"})
        for n in range(2)
    ]
    late = await client.post(setup.batch_url, json=padding, headers=writer)
    # then: a closed wave takes nothing
    assert late.json()["results"][0]["errors"][0]["code"] == "WAVE_CLOSED"

    # when: the worst case, a late import of them (and re-sending them) before a re-release
    await reopen(sessionmaker, setup.wave1)
    await client.post(setup.batch_url, json=padding, headers=writer)
    resent = [
        setup.row(
            900 + n,
            submissionId=f"pad-again-{n}",
            supersedes=f"pad-{n}",
            answers={"destination": "training"},
        )
        for n in range(2)
    ]
    await client.post(setup.batch_url, json=resent, headers=writer)
    await close(sessionmaker, setup.wave1)
    padded = await release(client, setup.wave1, coordinator)
    # then: refused: the cells would change by two people
    assert padded["errors"] and padded["errors"][0]["code"] == "REVISION_TOO_SMALL", padded
    await session.execute(
        text("DELETE FROM submission WHERE study_id = :s AND submission_id LIKE 'pad%'"),
        {"s": setup.study.id},
    )
    await session.commit()

    # when: ten answers are superseded by identical ones
    await reopen(sessionmaker, setup.wave1)
    same = [
        setup.row(
            n,
            submissionId=f"fix-{n}",
            supersedes=f"w1-{n}",
            answers={"destination": "training", "satisfaction": 1 + n % 5},
        )
        for n in range(10)
    ]
    assert (await client.post(setup.batch_url, json=same, headers=writer)).json()["summary"][
        "created"
    ] == 10
    await close(sessionmaker, setup.wave1)
    superseded = await release(client, setup.wave1, coordinator)
    # then: the same people in the same cells: nothing to revise
    assert superseded["errors"][0]["code"] == "RELEASE_UNCHANGED"

    # when: ten people are erased and added again with the same answers
    for n in range(10, 20):
        await client.delete(
            f"/v1/studies/{setup.study.id}/subjects/{pseudonym(f'person-{n}')}", headers=writer
        )
    await reopen(sessionmaker, setup.wave1)
    await send(client, setup, writer, range(10, 20), "training")
    await close(sessionmaker, setup.wave1)
    re_added = await release(client, setup.wave1, coordinator)
    # then: whether or not that makes a revision (accepted where all ten share every cell,
    # refused where the satisfaction bands split them), every value is the one published
    # before: the same people bring the same record keys
    assert re_added["errors"] == [] or re_added["errors"][0]["code"] == "REVISION_TOO_SMALL"
    assert await values_now() == published

"""Published aggregates: indicators, transitions and retention under disclosure control; the
tests try to recover suppressed cells by differencing and must fail."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Role
from koko_shared.graphql.ids import to_global_id
from koko_shared.testing.identity import TestTokens
from koko_surveys.study.models import Study

from .conftest import COORDINATOR, MAGDEBURG, Setup, create_setup, pseudonym

# Area -> (sex, destination) of each subject in wave 1. Area 01 holds only two people.
POPULATION: list[tuple[str, str, str]] = (
    [("01", "f", "training"), ("01", "m", "work")]
    + [("02", "f" if n % 2 else "m", "training" if n % 3 else "school") for n in range(13)]
    + [("03", "f" if n % 3 else "m", "training" if n % 2 else "work") for n in range(27)]
)


async def seed(
    client: httpx.AsyncClient, setup: Setup, headers: dict[str, str], *, reinterview: int = 30
) -> None:
    rows, follow_up = [], []
    for n, (area, sex, destination) in enumerate(POPULATION):
        attributes = {
            "regionArs": MAGDEBURG,
            "areaCode": area,
            "sex": sex,
            "birthYear": 2007,
            "originGroup": "SYR" if n % 2 else "UKR",
        }
        rows.append(setup.row(n, attributes=attributes, answers={"destination": destination}))
        if n < reinterview:
            follow_up.append(
                setup.row(
                    1000 + n,
                    subject=pseudonym(f"person-{n}"),
                    attributes=attributes,
                    answers={"destination": "work" if n % 4 else "training"},
                )
            )
    first = await client.post(setup.batch_url, json=rows, headers=headers)
    second = await client.post(setup.url(setup.wave2), json=follow_up, headers=headers)
    assert first.json()["summary"]["created"] == len(rows), first.text
    assert second.json()["summary"]["created"] == len(follow_up), second.text


INDICATOR = """
query($study: ID!, $wave: ID, $by: [Dimension!]) {
  indicator(studyId: $study, code: "training_rate", waveId: $wave, by: $by) {
    rows { key { dimension value } value { numerator denominator rate suppressed } }
    total { numerator denominator rate suppressed }
  }
}"""


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers or {}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def table(
    client: httpx.AsyncClient, setup: Setup, headers: dict[str, str], by: list[str]
) -> dict[str, Any]:
    variables = {
        "study": to_global_id("Study", setup.study.id),
        "wave": to_global_id("Wave", setup.wave1.id),
        "by": by,
    }
    body = await gql(client, INDICATOR, variables, headers)
    assert "errors" not in body, body
    return body["data"]["indicator"]


def published_counts(data: dict[str, Any]) -> list[int]:
    cells = [row["value"] for row in data["rows"]] + [data["total"]]
    return [c[k] for c in cells for k in ("numerator", "denominator") if c[k] is not None]


@pytest.fixture
async def seeded(client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]) -> Setup:
    await seed(client, setup, integrator)
    return setup


async def test_no_published_count_is_below_the_threshold(
    client: httpx.AsyncClient, seeded: Setup, analyst: dict[str, str]
) -> None:
    # when
    tables = [
        await table(client, seeded, analyst, by)
        for by in ([], ["AREA"], ["SEX"], ["AREA", "SEX"], ["ORIGIN_GROUP", "AREA"])
    ]
    # then
    counts = [n for t in tables for n in published_counts(t)]
    assert counts and all(n >= 3 for n in counts)
    area_01 = next(r for r in tables[1]["rows"] if r["key"][0]["value"] == "01")
    assert area_01["value"] == {
        "numerator": None,
        "denominator": None,
        "rate": None,
        "suppressed": True,
    }


async def test_a_suppressed_cell_cannot_be_recovered_from_the_total(
    client: httpx.AsyncClient, seeded: Setup, analyst: dict[str, str]
) -> None:
    # given: area 01 has 2 respondents, suppressed in the breakdown by area
    by_area = await table(client, seeded, analyst, ["AREA"])
    total = await table(client, seeded, analyst, [])
    # when: the attacker subtracts the other areas from the total
    others = sum(r["value"]["denominator"] for r in by_area["rows"] if r["key"][0]["value"] != "01")
    recovered = total["total"]["denominator"] - others
    # then
    assert recovered != 2
    assert recovered % seeded.study.rounding_base == 0


async def test_overlapping_breakdowns_do_not_reveal_a_suppressed_cell(
    client: httpx.AsyncClient, seeded: Setup, analyst: dict[str, str]
) -> None:
    # given: women in area 01 (1 person) hidden in area x sex
    by_sex = await table(client, seeded, analyst, ["SEX"])
    by_area_sex = await table(client, seeded, analyst, ["AREA", "SEX"])
    women = next(r["value"]["denominator"] for r in by_sex["rows"] if r["key"][0]["value"] == "f")
    # when
    women_elsewhere = sum(
        r["value"]["denominator"] or 0
        for r in by_area_sex["rows"]
        if r["key"][1]["value"] == "f" and r["key"][0]["value"] != "01"
    )
    # then: differencing yields a multiple of the rounding base, never the true 1
    assert women - women_elsewhere != 1
    assert (women - women_elsewhere) % 5 == 0
    numerators = [
        r["value"]["numerator"] for r in by_area_sex["rows"] if r["value"]["numerator"] is not None
    ]
    assert all(n % 5 == 0 for n in numerators)


async def test_rates_need_a_denominator_of_ten(
    client: httpx.AsyncClient, seeded: Setup, analyst: dict[str, str]
) -> None:
    # when
    by_area_sex = await table(client, seeded, analyst, ["AREA", "SEX"])
    total = await table(client, seeded, analyst, [])
    # then: area 02 women are 7 people: counts shown (rounded), no rate
    row = next(r for r in by_area_sex["rows"] if [k["value"] for k in r["key"]] == ["02", "f"])
    assert row["value"]["denominator"] == 5 and row["value"]["rate"] is None
    assert total["total"]["rate"] is not None


async def test_the_transition_matrix_has_a_not_reinterviewed_state(
    client: httpx.AsyncClient, seeded: Setup, analyst: dict[str, str]
) -> None:
    # given
    query = """query($s: ID!, $a: ID!, $b: ID!) {
      transitions(studyId: $s, fromWaveId: $a, toWaveId: $b, question: "destination") {
        states { code label }
        cells { fromState toState count share suppressed }
        rowTotals { state count suppressed } } }"""
    variables = {
        "s": to_global_id("Study", seeded.study.id),
        "a": to_global_id("Wave", seeded.wave1.id),
        "b": to_global_id("Wave", seeded.wave2.id),
    }
    # when
    body = await gql(client, query, variables, analyst)
    # then
    matrix = body["data"]["transitions"]
    assert "not_reinterviewed" in [s["code"] for s in matrix["states"]]
    gone = [c for c in matrix["cells"] if c["toState"] == "not_reinterviewed"]
    assert gone, matrix
    assert all(
        c["count"] is None or (c["count"] >= 3 and c["count"] % 5 == 0) for c in matrix["cells"]
    )


async def test_retention_per_wave(
    client: httpx.AsyncClient, seeded: Setup, analyst: dict[str, str]
) -> None:
    # when
    body = await gql(
        client,
        "query($id: ID!) { study(id: $id) { retention {"
        " wave { code } interviewed retained retentionRate } } }",
        {"id": to_global_id("Study", seeded.study.id)},
        analyst,
    )
    # then: 42 interviewed in wave 1, 30 re-interviewed in wave 2
    retention = body["data"]["study"]["retention"]
    assert [(r["wave"]["code"], r["interviewed"], r["retained"]) for r in retention] == [
        ("w1", 40, 40),
        ("w2", 30, 30),
    ]
    assert retention[1]["retentionRate"] == 0.75


async def test_public_sees_only_published_aggregates(
    client: httpx.AsyncClient, seeded: Setup, session: AsyncSession
) -> None:
    # given: the study does not publish its aggregates
    variables = {"study": to_global_id("Study", seeded.study.id), "by": []}
    # when
    hidden = await gql(client, INDICATOR, variables)
    study = await session.get(Study, seeded.study.id)
    assert study is not None
    study.aggregates_public = True
    await session.commit()
    shown = await gql(client, INDICATOR, variables)
    # then
    assert hidden["data"] is None and "no study" in hidden["errors"][0]["message"]
    assert shown["data"]["indicator"]["total"]["denominator"] == 30


async def test_the_indicator_can_be_read_per_wave(
    client: httpx.AsyncClient, seeded: Setup, analyst: dict[str, str]
) -> None:
    # when
    body = await gql(
        client,
        INDICATOR,
        {"study": to_global_id("Study", seeded.study.id), "by": ["WAVE"]},
        analyst,
    )
    # then
    rows = body["data"]["indicator"]["rows"]
    assert [r["key"][0]["value"] for r in rows] == ["w1", "w2"]


async def test_demand_and_language_course_gap_use_the_offers_supply(
    sessionmaker: async_sessionmaker[AsyncSession], client: httpx.AsyncClient, tokens: TestTokens
) -> None:
    # given: an intake study where 12 newcomers at A2 seek a B1 course
    setup = await create_setup(sessionmaker, aggregates_public=True)
    async with sessionmaker() as session, session.begin():
        study = await session.get(Study, setup.study.id)
        assert study is not None
        study.kind = "intake"
    headers = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),))
    rows = [
        setup.row(
            n,
            answers={
                "destination": "other",
                "other_text": "intake",
                "german_level": "A2",
                "seeking_course": True,
            },
        )
        for n in range(12)
    ]
    rows += [
        setup.row(
            100 + n,
            answers={"destination": "school", "german_level": "none", "seeking_course": True},
        )
        for n in range(2)
    ]
    assert (await client.post(setup.batch_url, json=rows, headers=headers)).json()["summary"][
        "created"
    ] == 14
    query = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Region {
        demand { level newcomers suppressed }
        languageCourseGap { level demand freeSeats upcomingStarts gap } } } }"""
    supply = [
        {"courseTypeCode": "BAMF_IK_ALLG", "level": "B1", "upcomingStarts": 2, "freeSeats": 4}
    ]
    # when
    body = await gql(
        client, query, {"r": [{"__typename": "Region", "ars": MAGDEBURG, "supply": supply}]}
    )
    # then
    region = body["data"]["_entities"][0]
    assert {"level": "B1", "newcomers": 10, "suppressed": False} in region["demand"]
    assert {"level": "A1", "newcomers": None, "suppressed": True} in region["demand"]
    assert {"level": "B1", "demand": 10, "freeSeats": 4, "upcomingStarts": 2, "gap": 6} in region[
        "languageCourseGap"
    ]


async def test_offer_outcomes_are_disclosure_controlled(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], analyst: dict[str, str]
) -> None:
    # given: 11 participants of one offer, 1 of another
    offer = to_global_id("Offer", "00000000-0000-0000-0000-000000000001")
    lonely = to_global_id("Offer", "00000000-0000-0000-0000-000000000002")
    rows = [setup.row(n, attributes={"offerId": offer}) for n in range(11)] + [
        setup.row(50, attributes={"offerId": lonely})
    ]
    await client.post(setup.batch_url, json=rows, headers=integrator)
    query = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Offer {
      outcomes { indicatorCode value { numerator denominator rate suppressed } } } } }"""
    # when
    body = await gql(
        client,
        query,
        {"r": [{"__typename": "Offer", "id": offer}, {"__typename": "Offer", "id": lonely}]},
        analyst,
    )
    # then
    many, one = body["data"]["_entities"]
    assert many["outcomes"][0]["value"] == {
        "numerator": 10,
        "denominator": 10,
        "rate": 1.0,
        "suppressed": False,
    }
    assert one["outcomes"][0]["value"]["suppressed"] is True


async def test_studies_are_listed_for_those_who_may_see_them(
    client: httpx.AsyncClient, setup: Setup, analyst: dict[str, str]
) -> None:
    # given
    query = """{ studies(first: 10) { totalCount edges { node {
      code title region { ars } waves { code } } } } }"""
    # when
    as_analyst = await gql(client, query, {}, analyst)
    as_public = await gql(client, query, {})
    # then
    codes = [e["node"]["code"] for e in as_analyst["data"]["studies"]["edges"]]
    assert setup.study.code in codes
    assert setup.study.code not in [
        e["node"]["code"] for e in as_public["data"]["studies"]["edges"]
    ]
    assert COORDINATOR.subject == "coordinator"


async def test_an_indicator_can_be_narrowed_to_a_region(
    sessionmaker: async_sessionmaker[AsyncSession], client: httpx.AsyncClient, tokens: TestTokens
) -> None:
    from koko_shared.demo_regions import SACHSEN_ANHALT

    # given: a state-wide study with 12 respondents in Magdeburg and 20 in Haldensleben
    setup = await create_setup(sessionmaker, region=SACHSEN_ANHALT)
    writer = tokens.for_role(Role.INTEGRATOR, SACHSEN_ANHALT, studies=(str(setup.study.id),))
    rows = [
        setup.row(n, attributes={"regionArs": MAGDEBURG if n < 12 else "150830270270"})
        for n in range(32)
    ]
    await client.post(setup.batch_url, json=rows, headers=writer)
    query = """query($s: ID!, $w: ID!, $r: String) { indicator(studyId: $s,
      code: "training_rate", waveId: $w, regionArs: $r) { total { denominator } } }"""
    analyst = tokens.for_role(Role.ANALYST, SACHSEN_ANHALT)
    # when
    ids = {"s": to_global_id("Study", setup.study.id), "w": to_global_id("Wave", setup.wave1.id)}
    city = await gql(client, query, {**ids, "r": MAGDEBURG}, analyst)
    everyone = await gql(client, query, ids, analyst)
    bad = await gql(client, query, {**ids, "r": "15003"}, analyst)
    # then
    assert city["data"]["indicator"]["total"]["denominator"] == 10
    assert everyone["data"]["indicator"]["total"]["denominator"] == 30
    assert "12 digits" in bad["errors"][0]["message"]

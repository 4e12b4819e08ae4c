"""Published aggregates: indicators, transitions and retention under disclosure control; the
tests try to recover suppressed cells by differencing and must fail."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Role
from koko_shared.graphql.ids import to_global_id
from koko_shared.testing.identity import TestTokens
from koko_surveys.study.models import Study

from .conftest import COORDINATOR, MAGDEBURG, Setup, create_setup, pseudonym
from .published_ptable import MODULUS, published_count
from .releases import close, define_plan, release

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


async def publish_release(
    client: httpx.AsyncClient,
    setup: Setup,
    coordinator: dict[str, str],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> dict[str, Any]:
    """The wave-1 release of the test plan (defined here), once wave 1 closed."""
    await define_plan(client, setup, coordinator)
    await close(sessionmaker, setup.wave1)
    return await release(client, setup.wave1, coordinator)


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


async def test_every_count_is_the_true_count_plus_its_cell_key_perturbation(
    client: httpx.AsyncClient, seeded: Setup, analyst: dict[str, str], session: AsyncSession
) -> None:
    # given: the record keys stored with the 42 wave-1 submissions
    keys = {
        row.area_code: (int(row.n), int(row.k))
        for row in await session.execute(
            text(
                "SELECT area_code, count(*) AS n, sum(record_key) % 4294967296 AS k "
                "FROM submission WHERE wave_id = :w GROUP BY area_code"
            ),
            {"w": seeded.wave1.id},
        )
    }
    # when
    by_area = await table(client, seeded, analyst, ["AREA"])
    total = await table(client, seeded, analyst, [])
    # then: each shown denominator is its own cell's perturbation, the margin too
    shown = {r["key"][0]["value"]: r["value"]["denominator"] for r in by_area["rows"]}
    assert shown["02"] == published_count(*keys["02"])
    assert shown["03"] == published_count(*keys["03"])
    all_n = sum(n for n, _ in keys.values())
    all_k = sum(k for _, k in keys.values()) % MODULUS
    assert total["total"]["denominator"] == published_count(all_n, all_k)
    assert all(abs(shown[a] - keys[a][0]) <= 2 for a in ("02", "03"))
    assert shown["01"] is None  # two people: secret, whatever the perturbation


async def test_the_same_cell_shows_the_same_value_in_every_query(
    client: httpx.AsyncClient, seeded: Setup, analyst: dict[str, str]
) -> None:
    # when: the same cells reached through different breakdowns and orders
    area_sex = await table(client, seeded, analyst, ["AREA", "SEX"])
    sex_area = await table(client, seeded, analyst, ["SEX", "AREA"])
    again = await table(client, seeded, analyst, ["AREA", "SEX"])
    # then
    first = {tuple(k["value"] for k in r["key"]): r["value"] for r in area_sex["rows"]}
    swapped = {tuple(k["value"] for k in reversed(r["key"])): r["value"] for r in sex_area["rows"]}
    assert first == swapped
    assert area_sex == again


async def test_tables_are_complete_and_mark_empty_and_small_cells_alike(
    client: httpx.AsyncClient, seeded: Setup, analyst: dict[str, str], integrator: dict[str, str]
) -> None:
    # given: besides the seeded areas, one person in area 09 (fewer than the threshold)
    lonely = seeded.row(
        500, attributes={"regionArs": MAGDEBURG, "areaCode": "09", "sex": "m", "birthYear": 2007}
    )
    await client.post(seeded.batch_url, json=[lonely], headers=integrator)
    # when
    data = await gql(
        client,
        """query($study: ID!, $wave: ID) { indicator(studyId: $study, code: "training_rate",
        waveId: $wave, by: [AREA, SEX]) { rows { key { value label }
        value { numerator denominator rate suppressed sign } } } }""",
        {
            "study": to_global_id("Study", seeded.study.id),
            "wave": to_global_id("Wave", seeded.wave1.id),
        },
        analyst,
    )
    rows = {tuple(k["value"] for k in r["key"]): r for r in data["data"]["indicator"]["rows"]}
    # then: every area the study holds at least 3 times (01: two people in two waves), "other"
    # for rarer ones (09 is not named) and "not stated", times every sex and "not stated"
    assert {area for area, _ in rows} == {"01", "02", "03", "_other", None}
    assert len(rows) == 5 * 5 and "09" not in str(data)
    assert rows[("_other", "m")]["key"][0]["label"] == "übrige"
    assert rows[("_other", "m")]["value"]["sign"] == "SECRET"
    empty, small = rows[("02", "d")]["value"], rows[("01", "f")]["value"]  # 0 and 1 people
    assert (
        empty
        == small
        == {
            "numerator": None,
            "denominator": None,
            "rate": None,
            "suppressed": True,
            "sign": "SECRET",
        }
    )
    assert rows[("03", "f")]["value"]["sign"] == "VALUE"
    assert rows[("03", "f")]["key"][1]["label"] == "weiblich"
    assert rows[("01", None)]["key"][1]["label"] == "keine Angabe"


async def test_rates_need_a_denominator_of_ten(
    client: httpx.AsyncClient, seeded: Setup, analyst: dict[str, str]
) -> None:
    # when
    by_area_sex = await table(client, seeded, analyst, ["AREA", "SEX"])
    total = await table(client, seeded, analyst, [])
    # then: area 02 women are 6 people: a perturbed count shown, no rate
    row = next(r for r in by_area_sex["rows"] if [k["value"] for k in r["key"]] == ["02", "f"])
    assert abs(row["value"]["denominator"] - 6) <= 2 and row["value"]["rate"] is None, by_area_sex
    assert total["total"]["rate"] is not None


async def test_the_transition_matrix_has_a_not_reinterviewed_state(
    client: httpx.AsyncClient, seeded: Setup, analyst: dict[str, str]
) -> None:
    # given
    query = """query($s: ID!, $a: ID!, $b: ID!) {
      transitions(studyId: $s, fromWaveId: $a, toWaveId: $b, question: "destination") {
        states { code label }
        cells { fromState fromLabel toState toLabel count share suppressed }
        rowTotals { state count suppressed } } }"""
    variables = {
        "s": to_global_id("Study", seeded.study.id),
        "a": to_global_id("Wave", seeded.wave1.id),
        "b": to_global_id("Wave", seeded.wave2.id),
    }
    # when
    body = await gql(client, query, variables, analyst)
    # then: every pair of states, each labelled from the instrument's choices
    matrix = body["data"]["transitions"]
    assert "not_reinterviewed" in [s["code"] for s in matrix["states"]]
    assert len(matrix["cells"]) == 6 * 7
    gone = next(
        c
        for c in matrix["cells"]
        if (c["fromState"], c["toState"]) == ("training", "not_reinterviewed")
    )
    assert gone["toLabel"] == "nicht erneut befragt" and gone["fromLabel"] == "training"
    assert all(c["count"] is None or c["count"] >= 3 for c in matrix["cells"])


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
    # then: 42 interviewed in wave 1, 30 re-interviewed in wave 2 (perturbed by at most 2; the
    # same records make the same cell, so interviewed = retained in each wave)
    retention = body["data"]["study"]["retention"]
    (w1, n1, r1), (w2, n2, r2) = [
        (r["wave"]["code"], r["interviewed"], r["retained"]) for r in retention
    ]
    assert (w1, w2) == ("w1", "w2") and n1 == r1 and n2 == r2
    assert abs(n1 - 42) <= 2 and abs(n2 - 30) <= 2
    assert retention[1]["retentionRate"] == round(r2 / r1, 3)


async def test_public_sees_only_published_aggregates(
    client: httpx.AsyncClient,
    seeded: Setup,
    session: AsyncSession,
    tokens: TestTokens,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given: the study does not publish its aggregates
    query = INDICATOR.replace('"training_rate"', '"destination:training"')
    variables = {
        "study": to_global_id("Study", seeded.study.id),
        "wave": to_global_id("Wave", seeded.wave1.id),
        "by": [],
    }
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    # when
    hidden = await gql(client, query, variables, {"accept-language": "de"})
    study = await session.get(Study, seeded.study.id)
    assert study is not None
    study.aggregates_public = True
    await session.commit()
    await define_plan(client, seeded, coordinator)
    before_release = await gql(client, query, variables)
    await publish_release(client, seeded, coordinator, sessionmaker)
    shown = await gql(client, query, variables)
    # then: nothing before the wave's release, the release's figures after it
    # (asked in German)
    assert hidden["data"] is None and "keine Erhebung" in hidden["errors"][0]["message"]
    assert before_release["data"]["indicator"]["total"]["suppressed"] is True
    assert abs(shown["data"]["indicator"]["total"]["denominator"] - len(POPULATION)) <= 2


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


async def test_one_region_named_many_times_is_computed_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    engine: AsyncEngine,
    tokens: TestTokens,
) -> None:
    # given an intake study of Magdeburg with a stored release
    setup = await create_setup(sessionmaker, aggregates_public=True)
    async with sessionmaker() as session, session.begin():
        study = await session.get(Study, setup.study.id)
        assert study is not None
        study.kind = "intake"
    await publish_release(client, setup, tokens.for_role(Role.COORDINATOR, MAGDEBURG), sessionmaker)
    query = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Region {
        demand { level newcomers } languageCourseGap { level gap } } } }"""
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    async def statements_for(representations: int) -> int:
        statements.clear()
        event.listen(engine.sync_engine, "before_cursor_execute", count)
        try:
            region = {"__typename": "Region", "ars": MAGDEBURG, "supply": []}
            body = await gql(client, query, {"r": [region] * representations})
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", count)
        assert len(body["data"]["_entities"]) == representations
        return len([s for s in statements if "SAVEPOINT" not in s.upper()])

    # when the gateway names the region once, then 500 times (one per offer of a page)
    once = await statements_for(1)
    many = await statements_for(500)
    # then the region's demand is computed once per request either way
    assert many == once, (once, many)


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
    await publish_release(client, setup, tokens.for_role(Role.COORDINATOR, MAGDEBURG), sessionmaker)
    query = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Region {
        demand { level newcomers suppressed }
        languageCourseGap { level demand freeSeats upcomingStarts gap } } } }"""
    # An integration course leads to B1 but beginners start there (A1); a job language course
    # to B1 starts at B1 (it needs A2).
    supply = [
        {
            "courseTypeCode": "BAMF_IK_ALLG",
            "level": "B1",
            "startLevel": "A1",
            "upcomingStarts": 2,
            "freeSeats": 4,
        },
        {
            "courseTypeCode": "BSK_B1",
            "level": "B1",
            "startLevel": "B1",
            "upcomingStarts": 1,
            "freeSeats": 3,
        },
    ]
    # when
    body = await gql(
        client, query, {"r": [{"__typename": "Region", "ars": MAGDEBURG, "supply": supply}]}
    )
    # then: every level is listed, from the stored release: 12 at B1 and the 2 at A1
    # perturbed, the empty levels zero
    region = body["data"]["_entities"][0]
    demand = {d["level"]: d for d in region["demand"]}
    assert list(demand) == ["A1", "A2", "B1", "B2", "C1", "C2"]
    b1 = demand["B1"]["newcomers"]
    assert abs(b1 - 12) <= 2 and demand["B1"]["suppressed"] is False
    a1 = demand["A1"]["newcomers"]
    assert 0 <= a1 <= 4 and demand["A2"]["newcomers"] == 0
    # Entry level against entry level: the integration course's seats are where beginners
    # start (A1), not at the B1 it leads to; the B1 job language course's seats count at B1.
    gap = {g["level"]: g for g in region["languageCourseGap"]}
    assert gap["A1"] == {
        "level": "A1",
        "demand": a1,
        "freeSeats": 4,
        "upcomingStarts": 2,
        "gap": a1 - 4,
    }
    assert gap["B1"] == {
        "level": "B1",
        "demand": b1,
        "freeSeats": 3,
        "upcomingStarts": 1,
        "gap": b1 - 3,
    }


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
    # then: numerator and denominator hold the same 11 records, so the same perturbed value
    many, one = body["data"]["_entities"]
    value = many["outcomes"][0]["value"]
    assert abs(value["denominator"] - 11) <= 2 and value["numerator"] == value["denominator"]
    assert value["rate"] == 1.0 and value["suppressed"] is False
    assert one["outcomes"] == []  # one participant: not even the study is named


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
    bad = await gql(client, query, {**ids, "r": "15003"}, {**analyst, "accept-language": "de"})
    # then
    assert abs(city["data"]["indicator"]["total"]["denominator"] - 12) <= 2
    assert abs(everyone["data"]["indicator"]["total"]["denominator"] - 32) <= 2
    assert "genau 12 Ziffern" in bad["errors"][0]["message"]  # in the language asked for

"""Releases (issue 13, attack 1 replayed): the public reads frozen figures only; a release needs
enough new submissions since the previous one; the differencing attack on two consecutive
releases gains the attacker at most 0.15 over the base rate."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Role
from koko_shared.graphql.ids import to_global_id
from koko_shared.testing.identity import TestTokens
from koko_surveys.release.attack import simulate
from koko_surveys.study.service import FLOORS

from .conftest import MAGDEBURG, Setup, create_setup, graphql_data, pseudonym

PUBLISH = """mutation($input: ReleasePublishInput!) { releasePublish(input: $input) {
  release { id number cutOffAt submissionCount newSubmissionCount }
  errors { field code message } } }"""

PUBLIC_TABLE = """query($s: ID!, $w: ID, $r: ID) {
  indicator(studyId: $s, code: "training_rate", waveId: $w, by: [SEX], releaseId: $r) {
    rows { key { value } value { numerator denominator rate sign } }
    total { numerator denominator rate sign }
    release { number } } }"""


gql = graphql_data


@pytest.fixture
async def public_setup(sessionmaker: async_sessionmaker[AsyncSession]) -> Setup:
    return await create_setup(sessionmaker, aggregates_public=True)


async def send(
    client: httpx.AsyncClient, setup: Setup, headers: dict[str, str], numbers: range, answer: str
) -> None:
    rows = [setup.row(n, answers={"destination": answer}) for n in numbers]
    response = await client.post(setup.batch_url, json=rows, headers=headers)
    assert response.json()["summary"]["created"] == len(rows), response.text


async def test_the_differencing_attack_finds_nothing_to_difference(
    client: httpx.AsyncClient, public_setup: Setup, tokens: TestTokens, session: AsyncSession
) -> None:
    # given: 12 answers "training" and 1 "other", released
    setup = public_setup
    writer = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),))
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    analyst = tokens.for_role(Role.ANALYST, MAGDEBURG)
    study = to_global_id("Study", setup.study.id)
    ids = {"s": study, "w": to_global_id("Wave", setup.wave1.id)}
    await send(client, setup, writer, range(12), "training")
    await send(client, setup, writer, range(100, 101), "other")
    first = (await gql(client, PUBLISH, {"input": {"studyId": study}}, coordinator))[
        "releasePublish"
    ]
    assert first["errors"] == [] and first["release"]["number"] == 1
    public_before = await gql(client, PUBLIC_TABLE, ids)
    live_before = await gql(client, PUBLIC_TABLE, ids, analyst)
    # when: the target is surveyed; then a coordinator tries to release again
    await send(client, setup, writer, range(200, 201), "training")
    public_after = await gql(client, PUBLIC_TABLE, ids)
    live_after = await gql(client, PUBLIC_TABLE, ids, analyst)
    refused = (await gql(client, PUBLISH, {"input": {"studyId": study}}, coordinator))[
        "releasePublish"
    ]
    # then: the public figure did not move; the analyst's live one counts the new answer
    assert public_after == public_before
    assert public_before["indicator"]["release"] == {"number": 1}
    assert abs(public_before["indicator"]["total"]["denominator"] - 13) <= 2, public_before
    assert live_after["indicator"]["release"] is None
    assert abs(live_before["indicator"]["total"]["denominator"] - 13) <= 2
    assert abs(live_after["indicator"]["total"]["denominator"] - 14) <= 2
    assert refused["release"] is None
    assert refused["errors"][0]["code"] == "TOO_FEW_NEW_SUBMISSIONS"
    assert "at least 10" in refused["errors"][0]["message"]
    assert "there are 1" in refused["errors"][0]["message"]
    assert (await gql(client, PUBLIC_TABLE, ids))["indicator"] == public_before["indicator"]
    audit = await session.execute(
        text("SELECT action FROM audit_entry WHERE study_id = :s AND action LIKE 'release.%'"),
        {"s": setup.study.id},
    )
    assert sorted(row.action for row in audit) == ["release.published", "release.refused"]

    # when: nine more arrive, ten since the first release
    await send(client, setup, writer, range(300, 309), "other")
    second = (await gql(client, PUBLISH, {"input": {"studyId": study}}, coordinator))[
        "releasePublish"
    ]
    public_second = await gql(client, PUBLIC_TABLE, ids)
    first_again = await gql(client, PUBLIC_TABLE, {**ids, "r": first["release"]["id"]})
    listing_query = (
        "query($id: ID!) { study(id: $id) { releases { number cutOffAt submissionCount "
        "newSubmissionCount } } }"
    )
    listing = await gql(client, listing_query, {"id": study}, coordinator)
    public_listing = await gql(client, listing_query, {"id": study})
    # then: release 2 holds 23, release 1 still reads as it did
    assert second["errors"] == [] and second["release"]["newSubmissionCount"] == 10
    assert public_second["indicator"]["release"] == {"number": 2}
    assert first_again == public_before
    releases = listing["study"]["releases"]
    assert [(r["number"], r["submissionCount"], r["newSubmissionCount"]) for r in releases] == [
        (1, 13, 13),
        (2, 23, 10),
    ]
    assert releases[0]["cutOffAt"] < releases[1]["cutOffAt"]
    # the public sees dates and cut-offs, not the exact sizes (a margin without perturbation)
    assert [
        (r["number"], r["submissionCount"], r["newSubmissionCount"])
        for r in public_listing["study"]["releases"]
    ] == [(1, None, None), (2, None, None)]


async def test_before_the_first_release_the_public_sees_nothing(
    client: httpx.AsyncClient, public_setup: Setup, tokens: TestTokens
) -> None:
    # given: 20 submissions, no release
    writer = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(public_setup.study.id),))
    await send(client, public_setup, writer, range(20), "training")
    # when
    data = await gql(client, PUBLIC_TABLE, {"s": to_global_id("Study", public_setup.study.id)})
    # then: every cell is there and marked "nothing released" ('–')
    table = data["indicator"]
    assert table["release"] is None
    assert {r["value"]["sign"] for r in table["rows"]} == {"NOTHING"}
    assert table["total"] == {
        "numerator": None,
        "denominator": None,
        "rate": None,
        "sign": "NOTHING",
    }


async def test_only_coordinators_release_and_only_closed_waves(
    client: httpx.AsyncClient, public_setup: Setup, tokens: TestTokens
) -> None:
    # given
    study = to_global_id("Study", public_setup.study.id)
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    analyst = tokens.for_role(Role.ANALYST, MAGDEBURG)
    # when
    by_analyst = (await gql(client, PUBLISH, {"input": {"studyId": study}}, analyst))[
        "releasePublish"
    ]
    open_wave = (
        await gql(
            client,
            PUBLISH,
            {
                "input": {
                    "studyId": study,
                    "waveIds": [to_global_id("Wave", public_setup.wave1.id)],
                }
            },
            coordinator,
        )
    )["releasePublish"]
    future = (
        await gql(
            client,
            PUBLISH,
            {"input": {"studyId": study, "cutOffAt": "2999-01-01T00:00:00Z"}},
            coordinator,
        )
    )["releasePublish"]
    # then
    assert by_analyst["release"] is None and by_analyst["errors"][0]["message"].startswith(
        "only coordinators"
    )
    assert open_wave["errors"][0]["code"] == "WAVE_NOT_CLOSED"
    assert future["errors"][0]["field"] == "cutOffAt"


async def test_a_release_never_changes(
    client: httpx.AsyncClient, public_setup: Setup, tokens: TestTokens, session: AsyncSession
) -> None:
    # given
    writer = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(public_setup.study.id),))
    await send(client, public_setup, writer, range(10), "training")
    published = (
        await gql(
            client,
            PUBLISH,
            {"input": {"studyId": to_global_id("Study", public_setup.study.id)}},
            tokens.for_role(Role.COORDINATOR, MAGDEBURG),
        )
    )["releasePublish"]
    assert published["errors"] == []
    # when / then
    with pytest.raises(DBAPIError, match="immutable"):
        async with session.begin_nested():
            await session.execute(text("UPDATE study_release SET submission_count = 1"))
    with pytest.raises(DBAPIError, match="immutable"):
        async with session.begin_nested():
            await session.execute(
                text("UPDATE study_release_submission SET submission_row_id = gen_random_uuid()")
            )


@pytest.mark.parametrize(
    "shares",
    [
        [0.2, 0.2, 0.2, 0.2, 0.2],  # uniform: the attacker's best case
        [0.5, 0.5],
        [0.35, 0.25, 0.2, 0.15, 0.05],  # like the Verbleib demo
    ],
)
def test_two_consecutive_releases_add_at_most_015_to_the_guess(shares: list[float]) -> None:
    # given: the smallest release step a study may have, 1,000 simulated release pairs
    minimum = FLOORS["release_min_submissions"]
    # when
    outcome = simulate(shares, earlier_size=40, new_submissions=minimum, threshold=3, runs=1000)
    # then
    assert outcome.runs == 1000
    assert outcome.gain <= 0.15, outcome


def test_the_simulated_attacker_wins_against_unperturbed_figures() -> None:
    # given: exact counts and a release one submission after the previous one (the old world)
    exact = simulate(
        [0.2] * 5, earlier_size=40, new_submissions=1, threshold=3, runs=1000, perturb=False
    )
    one_apart = simulate([0.2] * 5, earlier_size=40, new_submissions=1, threshold=3, runs=1000)
    # then: the attacker's rule finds every answer; the perturbation alone leaves too much
    assert exact.attacker_rate == 1.0 and exact.gain > 0.7
    assert one_apart.gain > 0.15


async def test_retention_and_transitions_of_the_public_come_from_the_release(
    client: httpx.AsyncClient, public_setup: Setup, tokens: TestTokens
) -> None:
    # given: 12 released interviews in wave 1, then 12 more that are not released
    writer = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(public_setup.study.id),))
    study = to_global_id("Study", public_setup.study.id)
    await send(client, public_setup, writer, range(12), "training")
    await gql(
        client,
        PUBLISH,
        {"input": {"studyId": study}},
        tokens.for_role(Role.COORDINATOR, MAGDEBURG),
    )
    await send(client, public_setup, writer, range(100, 112), "work")
    query = """query($s: ID!, $a: ID!, $b: ID!) {
      study(id: $s) { retention { wave { code } interviewed sign } }
      transitions(studyId: $s, fromWaveId: $a, toWaveId: $b, question: "destination") {
        rowTotals { state count sign } release { number } } }"""
    variables = {
        "s": study,
        "a": to_global_id("Wave", public_setup.wave1.id),
        "b": to_global_id("Wave", public_setup.wave2.id),
    }
    # when
    public = await gql(client, query, variables)
    live = await gql(client, query, variables, tokens.for_role(Role.ANALYST, MAGDEBURG))
    # then: the public counts the 12 released, the analyst all 24
    public_wave1 = public["study"]["retention"][0]
    assert abs(public_wave1["interviewed"] - 12) <= 2 and public_wave1["sign"] == "VALUE"
    assert abs(live["study"]["retention"][0]["interviewed"] - 24) <= 2
    totals = {t["state"]: t for t in public["transitions"]["rowTotals"]}
    assert totals["work"]["sign"] == "SECRET" and totals["training"]["sign"] == "VALUE"
    assert public["transitions"]["release"] == {"number": 1}


async def test_a_release_of_another_study_is_not_found(
    client: httpx.AsyncClient,
    public_setup: Setup,
    tokens: TestTokens,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given: a release of another public study
    other = await create_setup(sessionmaker, aggregates_public=True)
    writer = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(other.study.id),))
    await send(client, other, writer, range(10), "training")
    released = await gql(
        client,
        PUBLISH,
        {"input": {"studyId": to_global_id("Study", other.study.id)}},
        tokens.for_role(Role.COORDINATOR, MAGDEBURG),
    )
    # when
    response = await client.post(
        "/graphql",
        json={
            "query": PUBLIC_TABLE,
            "variables": {
                "s": to_global_id("Study", public_setup.study.id),
                "r": released["releasePublish"]["release"]["id"],
            },
        },
    )
    # then
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND" and "no release" in error["message"]


async def test_erasure_still_removes_a_person_from_every_release(
    client: httpx.AsyncClient, public_setup: Setup, tokens: TestTokens, session: AsyncSession
) -> None:
    # given: a released person
    writer = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(public_setup.study.id),))
    await send(client, public_setup, writer, range(10), "training")
    await gql(
        client,
        PUBLISH,
        {"input": {"studyId": to_global_id("Study", public_setup.study.id)}},
        tokens.for_role(Role.COORDINATOR, MAGDEBURG),
    )
    # when
    erased = await client.delete(
        f"/v1/studies/{public_setup.study.id}/subjects/{pseudonym('person-3')}", headers=writer
    )
    # then: the right to erasure comes before the immutability of releases
    assert erased.status_code == 204
    frozen = await session.execute(
        text(
            "SELECT count(*) FROM study_release_submission r JOIN study_release s "
            "ON s.id = r.release_id WHERE s.study_id = :s"
        ),
        {"s": public_setup.study.id},
    )
    assert frozen.scalar_one() == 9


async def test_no_wave_differs_from_the_previous_release_by_a_few_people(
    client: httpx.AsyncClient, public_setup: Setup, tokens: TestTokens
) -> None:
    # given: a release, then ten new interviews in wave 1 and one in wave 2
    writer = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(public_setup.study.id),))
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    study = to_global_id("Study", public_setup.study.id)
    await send(client, public_setup, writer, range(10), "training")
    assert (await gql(client, PUBLISH, {"input": {"studyId": study}}, coordinator))[
        "releasePublish"
    ]["errors"] == []
    await send(client, public_setup, writer, range(100, 110), "work")
    lonely = public_setup.row(200, answers={"destination": "work"})
    await client.post(public_setup.url(public_setup.wave2), json=[lonely], headers=writer)
    # when: eleven new submissions in all, but wave 2's figures would move by one person
    refused = (await gql(client, PUBLISH, {"input": {"studyId": study}}, coordinator))[
        "releasePublish"
    ]
    # then
    assert refused["release"] is None
    assert refused["errors"][0]["code"] == "TOO_FEW_NEW_SUBMISSIONS"
    assert refused["errors"][0]["message"].startswith("wave w2: fewer than 10 new")

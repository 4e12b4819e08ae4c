"""Coordinators set up a study through GraphQL: study, instrument version, wave, indicator."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from koko_shared.auth.actor import Role
from koko_shared.demo_regions import BOERDE, MAGDEBURG
from koko_shared.graphql.ids import to_global_id
from koko_shared.testing.identity import TestTokens

from .conftest import QUESTIONS, Setup

CREATE = """mutation($input: StudyCreateInput!) { studyCreate(input: $input) {
  study { id code region { ars } disclosure { minCellCount kAnonymity method } }
  errors { field code message } } }"""


async def gql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_a_coordinator_sets_up_a_study(client: httpx.AsyncClient, tokens: TestTokens) -> None:
    # given
    headers = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    study_input = {
        "regionArs": MAGDEBURG,
        "code": "follow-up",
        "title": {"de": "Nachbefragung"},
        "kind": "follow_up",
        "minCellCount": 5,
    }
    # when
    study = (await gql(client, CREATE, {"input": study_input}, headers))["studyCreate"]
    version = (
        await gql(
            client,
            """mutation($i: InstrumentPublishInput!) { instrumentPublish(input: $i) {
        instrumentVersion { id reference } errors { code } } }""",
            {"i": {"studyId": study["study"]["id"], "code": "fb", "questions": QUESTIONS}},
            headers,
        )
    )["instrumentPublish"]
    today = date.today()
    wave = (
        await gql(
            client,
            """mutation($i: WaveCreateInput!) { waveCreate(input: $i) {
              wave { code closed } errors { code } } }""",
            {
                "i": {
                    "studyId": study["study"]["id"],
                    "code": "w1",
                    "label": "Welle 1",
                    "position": 1,
                    "referenceDate": today.isoformat(),
                    "fieldOpensDate": today.isoformat(),
                    "fieldClosesDate": (today + timedelta(days=30)).isoformat(),
                    "instrumentVersionIds": [version["instrumentVersion"]["id"]],
                }
            },
            headers,
        )
    )["waveCreate"]
    indicator = (
        await gql(
            client,
            """mutation($i: IndicatorDefineInput!) { indicatorDefine(input: $i) {
              indicator { code public } errors { field code } } }""",
            {
                "i": {
                    "studyId": study["study"]["id"],
                    "code": "work_rate",
                    "label": {"de": "Anteil in Arbeit"},
                    "numerator": {"question": "destination", "equals": "work"},
                    "denominator": {"answered": "destination"},
                    "public": True,
                }
            },
            headers,
        )
    )["indicatorDefine"]
    # then
    assert study["errors"] == [] and study["study"]["region"] == {"ars": MAGDEBURG}
    assert study["study"]["disclosure"] == {
        "minCellCount": 5,
        "kAnonymity": 5,
        "method": "cell_key",
    }
    assert version["instrumentVersion"]["reference"] == "fb@1"
    assert wave == {"wave": {"code": "w1", "closed": False}, "errors": []}
    assert indicator == {"indicator": {"code": "work_rate", "public": True}, "errors": []}


async def test_setup_mistakes_come_back_as_typed_errors(
    client: httpx.AsyncClient, tokens: TestTokens
) -> None:
    # given
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    elsewhere = tokens.for_role(Role.COORDINATOR, BOERDE)
    good = {"regionArs": MAGDEBURG, "code": "x1", "title": {"de": "X"}, "kind": "intake"}
    # when
    bad_ars = (await gql(client, CREATE, {"input": {**good, "regionArs": "1500"}}, coordinator))[
        "studyCreate"
    ]
    leaky = (await gql(client, CREATE, {"input": {**good, "minCellCount": 2}}, coordinator))[
        "studyCreate"
    ]
    weak_k = (await gql(client, CREATE, {"input": {**good, "kAnonymity": 4}}, coordinator))[
        "studyCreate"
    ]
    foreign = (await gql(client, CREATE, {"input": good}, elsewhere))["studyCreate"]
    # then
    assert bad_ars["errors"][0]["field"] == "regionArs"
    assert leaky["errors"][0]["field"] == "minCellCount" and leaky["study"] is None
    assert (
        weak_k["errors"][0]["field"] == "kAnonymity"
        and "mindestens 5" in weak_k["errors"][0]["message"]  # German: no Accept-Language
    )
    assert foreign["errors"][0]["code"] == "FORBIDDEN"


PUBLISH = """mutation($i: InstrumentPublishInput!) { instrumentPublish(input: $i) {
  instrumentVersion { reference } errors { field code } } }"""


async def test_only_those_who_publish_learn_what_is_wrong_with_the_questions(
    client: httpx.AsyncClient, tokens: TestTokens, setup: Setup, integrator: dict[str, str]
) -> None:
    # given: questions with two mistakes, a question list that is no list, and good questions
    study_id = to_global_id("Study", setup.study.id)
    bad = [{"name": "1st", "type": "text"}, {"name": "q", "type": "select_one"}]

    async def publish(headers: dict[str, str], questions: object) -> dict[str, Any]:
        variables = {"i": {"studyId": study_id, "code": "fb", "questions": questions}}
        return (await gql(client, PUBLISH, variables, headers))["instrumentPublish"]

    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    analyst = tokens.for_role(Role.ANALYST, MAGDEBURG)
    # when
    by_coordinator = await publish(coordinator, bad)
    not_a_list = await publish(coordinator, {"name": "q"})
    by_analyst = await publish(analyst, bad)
    by_anonymous = await publish({}, bad)
    by_integrator = await publish(integrator, QUESTIONS)
    # then: the coordinator learns both mistakes; the analyst is refused before the questions
    # are looked at; the anonymous caller does not see the study; the integrator publishes
    assert [(e["field"], e["code"]) for e in by_coordinator["errors"]] == [
        ("questions.0", "BAD_USER_INPUT"),
        ("questions.1", "BAD_USER_INPUT"),
    ]
    assert not_a_list["errors"] == [{"field": "questions", "code": "BAD_USER_INPUT"}]
    assert by_analyst == {
        "instrumentVersion": None,
        "errors": [{"field": None, "code": "FORBIDDEN"}],
    }
    assert by_anonymous["errors"] == [{"field": "studyId", "code": "NOT_FOUND"}]
    assert by_integrator == {"instrumentVersion": {"reference": "fb@1"}, "errors": []}

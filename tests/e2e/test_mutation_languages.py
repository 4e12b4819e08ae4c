"""Through the gateway, every mutation answers with the same `errors` shape (field, path, code,
message) and in the request language: catalogue, survey and webhook mutations alike; so do the
surveys' REST problems, batch rows and query errors."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.demo_regions import SACHSEN_ANHALT
from koko_shared.graphql.ids import from_global_id
from tests.e2e.conftest import System

pytestmark = pytest.mark.e2e

MAGDEBURG = "150030000000"
ERRORS = "errors { field path code message }"
OFFER_CREATE = f"""
mutation($input: OfferCreateInput!) {{ offerCreate(input: $input) {{ offer {{ id }} {ERRORS} }} }}
"""
STUDY_CREATE = f"""
mutation($input: StudyCreateInput!) {{ studyCreate(input: $input) {{ study {{ id }} {ERRORS} }} }}
"""
WEBHOOK_CREATE = f"""
mutation($input: WebhookSubscriptionCreateInput!) {{
  webhookSubscriptionCreate(input: $input) {{ secret {ERRORS} }}
}}
"""

# (language, offerCreate message, studyCreate message, webhookSubscriptionCreate message)
EXPECTED = [
    (
        "de",
        "'not-an-id' ist keine gültige ID.",
        "die Art muss eine von destination, employer, follow_up, intake, other sein",
        "die URL darf keinen Benutzernamen und kein Passwort enthalten",
    ),
    (
        "ar",
        "'not-an-id' ليس معرّفًا صالحًا.",
        "يجب أن يكون النوع واحدًا من destination, employer, follow_up, intake, other",
        "يجب ألا يحتوي الرابط على اسم مستخدم أو كلمة مرور",
    ),
    (
        "en",
        "'not-an-id' is not a valid id.",
        "kind must be one of destination, employer, follow_up, intake, other",
        "url must not contain a user name or password",
    ),
]


def _errors(body: dict[str, Any], mutation: str) -> list[dict[str, Any]]:
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][mutation]
    errors: list[dict[str, Any]] = payload["errors"]
    return errors


@pytest.mark.parametrize(("language", "offer", "study", "webhook"), EXPECTED)
async def test_every_mutation_answers_in_the_request_language(
    system: System, language: str, offer: str, study: str, webhook: str
) -> None:
    # given: a coordinator and a partner of Magdeburg, asking in one language
    coordinator = {
        **system.tokens.for_role(Role.COORDINATOR, MAGDEBURG),
        "Accept-Language": language,
    }
    partner = {**system.tokens.for_role(Role.PARTNER, MAGDEBURG), "Accept-Language": language}

    # when: each makes a mistake in a catalogue, a survey and a webhook mutation
    offer_body = await system.query(
        OFFER_CREATE,
        {"input": {"providerId": "not-an-id", "categoryCode": "language_course", "title": "x"}},
        headers=coordinator,
    )
    study_body = await system.query(
        STUDY_CREATE,
        {"input": {"regionArs": MAGDEBURG, "code": "e2e-lang", "title": {"de": "x"}, "kind": "x"}},
        headers=coordinator,
    )
    webhook_body = await system.query(
        WEBHOOK_CREATE,
        {
            "input": {
                "regionArs": MAGDEBURG,
                "url": "https://user:secret@partner.example/koko",
                "eventTypes": ["OFFER_CREATED"],
            }
        },
        headers=partner,
    )

    # then: one MutationError each, with its field path, in that language; nothing created
    assert _errors(offer_body, "offerCreate") == [
        {
            "field": "providerId",
            "path": ["input", "providerId"],
            "code": "BAD_USER_INPUT",
            "message": offer,
        }
    ]
    assert offer_body["data"]["offerCreate"]["offer"] is None  # type: ignore[index]
    assert _errors(study_body, "studyCreate") == [
        {"field": "kind", "path": ["input", "kind"], "code": "BAD_USER_INPUT", "message": study}
    ]
    assert study_body["data"]["studyCreate"]["study"] is None  # type: ignore[index]
    assert _errors(webhook_body, "webhookSubscriptionCreate") == [
        {"field": "url", "path": ["input", "url"], "code": "BAD_USER_INPUT", "message": webhook}
    ]
    assert webhook_body["data"]["webhookSubscriptionCreate"]["secret"] is None  # type: ignore[index]


async def test_survey_rest_and_query_errors_arrive_through_the_gateway_in_the_language(
    system: System,
) -> None:
    # given: a study of the demo, its integrator asking in German, an analyst asking in Arabic
    admin = Actor("admin", (Grant(Role.ADMIN, "*"),))
    data = await system.subgraph(
        "surveys",
        "{ studies { edges { node { id waves {"
        " id code closed fieldOpensDate fieldClosesDate } } } } }",
        actor=admin,
    )
    study = data["studies"]["edges"][0]["node"]
    wave = study["waves"][0]
    study_id = str(from_global_id(study["id"])[1])
    wave_id = str(from_global_id(wave["id"])[1])
    batch_url = f"{system.gateway.url}/v1/studies/{study_id}/waves/{wave_id}/submissions:batch"
    integrator = {
        **system.tokens.for_role(Role.INTEGRATOR, SACHSEN_ANHALT, studies=(study_id,)),
        "Accept-Language": "de",
    }
    analyst = {**system.tokens.for_role(Role.ANALYST, SACHSEN_ANHALT), "Accept-Language": "ar"}
    rows = [{"submissionId": "lang-1", "subject": "not-a-pseudonym", "answers": {}, "extra": 1}]

    # when: a dry run with a bad row, an empty batch and a query for an unknown indicator
    async with httpx.AsyncClient(timeout=30) as client:
        dry_run = await client.post(
            batch_url, params={"mode": "dry_run"}, json=rows, headers=integrator
        )
        empty = await client.post(batch_url, json=[], headers=integrator)
    query = await system.query(
        'query($s: ID!) { indicator(studyId: $s, code: "nope") { total { denominator } } }',
        {"s": study["id"]},
        headers=analyst,
    )

    # then: the row's errors and the problem in German, the query's error in Arabic
    assert dry_run.status_code == 200 and dry_run.headers["content-language"] == "de"
    messages = {e["code"]: e["message"] for e in dry_run.json()["results"][0]["errors"]}
    opens, closes = wave["fieldOpensDate"], wave["fieldClosesDate"]
    if not wave["closed"] and opens <= date.today().isoformat() <= closes:
        assert messages["UNKNOWN_FIELD"] == "unbekanntes Feld 'extra'", messages
    else:  # the demo's field windows are fixed dates: a closed wave refuses every row
        assert messages == {
            "WAVE_CLOSED": f"die Erhebungswelle '{wave['code']}' ist geschlossen "
            f"(Erhebungszeitraum {opens}–{closes})"
        }
    assert empty.status_code == 422 and empty.json()["title"] == "der Stapel ist leer"
    assert empty.json()["type"] == "urn:koko:problem:BAD_USER_INPUT"
    errors: list[dict[str, Any]] = query["errors"]  # type: ignore[assignment]
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert errors[0]["message"] == "لا يوجد مؤشر 'nope' في هذه الدراسة"

"""Through the gateway, every mutation answers with the same `errors` shape (field, path, code,
message) and in the request language: catalogue, survey and webhook mutations alike."""

from __future__ import annotations

from typing import Any

import pytest

from koko_shared.auth.actor import Role
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

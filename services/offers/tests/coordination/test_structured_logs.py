"""One structured logger: stdlib `logging` records (the webhook dispatcher's, libraries') come
out as the same JSON lines as structlog's, with the request id; a client's mistake is one line
without a traceback; console lines carry no colour codes when not written to a terminal."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import orjson
import pytest
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_offers.change_log import service as change_log
from koko_offers.settings import OffersSettings
from koko_offers.webhook.dispatcher import Dispatcher
from koko_shared.auth.actor import Actor, Role
from koko_shared.telemetry import configure_logging, logger, request_id_var
from koko_shared.testing.identity import TestTokens

from .conftest import MAGDEBURG, Catalogue

CREATE = """
mutation($input: WebhookSubscriptionCreateInput!) {
  webhookSubscriptionCreate(input: $input) { secret errors { code } }
}
"""


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    configure_logging(json=True, service="offers", stream=buffer)
    yield buffer
    configure_logging(json=False, service="offers")


def _lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


async def test_a_failed_webhook_delivery_is_one_json_line_with_the_request_id_of_the_change(
    client: httpx.AsyncClient,
    catalogue: Catalogue,
    tokens: TestTokens,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: OffersSettings,
    json_log: io.StringIO,
) -> None:
    # given: a subscription, and an edit made in a request with its own id
    await catalogue.region(MAGDEBURG)
    partner = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="logged-partner")
    created = await client.post(
        "/graphql",
        json={
            "query": CREATE,
            "variables": {
                "input": {
                    "regionArs": MAGDEBURG,
                    "url": "https://partner.example/hooks",
                    "eventTypes": ["OFFER_UPDATED"],
                }
            },
        },
        headers=partner,
    )
    assert created.json()["data"]["webhookSubscriptionCreate"]["errors"] == []
    offer, _ = await catalogue.language_course(start=date(2027, 1, 4))
    token = request_id_var.set("edit-4711")
    try:
        await change_log.record(
            session,
            Actor(subject="editor"),
            entity="offer",
            entity_id=offer.id,
            action="updated",
            region_ars=MAGDEBURG,
        )
    finally:
        request_id_var.reset(token)
    await session.commit()
    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda _: httpx.Response(503)))
    dispatcher = Dispatcher(sessionmaker, settings, client=http)
    # when: the receiver fails
    assert await dispatcher.run_once() == 1
    await http.aclose()
    # then: one JSON line, with the request id of the edit and the delivery's fields
    failed = [line for line in _lines(json_log) if line.get("event") == "webhook delivery failed"]
    assert len(failed) == 1, json_log.getvalue()
    [line] = failed
    assert line["request_id"] == "edit-4711"
    assert line["level"] == "warning" and line["service"] == "offers"
    assert line["outcome"] == "HTTP_STATUS" and line["delivery_id"]
    assert "timestamp" in line


async def test_a_client_error_is_logged_as_one_line_without_a_traceback(
    client: httpx.AsyncClient, json_log: io.StringIO
) -> None:
    # when: a document that does not validate, and one that does not parse
    for query in ("{ noSuchField }", "{ offers(first: "):
        response = await client.post(
            "/graphql", json={"query": query}, headers={"X-Request-Id": "bad-query-1"}
        )
        assert response.json()["errors"]
    # then
    lines = _lines(json_log)
    client_errors = [line for line in lines if line.get("event") == "graphql client error"]
    assert len(client_errors) == 2, json_log.getvalue()
    assert {line["request_id"] for line in client_errors} == {"bad-query-1"}
    assert {line["code"] for line in client_errors} <= {
        "GRAPHQL_VALIDATION_FAILED",
        "GRAPHQL_PARSE_FAILED",
        None,
    }
    assert "Traceback" not in json_log.getvalue()
    assert all("exception" not in line for line in lines)


def test_console_lines_have_no_colour_codes_when_not_a_terminal() -> None:
    # given: a log file (not a terminal)
    buffer = io.StringIO()
    configure_logging(json=False, service="offers", stream=buffer)
    try:
        # when: structlog and stdlib logging both write, one of them with a traceback
        logger.info("plain line", n=1)
        logging.getLogger("koko.test").warning("from stdlib", extra={"k": "v"})
        try:
            raise ValueError("boom")
        except ValueError:
            structlog.get_logger("koko").exception("failed")
    finally:
        configure_logging(json=False, service="offers")
    # then
    text = buffer.getvalue()
    assert "plain line" in text and "from stdlib" in text and "k=v" in text
    assert "ValueError: boom" in text
    assert "\x1b[" not in text

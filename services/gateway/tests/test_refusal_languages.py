"""The gateway's refusals of a request at the HTTP level (not well-formed, no query, credentials,
rate limit, trusted documents only, no supergraph yet, a body too large) are written in the
request's language, English without Accept-Language (docs/errors.md: top-level errors);
Content-Language names it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import GatewayClient, gateway_settings, open_gateway

from koko_gateway.app import create_app

GERMAN = {"accept-language": "de"}
JSON_BODY = {"content-type": "application/json"}


async def _refusals(
    http: httpx.AsyncClient, method: str, url: str, **request: Any
) -> list[httpx.Response]:
    """The same request with Accept-Language: de and without the header."""
    headers = request.pop("headers", {})
    return [
        await http.request(method, url, headers={**headers, **language}, **request)
        for language in (GERMAN, {})
    ]


def _assert_refused(
    answers: list[httpx.Response],
    status: int,
    code: str,
    german: str,
    english: str,
    *,
    content_language: bool = True,
) -> None:
    for response, expected, language in zip(answers, (german, english), ("de", "en"), strict=True):
        assert response.status_code == status, response.text
        (error,) = response.json()["errors"]
        assert (error["message"], error["extensions"]["code"]) == (expected, code)
        if content_language:
            assert response.headers["content-language"] == language


@pytest.mark.parametrize(
    ("method", "url", "request_options", "status", "code", "german", "english"),
    [
        (
            "POST",
            "/graphql",
            {"json": {"query": " "}},
            400,
            "BAD_REQUEST",
            "Die Anfrage enthält keine Abfrage (query).",
            "The request has no query.",
        ),
        (
            "POST",
            "/graphql",
            {"content": b"{", "headers": JSON_BODY},
            400,
            "BAD_REQUEST",
            "Der Inhalt der Anfrage ist kein gültiges JSON.",
            "The request body is not valid JSON.",
        ),
        (
            "POST",
            "/graphql",
            {"content": b"[]", "headers": JSON_BODY},
            400,
            "BAD_REQUEST",
            "Der Inhalt der Anfrage muss ein JSON-Objekt sein.",
            "The request body must be a JSON object.",
        ),
        (
            "POST",
            "/graphql",
            {"content": b" ", "headers": JSON_BODY},
            400,
            "BAD_REQUEST",
            "Der Inhalt der Anfrage ist leer; senden Sie ein JSON-Objekt mit einer Abfrage "
            "(query).",
            "The request body is empty; send a JSON object with a query.",
        ),
        (
            "POST",
            "/graphql",
            {"json": {"query": "{ color }", "variables": [1]}},
            400,
            "BAD_REQUEST",
            "variables muss ein JSON-Objekt sein.",
            "variables must be a JSON object.",
        ),
        (
            "POST",
            "/graphql",
            {"json": {"query": 5}},
            400,
            "BAD_REQUEST",
            "query muss eine Zeichenkette sein.",
            "query must be a string.",
        ),
        (
            "POST",
            "/graphql",
            {"content": b"{}", "headers": {"content-type": "text/plain"}},
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "Der Inhalt eines POST muss application/json (utf-8) sein, nicht text/plain.",
            "A POST body must be application/json (utf-8), not text/plain.",
        ),
        (
            "POST",
            "/graphql",
            {"json": {"query": "{ color }"}, "headers": {"accept": "text/html"}},
            406,
            "NOT_ACCEPTABLE",
            "Dieser Endpunkt antwortet mit application/graphql-response+json oder "
            "application/json; der Accept-Header erlaubt keins von beiden.",
            "This endpoint answers application/graphql-response+json or application/json; the "
            "Accept header allows neither.",
        ),
        (
            "GET",
            "/graphql",
            {"headers": {"accept": "application/json"}},
            400,
            "BAD_REQUEST",
            "Senden Sie eine Abfrage per POST (oder GET ?query=).",
            "Send a query with POST (or GET ?query=).",
        ),
        (
            "GET",
            '/graphql?query=mutation { renameProduct(id: "1", name: "x") { id } }',
            {},
            405,
            "METHOD_NOT_ALLOWED",
            "Mit GET dürfen nur Abfragen gesendet werden; senden Sie Mutationen per POST.",
            "Only queries may be sent with GET; send mutations with POST.",
        ),
        (
            "POST",
            "/graphql",
            {"json": {"query": "{ color }"}, "headers": {"authorization": "Basic abc"}},
            401,
            "UNAUTHENTICATED",
            "erwartet wird 'Authorization: Bearer <token>'",
            "expected 'Authorization: Bearer <token>'",
        ),
        (
            "POST",
            "/graphql",
            {"json": {"query": "{ color }"}, "headers": {"authorization": "Bearer not-a-jwt"}},
            401,
            "UNAUTHENTICATED",
            "fehlerhaft aufgebautes Token",
            "malformed token",
        ),
        (
            "POST",
            "/graphql",
            {"content": b"{}" + b" " * 1_000_000, "headers": JSON_BODY},
            413,
            "PAYLOAD_TOO_LARGE",
            "Der Inhalt der Anfrage ist größer als 1000000 Bytes.",
            "The request body exceeds 1000000 bytes.",
        ),
    ],
    ids=[
        "no query",
        "not JSON",
        "not an object",
        "empty body",
        "variables",
        "query type",
        "content type",
        "accept",
        "GET without query",
        "GET mutation",
        "scheme",
        "token",
        "body too large",
    ],
)
async def test_a_request_refused_at_the_http_level_is_answered_in_the_request_language(
    gateway: GatewayClient,
    method: str,
    url: str,
    request_options: dict[str, Any],
    status: int,
    code: str,
    german: str,
    english: str,
) -> None:
    answers = await _refusals(gateway.http, method, url, **request_options)
    # A mutation sent with GET is refused by the gateway's execution, whose Content-Language is
    # the language of the data (German by default), not that of a top-level error.
    _assert_refused(
        answers, status, code, german, english, content_language=code != "METHOD_NOT_ALLOWED"
    )


async def test_before_the_supergraph_is_loaded_the_refusal_is_in_the_request_language(
    supergraph_sdl: str,
) -> None:
    # given: an app whose lifespan (which loads the supergraph) has not run
    app = create_app(gateway_settings(), supergraph_sdl=supergraph_sdl)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        # when
        answers = await _refusals(http, "POST", "/graphql", json={"query": "{ color }"})
        schema = await _refusals(http, "GET", "/graphql/schema.graphql")
    # then
    for refused in (answers, schema):
        _assert_refused(
            refused,
            503,
            "SERVICE_UNAVAILABLE",
            "Der Supergraph ist noch nicht geladen.",
            "The supergraph is not loaded yet.",
        )


async def test_rate_limit_trusted_documents_and_schema_refusals_are_in_the_request_language(
    supergraph_sdl: str, tmp_path: Path
) -> None:
    # given: trusted documents only, introspection off, two requests a minute
    manifest = tmp_path / "operations.json"
    manifest.write_text(json.dumps({"operations": [{"id": "c", "body": "query C { color }"}]}))
    settings = gateway_settings(
        persisted_operations_file=manifest,
        persisted_operations_only=True,
        introspection=False,
        rate_limit_per_minute=2,
    )
    async for client in open_gateway(supergraph_sdl, settings):
        # when
        free_form = await _refusals(client.http, "POST", "/graphql", json={"query": "{ echo }"})
        schema = await _refusals(client.http, "GET", "/graphql/schema.graphql")
        limited = await _refusals(client.http, "POST", "/graphql", json={"documentId": "c"})
        # then
        _assert_refused(
            free_form,
            400,
            "PERSISTED_QUERY_REQUIRED",
            "Hier werden nur hinterlegte (persistierte) Operationen angenommen.",
            "Only persisted operations are accepted here.",
        )
        _assert_refused(
            schema,
            401,
            "UNAUTHENTICATED",
            "Das Schema steht angemeldeten Clients zur Verfügung: Senden Sie ein Token oder einen "
            "API-Schlüssel.",
            "The schema is available to authenticated clients: send a token or API key.",
        )
        _assert_refused(
            limited,
            429,
            "RATE_LIMITED",
            "Zu viele Anfragen; bitte langsamer.",
            "Too many requests; slow down.",
        )

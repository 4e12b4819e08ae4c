"""A subgraph's own top-level errors over its /graphql router, in the request's language and in
English without Accept-Language (docs/errors.md): the database unreachable or every connection
busy, and graphql-core's messages (a document that does not parse or validate, a variable not
provided), as a client that calls a subgraph directly reads them."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
import pytest
import strawberry
from fastapi import FastAPI
from sqlalchemy.exc import TimeoutError as PoolTimeout

from koko_shared.graphql.http_view import KokoGraphQLView
from koko_shared.graphql.schema import federation_schema
from koko_shared.testing.graphql import no_context

GERMAN = {"accept-language": "de"}


@strawberry.type
class Query:
    @strawberry.field
    def busy(self) -> int:
        raise PoolTimeout("QueuePool limit reached")

    @strawberry.field
    def down(self) -> int:
        raise asyncpg.CannotConnectNowError("the database system is starting up")

    @strawberry.field
    def echo(self, value: int) -> int:
        return value


def _app() -> FastAPI:
    app = FastAPI()
    app.router.routes.append(KokoGraphQLView(federation_schema(query=Query), no_context).route())
    return app


async def _errors(body: dict[str, Any]) -> list[list[tuple[str, str]]]:
    """(message, code) of each error, with Accept-Language: de and without the header."""
    transport = httpx.ASGITransport(app=_app())
    answers = []
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        for headers in (GERMAN, {}):
            response = await client.post("/graphql", json=body, headers=headers)
            answers.append(
                [(e["message"], e["extensions"]["code"]) for e in response.json()["errors"]]
            )
    return answers


@pytest.mark.parametrize(
    ("query", "code", "german", "english"),
    [
        (
            "{ busy }",
            "OVERLOADED",
            "Der Dienst ist ausgelastet; versuchen Sie es gleich noch einmal.",
            "The service is at capacity; try again in a moment.",
        ),
        (
            "{ down }",
            "SERVICE_UNAVAILABLE",
            "Die Datenbank ist nicht erreichbar; versuchen Sie es in Kürze erneut.",
            "The database is unavailable; try again shortly.",
        ),
    ],
    ids=["pool timeout", "database down"],
)
async def test_a_database_failure_is_reported_in_the_request_language(
    query: str, code: str, german: str, english: str
) -> None:
    assert await _errors({"query": query}) == [[(german, code)], [(english, code)]]


@pytest.mark.parametrize(
    ("body", "code", "german", "english"),
    [
        (
            {"query": "{ ech }"},
            "GRAPHQL_VALIDATION_FAILED",
            "Das Feld 'ech' gibt es im Typ 'Query' nicht. Meinten Sie 'echo'?",
            "Cannot query field 'ech' on type 'Query'. Did you mean 'echo'?",
        ),
        (
            {"query": "{ echo(value: 1) "},
            "GRAPHQL_PARSE_FAILED",
            "Syntaxfehler: Erwartet wurde Name, gefunden wurde <EOF>.",
            "Syntax Error: Expected Name, found <EOF>.",
        ),
        (
            {"query": "query($v: Int!) { echo(value: $v) }", "variables": {}},
            "BAD_USER_INPUT",
            "Die Variable '$v' vom erforderlichen Typ 'Int!' wurde nicht angegeben.",
            "Variable '$v' has invalid value: Expected a value of non-null type 'Int!' to be "
            "provided.",
        ),
    ],
    ids=["unknown field", "syntax error", "variable not provided"],
)
async def test_graphql_core_messages_are_in_the_request_language(
    body: dict[str, Any], code: str, german: str, english: str
) -> None:
    assert await _errors(body) == [[(german, code)], [(english, code)]]

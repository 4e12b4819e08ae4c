"""Through the gateway every mistake gives one error, and every error carries a code from the
one vocabulary (docs/errors.md)."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.conftest import System

pytestmark = pytest.mark.e2e

MISTAKES = [
    ('{ region(ars: "999") { name } }', None),
    ('{ offers(first: 5, after: "not-a-cursor") { totalCount } }', None),
    ("{ offers(first: 5, orderBy: DISTANCE) { totalCount } }", None),
    (
        'query ($from: Date!) { coursePlanning(regionArs: "150030000000", from: $from,'
        ' to: "2026-12-31") { __typename } }',
        {"from": "2026-13-45"},
    ),
]


@pytest.mark.parametrize(("query", "variables"), MISTAKES)
async def test_one_bad_user_input_error_per_mistake(
    system: System, query: str, variables: dict[str, object] | None
) -> None:
    # when
    body = await system.query(query, variables)

    # then
    errors = body["errors"]
    assert isinstance(errors, list)
    assert len(errors) == 1, errors
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT", errors


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ offers(first: 5) { totalCount }", "GRAPHQL_PARSE_FAILED"),
        ("{ offers(first: 5) { nothing } }", "GRAPHQL_VALIDATION_FAILED"),
    ],
)
@pytest.mark.parametrize(
    ("accept", "status"),
    [("application/graphql-response+json", 400), ("application/json", 200)],
)
async def test_documents_that_do_not_parse_or_validate_say_so(
    system: System, query: str, code: str, accept: str, status: int
) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(
            f"{system.gateway.url}/graphql", json={"query": query}, headers={"accept": accept}
        )

    # GraphQL over HTTP: a request error is a 400 under graphql-response+json, a 200 under JSON
    assert response.status_code == status
    assert response.headers["content-type"].startswith(accept)
    assert "data" not in response.json()
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == [code]

"""One vocabulary of error codes: UPPER_SNAKE, the same in REST problems and GraphQL."""

import re
from pathlib import Path

import strawberry
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from koko_shared.errors import ErrorCode, NotFound, PermissionDenied, install_problem_handlers
from koko_shared.graphql.mutations import mutation_errors
from koko_shared.graphql.schema import MutationError, federation_schema


def test_every_code_is_upper_snake_and_its_own_name() -> None:
    for code in ErrorCode:
        assert re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*", code.value), code
        assert code.name == code.value


async def test_rest_problems_name_the_code_in_their_type() -> None:
    # given an app that raises domain errors and has no route for /missing
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/secret")
    async def secret() -> None:
        raise PermissionDenied("not yours")

    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        # when
        forbidden = await client.get("/secret")
        missing = await client.get("/missing")
        malformed = await client.post("/secret")

    # then
    assert forbidden.status_code == 403
    assert forbidden.json()["type"] == "urn:koko:problem:FORBIDDEN"
    assert forbidden.json()["errors"] == [
        {"field": None, "code": "FORBIDDEN", "message": "not yours"}
    ]
    assert missing.json()["type"] == "urn:koko:problem:NOT_FOUND"
    assert malformed.json()["type"] == "urn:koko:problem:METHOD_NOT_ALLOWED"


async def test_mutation_errors_carry_the_code_as_a_graphql_enum() -> None:
    @strawberry.type
    class Query:
        @strawberry.field
        def errors(self) -> list[MutationError]:
            return mutation_errors(NotFound("no such offer", field="id"), "en")

    schema = federation_schema(query=Query)

    result = await schema.execute("{ errors { field code message } }")

    assert result.errors is None
    assert result.data == {
        "errors": [{"field": "id", "code": "NOT_FOUND", "message": "no such offer"}]
    }
    assert "enum ErrorCode" in schema.as_str()
    assert "FORBIDDEN" in schema.as_str()


def test_every_code_is_documented() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "errors.md").read_text()
    assert [c.value for c in ErrorCode if f"`{c.value}`" not in docs] == []

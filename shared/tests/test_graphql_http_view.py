"""The subgraphs' /graphql router speaks GraphQL over HTTP as the gateway does: media type by
`Accept`, request errors without `data` (200 under application/json, 400 under
application/graphql-response+json), 415/400/405/406 for requests that are not well-formed, and
GraphQL-shaped errors instead of Strawberry's plain text."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import strawberry
from fastapi import FastAPI
from strawberry.scalars import JSON as JSONScalar

from koko_shared.graphql.http_view import KokoGraphQLView
from koko_shared.graphql.over_http import negotiate
from koko_shared.testing.graphql import no_context

JSON = "application/json"
GRAPHQL_JSON = "application/graphql-response+json"


@strawberry.type
class Query:
    @strawberry.field
    def hello(self, name: str = "world") -> str:
        return f"hello {name}"

    @strawberry.field
    def broken(self) -> str:
        raise ValueError("broken on purpose")

    @strawberry.field
    def huge(self) -> JSONScalar:
        return {"count": 2**70}


@strawberry.type
class Mutation:
    @strawberry.mutation
    def touch(self) -> bool:
        return True


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    schema = strawberry.Schema(query=Query, mutation=Mutation)
    app.router.routes.append(KokoGraphQLView(schema, no_context, graphql_ide=True).route())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://subgraph") as http:
        yield http


async def _post(
    client: httpx.AsyncClient, body: Any, accept: str, content_type: str | None = JSON
) -> httpx.Response:
    request = client.build_request(
        "POST", "/graphql", content=json.dumps(body).encode(), headers={"accept": accept}
    )
    if content_type is None:
        request.headers.pop("content-type", None)
    else:
        request.headers["content-type"] = content_type
    return await client.send(request)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        (JSON, JSON),
        (GRAPHQL_JSON, GRAPHQL_JSON),
        (f"{GRAPHQL_JSON},{JSON};q=0.9", GRAPHQL_JSON),
        (f"{JSON},{GRAPHQL_JSON}", GRAPHQL_JSON),
        (f"{GRAPHQL_JSON};q=0.5,{JSON}", JSON),
        (f"{GRAPHQL_JSON};q=0,*/*;q=0.1", JSON),
        (f"{JSON};q=0", None),
        ("text/html", None),
        (f"{GRAPHQL_JSON};q=abc", None),
    ],
)
def test_negotiation_by_q_values(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept) == expected


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_JSON])
async def test_a_query_answers_in_the_accepted_media_type(
    client: httpx.AsyncClient, accept: str
) -> None:
    response = await _post(client, {"query": "{ hello }"}, accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{accept}; charset=utf-8"
    assert response.headers["vary"] == "Accept"
    assert response.json() == {"data": {"hello": "hello world"}}


@pytest.mark.parametrize(
    "query",
    [
        "{",
        "{ nope }",
        "query ($n: String!) { hello(name: $n) }",
    ],
)
@pytest.mark.parametrize(("accept", "expected_status"), [(JSON, 200), (GRAPHQL_JSON, 400)])
async def test_request_errors_have_no_data_and_the_media_types_status(
    client: httpx.AsyncClient, query: str, accept: str, expected_status: int
) -> None:
    response = await _post(client, {"query": query}, accept)
    assert response.status_code == expected_status, response.text
    body = response.json()
    assert "data" not in body and body["errors"]


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_JSON])
async def test_execution_errors_keep_data_and_200(client: httpx.AsyncClient, accept: str) -> None:
    response = await _post(client, {"query": "{ hello broken }"}, accept)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None and body["errors"][0]["path"] == ["broken"]


@pytest.mark.parametrize(
    "body",
    [
        {"query": 1},
        {"query": "{ hello }", "operationName": 1},
        {"query": "{ hello }", "variables": "x"},
        {"query": "{ hello }", "variables": [1]},
        {"query": "{ hello }", "extensions": 0},
        {"qeury": "{ hello }"},
        ["{ hello }"],
    ],
)
async def test_parameters_of_the_wrong_type_are_400_graphql_errors(
    client: httpx.AsyncClient, body: Any
) -> None:
    response = await _post(client, body, GRAPHQL_JSON)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(GRAPHQL_JSON)
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("content_type", [None, "text/plain", "multipart/form-data; boundary=x"])
async def test_a_post_that_is_not_json_is_415(
    client: httpx.AsyncClient, content_type: str | None
) -> None:
    response = await _post(client, {"query": "{ hello }"}, JSON, content_type)
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


async def test_a_body_that_is_not_json_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=b'{"query', headers={"content-type": JSON, "accept": JSON}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_a_mutation_over_get_is_405_with_allow(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql", params={"query": "mutation { touch }"}, headers={"accept": GRAPHQL_JSON}
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


async def test_get_queries_with_url_encoded_variables(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql",
        params={"query": "query ($n: String) { hello(name: $n) }", "variables": '{"n": "x"}'},
        headers={"accept": JSON},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"hello": "hello x"}}


async def test_graphiql_is_still_served_to_browsers(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


async def test_an_accept_without_either_media_type_is_406(client: httpx.AsyncClient) -> None:
    response = await _post(client, {"query": "{ hello }"}, "text/plain")
    assert response.status_code == 406
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


@pytest.mark.parametrize(
    ("request_options", "german", "english"),
    [
        (
            {"method": "POST", "content": b'{"query', "headers": {"content-type": JSON}},
            "Der Inhalt der Anfrage ist kein gültiges JSON.",
            "The request body is not valid JSON.",
        ),
        (
            {"method": "POST", "content": b"{}", "headers": {"content-type": "text/plain"}},
            "Der Inhalt eines POST muss application/json (utf-8) sein, nicht text/plain.",
            "A POST body must be application/json (utf-8), not text/plain.",
        ),
        (
            {"method": "POST", "json": {}},
            "Die Anfrage enthält keine Abfrage (query).",
            "The request has no query.",
        ),
        (
            {"method": "GET", "params": {"query": "mutation { touch }"}},
            "Mit GET dürfen nur Abfragen gesendet werden; senden Sie Mutationen per POST.",
            "Only queries may be sent with GET; send mutations with POST.",
        ),
        (
            {"method": "POST", "json": {"query": "{ hello }"}, "headers": {"accept": "text/csv"}},
            "Dieser Endpunkt antwortet mit application/graphql-response+json oder "
            "application/json; der Accept-Header erlaubt keins von beiden.",
            "This endpoint answers application/graphql-response+json or application/json; the "
            "Accept header allows neither.",
        ),
    ],
    ids=["not JSON", "content type", "no query", "GET mutation", "accept"],
)
async def test_a_request_that_is_not_well_formed_is_refused_in_the_request_language(
    client: httpx.AsyncClient, request_options: dict[str, Any], german: str, english: str
) -> None:
    # when: the same request with Accept-Language: de and without it
    options = dict(request_options)
    method, headers = options.pop("method"), options.pop("headers", {})
    answers = [
        await client.request(
            method, "/graphql", headers={"accept": JSON, **headers, **language}, **options
        )
        for language in ({"accept-language": "de"}, {})
    ]
    # then: German, and English without the header (a top-level error)
    assert [a.json()["errors"][0]["message"] for a in answers] == [german, english]


async def test_the_response_is_utf8_json(client: httpx.AsyncClient) -> None:
    # when
    response = await _post(client, {"query": '{ hello(name: "Grüße") }'}, JSON)
    # then: the text as it is, not escaped (orjson, not json.dumps)
    assert response.status_code == 200
    assert response.content == '{"data":{"hello":"hello Grüße"}}'.encode()


async def test_a_value_orjson_refuses_is_still_answered(client: httpx.AsyncClient) -> None:
    # when: an integer beyond 64 bits, from a custom scalar
    response = await _post(client, {"query": "{ huge }"}, JSON)
    # then
    assert response.status_code == 200
    assert response.json() == {"data": {"huge": {"count": 2**70}}}

"""GraphQL over HTTP at the gateway (docs/graphql-over-http.md): the response media type follows
`Accept`, GraphQL request errors are 200s under application/json and 400s under
application/graphql-response+json, and a request that is not well-formed is a 4xx under both.
(The spec's own audit runs over real HTTP in tests/e2e/test_graphql_over_http.py.)"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import GatewayClient

JSON = "application/json"
GRAPHQL_JSON = "application/graphql-response+json"


async def _post(
    gateway: GatewayClient, body: Any, accept: str, **headers: str
) -> tuple[int, str, dict[str, Any]]:
    sent = {"content-type": JSON, "accept": accept, **headers}
    response = await gateway.http.post("/graphql", content=json.dumps(body), headers=sent)
    return response.status_code, response.headers.get("content-type", ""), response.json()


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("*/*", JSON),
        (JSON, JSON),
        ("application/*", JSON),
        (GRAPHQL_JSON, GRAPHQL_JSON),
        (f"{GRAPHQL_JSON},{JSON};q=0.9", GRAPHQL_JSON),  # Apollo Client 4
        (f"{JSON}, {GRAPHQL_JSON}", GRAPHQL_JSON),  # equal q-values: the spec's own type
        (f"{GRAPHQL_JSON};q=0.4, {JSON};q=0.5", JSON),
        (f"text/html, {GRAPHQL_JSON};q=0.1", GRAPHQL_JSON),
        (f"{GRAPHQL_JSON};q=0, */*", JSON),
        ("text/html,application/xhtml+xml,*/*;q=0.8", JSON),  # a browser's
    ],
)
async def test_the_response_media_type_follows_accept(
    gateway: GatewayClient, accept: str, media_type: str
) -> None:
    response = await gateway.http.post(
        "/graphql", json={"query": "{ color }"}, headers={"accept": accept}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media_type}; charset=utf-8"
    # for caches between client and gateway (CORS adds Origin)
    assert "Accept" in response.headers["vary"].split(", ")
    assert response.json() == {"data": {"color": "RED"}}


async def test_without_accept_the_answer_is_application_json(gateway: GatewayClient) -> None:
    request = gateway.http.build_request(
        "POST", "/graphql", json={"query": "{ color }"}, headers={"content-type": JSON}
    )
    del request.headers["accept"]
    response = await gateway.http.send(request)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{JSON}; charset=utf-8"


async def test_an_accept_without_either_media_type_is_406(gateway: GatewayClient) -> None:
    status, _, body = await _post(gateway, {"query": "{ color }"}, "text/html")
    assert status == 406
    assert body["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


REQUEST_ERRORS = [
    ({"query": "{"}, "GRAPHQL_PARSE_FAILED"),
    ({"query": "{ nope }"}, "GRAPHQL_VALIDATION_FAILED"),
    ({"query": "query ($n: Int!) { products(first: $n) { id } }"}, "BAD_USER_INPUT"),
    ({"query": "{ products(first: 101) { id } }"}, "OPERATION_LIMIT_EXCEEDED"),
    ({"query": "query A { color } query B { color }"}, "BAD_USER_INPUT"),
    (
        {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}},
        "PERSISTED_QUERY_NOT_FOUND",
    ),
]


@pytest.mark.parametrize(("body", "code"), REQUEST_ERRORS)
@pytest.mark.parametrize(("accept", "expected_status"), [(JSON, 200), (GRAPHQL_JSON, 400)])
async def test_request_errors_take_the_media_types_status(
    gateway: GatewayClient, body: dict[str, Any], code: str, accept: str, expected_status: int
) -> None:
    # when: a well-formed request whose operation cannot be executed
    status, content_type, answer = await _post(gateway, body, accept)
    # then: GraphQL errors without data, 200 for application/json, 400 for the spec's type
    assert status == expected_status, answer
    assert content_type.startswith(accept)
    assert "data" not in answer
    assert [e["extensions"]["code"] for e in answer["errors"]] == [code]


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_JSON])
async def test_execution_errors_are_200_under_both_media_types(
    gateway: GatewayClient, accept: str
) -> None:
    # given: a non-null field that fails, nulling all of data
    status, _, body = await _post(gateway, {"query": "{ products { mandatoryRating } }"}, accept)
    # then: the response has data (null), so it is a 200
    assert status == 200
    assert body["data"] is None and body["errors"][0]["path"][0] == "products"


NOT_WELL_FORMED = [
    ({"query": 42}, "query"),
    ({"query": ["{ color }"]}, "query"),
    ({"query": "{ color }", "operationName": 1}, "operationName"),
    ({"query": "{ color }", "operationName": {"o": 1}}, "operationName"),
    ({"query": "{ color }", "variables": "{}"}, "variables"),
    ({"query": "{ color }", "variables": [1]}, "variables"),
    ({"query": "{ color }", "variables": 0}, "variables"),
    ({"query": "{ color }", "extensions": "x"}, "extensions"),
    ({"query": "{ color }", "extensions": False}, "extensions"),
    ({"qeury": "{ color }"}, "query"),
    ([{"query": "{ color }"}], "object"),
]


@pytest.mark.parametrize(("body", "named"), NOT_WELL_FORMED)
@pytest.mark.parametrize("accept", [JSON, GRAPHQL_JSON])
async def test_parameters_of_the_wrong_type_are_400(
    gateway: GatewayClient, body: Any, named: str, accept: str
) -> None:
    status, content_type, answer = await _post(gateway, body, accept)
    assert status == 400, answer
    assert content_type.startswith(accept)
    assert named in answer["errors"][0]["message"]
    assert answer["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_JSON])
@pytest.mark.parametrize("raw", [b"", b"  ", b'{ "not a JSON', b"[", b"null"])
async def test_bodies_that_are_no_json_object_are_400(
    gateway: GatewayClient, accept: str, raw: bytes
) -> None:
    response = await gateway.http.post(
        "/graphql", content=raw, headers={"content-type": JSON, "accept": accept}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1"],
)
async def test_a_post_that_is_not_json_is_415(
    gateway: GatewayClient, content_type: str | None
) -> None:
    request = gateway.http.build_request(
        "POST", "/graphql", content=json.dumps({"query": "{ color }"}).encode()
    )
    if content_type is None:
        request.headers.pop("content-type", None)
    else:
        request.headers["content-type"] = content_type
    response = await gateway.http.send(request)
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


async def test_a_utf8_charset_is_accepted(gateway: GatewayClient) -> None:
    status, _, body = await _post(
        gateway, {"query": "{ color }"}, JSON, **{"content-type": f"{JSON}; charset=UTF-8"}
    )
    assert (status, body) == (200, {"data": {"color": "RED"}})


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_JSON])
async def test_a_mutation_over_get_is_405_with_allow(gateway: GatewayClient, accept: str) -> None:
    response = await gateway.http.get(
        "/graphql",
        params={"query": 'mutation { renameProduct(id: "p1", name: "x") { id } }'},
        headers={"accept": accept},
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"query": "{ color }", "variables": "{not json"}, "variables"),
        ({"query": "{ color }", "variables": "[1]"}, "variables"),
        ({"query": "{ color }", "extensions": '"x"'}, "extensions"),
    ],
)
async def test_get_parameters_that_are_no_json_objects_are_400(
    gateway: GatewayClient, params: dict[str, str], named: str
) -> None:
    response = await gateway.http.get("/graphql", params=params)
    assert response.status_code == 400
    assert named in response.json()["errors"][0]["message"]


async def test_get_queries_with_url_encoded_variables(gateway: GatewayClient) -> None:
    response = await gateway.http.get(
        "/graphql",
        params={
            "query": "query ($n: Int) { products(first: $n) { id } }",
            "variables": json.dumps({"n": 1}),
        },
        headers={"accept": GRAPHQL_JSON},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{GRAPHQL_JSON}; charset=utf-8"
    assert response.json() == {"data": {"products": [{"id": "p1"}]}}


@pytest.mark.parametrize(("accept", "html"), [("text/html", True), ("*/*", True), (JSON, False)])
async def test_a_get_without_query_opens_graphiql_only_for_browsers(
    gateway: GatewayClient, accept: str, html: bool
) -> None:
    response = await gateway.http.get("/graphql", headers={"accept": accept})
    if html:
        assert response.status_code == 200 and "graphiql" in response.text.lower()
    else:
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"

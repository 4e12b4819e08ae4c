"""The REST proxy's routing table and its answer when a subgraph cannot be reached (the full
round trip through real subgraphs is in tests/e2e/test_rest_through_gateway.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from conftest import gateway_settings, open_gateway
from servers import free_port

from koko_gateway.app import create_app
from koko_gateway.rest_proxy import match, upstream_base

ROOT = Path(__file__).resolve().parents[3]
COMMITTED = ROOT / "deploy" / "supergraph.graphql"


def test_every_public_rest_path_has_its_subgraph() -> None:
    routes = {
        "/hsds": "offers",
        "/hsds/services/1": "offers",
        "/feeds/course-starts.ics": "offers",
        "/reports/language-courses": "offers",
        "/reports/monitoring": "offers",
        "/offers/0b7e.jsonld": "offers",
        "/webhooks/subscriptions": "offers",
        "/v1/studies/s/waves/w/submissions:batch": "surveys",
        "/openapi/surveys.json": "surveys",
    }
    for path, subgraph in routes.items():
        route = match(path)
        assert route is not None and route.subgraph == subgraph, path
    for path in ("/graphql", "/offers/1", "/hsdsx", "/v1", "/readyz", "/docs", "/openapi.json"):
        assert match(path) is None, path
    assert match("/openapi/offers.json").upstream_path == "/openapi.json"  # type: ignore[union-attr]
    assert upstream_base("http://offers:8001/graphql") == "http://offers:8001"


async def test_an_unreachable_subgraph_is_a_503_problem_with_retry_after() -> None:
    # given a gateway whose offers subgraph is on a closed port
    settings = gateway_settings(
        subgraph_urls=f"offers=http://127.0.0.1:{free_port()}/graphql",
    )
    async for client in open_gateway(COMMITTED.read_text(), settings):
        # when a public REST path of offers is asked for
        response = await client.http.get("/hsds/services")
        # then the client is told to retry, as a problem
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["retry-after"] == "5"
        assert response.json()["type"].endswith("SERVICE_UNAVAILABLE")


@asynccontextmanager
async def proxying_to(
    subgraph: Callable[[httpx.Request], httpx.Response],
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a gateway whose offers and surveys subgraphs are answered by `subgraph`."""
    transports = {name: httpx.MockTransport(subgraph) for name in ("offers", "surveys")}
    app = create_app(
        gateway_settings(), supergraph_sdl=COMMITTED.read_text(), transports=transports
    )
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://gateway"
        ) as client,
    ):
        yield client


async def test_dot_segments_do_not_reach_other_subgraph_paths_and_paths_go_up_encoded() -> None:
    # given a gateway whose offers and surveys subgraphs record the paths they are asked for
    asked: list[str] = []

    def subgraph(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.raw_path.decode())
        return httpx.Response(404, stream=httpx.ByteStream(b"{}"))

    async with proxying_to(subgraph) as client:
        # when public paths climb out of their prefix (the subgraphs' GraphQL, metrics, docs)
        for path in (
            "/hsds/..%2Fgraphql",
            "/hsds/%2e%2e/openapi.json",
            "/v1/studies/..%2F..%2Fmetrics",
            "/webhooks/..%2Fdocs",
            "/feeds/.%2F..%2F..%2Freadyz",
        ):
            response = await client.get(path)
            # then the gateway does not proxy them
            assert response.status_code == 404, path
        assert asked == []
        # when a path holds an encoded NUL byte or slash
        response = await client.get("/hsds/services/a%00b%2Fc?page=1")
        # then it goes upstream as encoded (the subgraph answers), not a gateway 500
        assert response.status_code == 404
        assert asked == ["/hsds/services/a%00b%2Fc?page=1"]


async def test_the_subgraph_process_token_stays_behind_the_gateway() -> None:
    # given an offers subgraph that names its process (as every Koko subgraph does)
    def subgraph(request: httpx.Request) -> httpx.Response:
        headers = {"koko-instance": "3f2a9c0d11aa", "etag": '"v1"', "x-request-id": "inner"}
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(b"{}"))

    async with proxying_to(subgraph) as client:
        # when a public REST path is asked for
        response = await client.get("/hsds/services")
    # then the answer keeps its own headers but not the token nor the subgraph's request id
    assert response.status_code == 200
    assert response.headers["etag"] == '"v1"'
    assert "koko-instance" not in response.headers
    assert response.headers["x-request-id"] != "inner"


async def test_refused_keys_count_toward_the_rate_limit_by_address() -> None:
    # given: 3 requests a minute per client, and an offers subgraph that knows one API key
    forwarded: list[str] = []

    def offers(request: httpx.Request) -> httpx.Response:
        key = request.headers.get("authorization", "")
        forwarded.append(key)
        status = 200 if key in ("Bearer koko_right", "") else 401
        return httpx.Response(status, stream=httpx.ByteStream(b"[]"))

    app = create_app(
        gateway_settings(rate_limit_per_minute=3),
        supergraph_sdl=COMMITTED.read_text(),
        transports={"offers": httpx.MockTransport(offers)},
    )
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as client,
    ):
        # when: a caller guesses five keys on a REST path, then sends the right one
        statuses = []
        for attempt in range(5):
            response = await client.get(
                "/webhooks/subscriptions", headers={"Authorization": f"Bearer koko_guess_{attempt}"}
            )
            statuses.append(response.status_code)
        right = await client.get(
            "/webhooks/subscriptions", headers={"Authorization": "Bearer koko_right"}
        )
        public = await client.get("/hsds/services")
    # then: the guesses are refused at the gateway and throttled; no credentials reach the
    # subgraph, and the address's public requests count against the same budget (as on /graphql)
    assert statuses == [401, 401, 401, 429, 429]
    assert right.status_code == 429
    assert int(right.headers["retry-after"]) >= 1
    assert right.json()["type"].endswith("RATE_LIMITED")
    assert forwarded == []
    assert public.status_code == 429

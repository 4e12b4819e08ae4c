"""The REST proxy's routing table and its answer when a subgraph cannot be reached (the full
round trip through real subgraphs is in tests/e2e/test_rest_through_gateway.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import gateway_settings, open_gateway
from servers import free_port

from koko_gateway.rest_proxy import match, upstream_base

ROOT = Path(__file__).resolve().parents[3]
COMMITTED = ROOT / "deploy" / "supergraph.graphql"


def test_every_public_rest_path_has_its_subgraph() -> None:
    routes = {
        "/hsds": "offers",
        "/hsds/services/1": "offers",
        "/feeds/course-starts.ics": "offers",
        "/reports/language-courses": "offers",
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

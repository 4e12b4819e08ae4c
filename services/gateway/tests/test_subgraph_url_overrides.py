"""GATEWAY_SUBGRAPH_URLS: the subgraphs' real addresses (docker-compose, Kubernetes) override the
`join__graph(url:)` defaults of the supergraph file, like Apollo Router's override_subgraph_url."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import gateway_settings, open_gateway
from servers import ServerThread, free_port

from koko_gateway.gateway import Gateway
from koko_gateway.settings import GatewaySettings
from koko_gateway.supergraph.model import SupergraphError

COMMITTED = Path(__file__).resolve().parents[3] / "deploy" / "supergraph.graphql"


def _pointing_nowhere(sdl: str) -> str:
    """The same supergraph with every subgraph URL on a closed loopback port."""
    dead = f"http://127.0.0.1:{free_port()}/graphql"
    return re.sub(r'(@join__graph\(name: "[^"]+", url: )"[^"]+"', rf'\1"{dead}"', sdl)


async def test_overridden_urls_are_the_ones_called(
    supergraph_sdl: str, subgraph_servers: dict[str, ServerThread]
) -> None:
    sdl = _pointing_nowhere(supergraph_sdl)
    query = "{ products { name inStock } }"

    async for client in open_gateway(sdl, gateway_settings()):
        without = await client.query(query)
    assert without["data"] is None or without["data"]["products"] is None
    assert without["errors"][0]["extensions"]["code"] == "SUBGRAPH_UNAVAILABLE"

    overrides = ",".join(f"{name}={server.url}" for name, server in subgraph_servers.items())
    async for client in open_gateway(sdl, gateway_settings(subgraph_urls=overrides)):
        body = await client.query(query)
    assert "errors" not in body, body
    assert [p["name"] for p in body["data"]["products"]] == ["Chair", "Table", "Lamp"]
    assert {p["inStock"] for p in body["data"]["products"]} <= {True, False}


def test_committed_supergraph_with_compose_urls() -> None:
    settings = GatewaySettings(
        environment="test",
        subgraph_urls=" offers=http://offers:8001/graphql , surveys=http://surveys:8002/graphql ",
    )
    gateway = Gateway(COMMITTED.read_text(), settings)
    urls = {s.name: s.url for s in gateway.supergraph.subgraphs.values()}
    assert urls == {
        "offers": "http://offers:8001/graphql",
        "surveys": "http://surveys:8002/graphql",
    }
    assert {c.name: c.url for c in gateway.clients.values()} == urls


def test_a_partial_override_keeps_the_other_defaults() -> None:
    settings = GatewaySettings(
        environment="test", subgraph_urls="surveys=https://surveys.example/gql"
    )
    gateway = Gateway(COMMITTED.read_text(), settings)
    urls = {s.name: s.url for s in gateway.supergraph.subgraphs.values()}
    assert urls == {
        "offers": "http://127.0.0.1:8001/graphql",
        "surveys": "https://surveys.example/gql",
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ofers=http://offers:8001/graphql", "'ofers'"),
        ("offers", "name=url"),
        ("offers=offers:8001", "not an http"),
    ],
)
def test_a_wrong_override_stops_the_start(value: str, message: str) -> None:
    settings = GatewaySettings(environment="test", subgraph_urls=value)
    with pytest.raises((SupergraphError, ValueError), match=message):
        Gateway(COMMITTED.read_text(), settings)


def test_the_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_SUBGRAPH_URLS", "offers=http://offers:8001/graphql")
    assert GatewaySettings().subgraph_urls == "offers=http://offers:8001/graphql"

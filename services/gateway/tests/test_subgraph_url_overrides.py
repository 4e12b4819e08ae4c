"""GATEWAY_SUBGRAPH_URLS: the subgraphs' real addresses (docker-compose, Kubernetes) override the
`join__graph(url:)` defaults of the supergraph file, like Apollo Router's override_subgraph_url."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import gateway_settings, open_gateway
from servers import ServerThread, free_port

from koko_gateway.gateway import Gateway
from koko_gateway.settings import GatewaySettings
from koko_gateway.supergraph.model import SupergraphError

ROOT = Path(__file__).resolve().parents[3]
COMMITTED = ROOT / "deploy" / "supergraph.graphql"


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


def _compose_value() -> str:
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    value: str = compose["services"]["gateway"]["environment"]["GATEWAY_SUBGRAPH_URLS"]
    return value


def _kubernetes_value() -> str:
    import yaml

    for document in yaml.safe_load_all((ROOT / "deploy/kubernetes/base/gateway.yaml").read_text()):
        if document and document.get("kind") == "Deployment":
            for container in document["spec"]["template"]["spec"]["containers"]:
                for variable in container.get("env", []):
                    if variable["name"] == "GATEWAY_SUBGRAPH_URLS":
                        return str(variable["value"])
    raise AssertionError("GATEWAY_SUBGRAPH_URLS is not set in deploy/kubernetes/base/gateway.yaml")


@pytest.mark.parametrize("source", [_compose_value, _kubernetes_value])
def test_the_deploy_files_route_every_subgraph_to_its_service(source: Callable[[], str]) -> None:
    """The gateway starts with the deploy files' value and reaches each subgraph by its service
    name and port there (API.md: offers 8001, surveys 8002), not the 127.0.0.1 defaults."""
    settings = GatewaySettings(environment="test", subgraph_urls=source())
    gateway = Gateway(COMMITTED.read_text(), settings)
    assert {s.name: s.url for s in gateway.supergraph.subgraphs.values()} == {
        "offers": "http://offers:8001/graphql",
        "surveys": "http://surveys:8002/graphql",
    }

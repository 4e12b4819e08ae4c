"""Fixtures: three test subgraphs on real loopback HTTP, the committed supergraph they compose to
(`services/gateway/tests/supergraphs/`, composed with the real composer by `make compose` and
checked by `make compose-check`), and the gateway app in front of them. No Node needed."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from strawberry.asgi import GraphQL

sys.path.insert(0, str(Path(__file__).parent))

from servers import ServerThread
from subgraphs import identity, inventory, products, reviews

from koko_gateway.app import create_app
from koko_gateway.settings import GatewaySettings

SUPERGRAPHS = Path(__file__).parent / "supergraphs"
# What Apollo Client 4 sends: GraphQL request errors come back as 4xx (application/json clients
# get them as 200s: test_graphql_over_http.py).
APOLLO_ACCEPT = "application/graphql-response+json,application/json;q=0.9"
SCHEMAS = {"products": products.schema, "inventory": inventory.schema, "reviews": reviews.schema}


@pytest.fixture(scope="session")
def subgraph_servers() -> Iterator[dict[str, ServerThread]]:
    servers = {name: ServerThread(GraphQL(schema)) for name, schema in SCHEMAS.items()}
    for server in servers.values():
        server.start()
    yield servers
    for server in servers.values():
        server.stop()


def committed_supergraph(name: str, urls: dict[str, str]) -> str:
    """The committed test supergraph `name`, its subgraphs pointed at `urls` (by subgraph name)."""
    return point_supergraph((SUPERGRAPHS / f"{name}.graphql").read_text(), urls)


def point_supergraph(sdl: str, urls: dict[str, str]) -> str:
    """`sdl` with each subgraph's `join__graph(url:)` replaced by `urls[subgraph name]`."""

    def point(match: re.Match[str]) -> str:
        return f'{match.group(1)}"{urls[match.group(2)]}"'

    pointed, count = re.subn(r'(@join__graph\(name: "([^"]+)", url: )"[^"]+"', point, sdl)
    assert count == len(urls), f"the supergraph names other subgraphs than {sorted(urls)}"
    return pointed


@pytest.fixture(scope="session")
def supergraph_sdl(subgraph_servers: dict[str, ServerThread]) -> str:
    return committed_supergraph("shop", {n: s.url for n, s in subgraph_servers.items()})


def gateway_settings(**overrides: Any) -> GatewaySettings:
    values: dict[str, Any] = {
        "environment": "test",
        # The test subgraph `identity` verifies with this key's public half.
        "identity_private_key": identity.SIGNING_KEY_PEM,
        "subgraph_timeout_seconds": 5.0,
        "rate_limit_per_minute": 0,
    }
    values.update(overrides)
    return GatewaySettings(**values)


class GatewayClient:
    """Posts GraphQL to the gateway app in-process, accepting what Apollo Client 4 accepts; the
    gateway itself calls the subgraphs over real HTTP."""

    def __init__(self, client: httpx.AsyncClient, app: Any = None) -> None:
        self.http = client
        self.app = app  # the gateway app served, for tests that watch its insides

    async def query(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        expect_status: int = 200,
        **extra: Any,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"query": query, **extra}
        if variables is not None:
            body["variables"] = variables
        response = await self.http.post("/graphql", json=body)
        assert response.status_code == expect_status, response.text
        result: dict[str, Any] = response.json()
        return result


async def open_gateway(
    sdl: str, settings: GatewaySettings, *, clock: Callable[[], float] = time.monotonic
) -> AsyncIterator[GatewayClient]:
    app = create_app(settings, supergraph_sdl=sdl, clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", headers={"accept": APOLLO_ACCEPT}
        ) as client:
            yield GatewayClient(client, app)


@pytest.fixture(scope="session")
async def gateway(supergraph_sdl: str) -> AsyncIterator[GatewayClient]:
    async for client in open_gateway(supergraph_sdl, gateway_settings()):
        yield client

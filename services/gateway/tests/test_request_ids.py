"""The request id the subgraphs receive from the gateway: the client's when well-formed, a fresh
one otherwise (never the client's text), the same as in the gateway's response."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest import committed_supergraph, gateway_settings
from servers import ServerThread
from strawberry.asgi import GraphQL
from subgraphs import inventory, products, reviews

from koko_gateway.app import create_app


class Recording:
    """An ASGI app in front of a subgraph that remembers the request ids it was sent."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.request_ids: list[list[bytes]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.request_ids.append([v for k, v in scope["headers"] if k == b"x-request-id"])
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def recorded() -> Iterator[tuple[str, Recording]]:
    recording = Recording(GraphQL(products.schema))
    servers = {
        "products": ServerThread(recording),
        "inventory": ServerThread(GraphQL(inventory.schema)),
        "reviews": ServerThread(GraphQL(reviews.schema)),
    }
    for server in servers.values():
        server.start()
    yield committed_supergraph("shop", {n: s.url for n, s in servers.items()}), recording
    for server in servers.values():
        server.stop()


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("01HZX3J8Q4V6W2R9T5K7M1N0PB", True),
        ('abc", "level": "error', False),
        ("x" * 10_000, False),
        ("abc\tdef", False),
    ],
    ids=["ULID", "JSON-breaking", "10 kB", "tab"],
)
async def test_subgraphs_receive_the_request_id_only_when_well_formed(
    recorded: tuple[str, Recording], sent: str, kept: bool
) -> None:
    sdl, recording = recorded
    app = create_app(gateway_settings(), supergraph_sdl=sdl)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            recording.request_ids.clear()
            response = await client.post(
                "/graphql", json={"query": "{ color }"}, headers={"x-request-id": sent}
            )
    assert response.json() == {"data": {"color": "RED"}}
    answered = response.headers["x-request-id"]
    assert recording.request_ids == [[answered.encode()]]
    if kept:
        assert answered == sent
    else:
        assert re.fullmatch(r"[0-9a-f]{32}", answered)

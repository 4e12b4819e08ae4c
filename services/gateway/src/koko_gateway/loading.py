"""Where the supergraph comes from: a file, or (in development) composed from running subgraphs."""

from __future__ import annotations

import asyncio

import httpx

from koko_gateway.settings import GatewaySettings
from koko_gateway.supergraph.compose import SubgraphSource, compose_supergraph


def parse_subgraph_list(text: str) -> list[tuple[str, str]]:
    """`"offers=http://127.0.0.1:8001/graphql,surveys=..."` as (name, url) pairs."""
    pairs = []
    for item in text.split(","):
        name, sep, url = item.strip().partition("=")
        if not sep or not name or not url:
            raise ValueError(f"expected name=url in GATEWAY_COMPOSE_SUBGRAPHS, got {item!r}")
        pairs.append((name.strip(), url.strip()))
    return pairs


async def fetch_subgraph_sdl(client: httpx.AsyncClient, url: str) -> str:
    response = await client.post(url, json={"query": "{ _service { sdl } }"})
    response.raise_for_status()
    return str(response.json()["data"]["_service"]["sdl"])


async def compose_from_running_subgraphs(subgraphs: list[tuple[str, str]]) -> str:
    async with httpx.AsyncClient(timeout=10) as client:
        sdls = await asyncio.gather(*(fetch_subgraph_sdl(client, url) for _, url in subgraphs))
    sources = [
        SubgraphSource(name, url, sdl) for (name, url), sdl in zip(subgraphs, sdls, strict=True)
    ]
    return await asyncio.to_thread(compose_supergraph, sources)


async def load_supergraph_sdl(settings: GatewaySettings) -> str:
    if settings.supergraph_file is not None:
        return settings.supergraph_file.read_text()
    if settings.compose_subgraphs:
        return await compose_from_running_subgraphs(parse_subgraph_list(settings.compose_subgraphs))
    raise ValueError("set GATEWAY_SUPERGRAPH_FILE (or GATEWAY_COMPOSE_SUBGRAPHS in development)")

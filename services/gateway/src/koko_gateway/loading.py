"""Where the supergraph comes from: a file, or (in development) composed from running subgraphs."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx

from koko_gateway.settings import GatewaySettings
from koko_gateway.supergraph.compose import SubgraphSource, compose_supergraph
from koko_gateway.supergraph.model import Supergraph, SupergraphError
from koko_shared.auth.actor import PUBLIC
from koko_shared.auth.identity import IDENTITY_HEADER, IdentitySigner


def parse_subgraph_list(
    text: str, setting: str = "GATEWAY_COMPOSE_SUBGRAPHS"
) -> list[tuple[str, str]]:
    """`"offers=http://127.0.0.1:8001/graphql,surveys=..."` as (name, url) pairs."""
    pairs = []
    for item in text.split(","):
        if not item.strip():
            continue
        name, sep, url = item.strip().partition("=")
        if not sep or not name.strip() or not url.strip():
            raise ValueError(f"expected name=url in {setting}, got {item!r}")
        pairs.append((name.strip(), url.strip()))
    return pairs


def override_subgraph_urls(supergraph: Supergraph, overrides: str) -> Supergraph:
    """Point subgraphs at the URLs of `GATEWAY_SUBGRAPH_URLS` instead of the supergraph's
    `join__graph(url:)`. A name the supergraph does not have is an error: a typo must not leave
    the gateway silently calling the composed default."""
    if not overrides.strip():
        return supergraph
    by_name = {subgraph.name: graph for graph, subgraph in supergraph.subgraphs.items()}
    for name, url in parse_subgraph_list(overrides, "GATEWAY_SUBGRAPH_URLS"):
        graph = by_name.get(name)
        if graph is None:
            known = ", ".join(sorted(by_name)) or "none"
            raise SupergraphError(
                f"GATEWAY_SUBGRAPH_URLS names subgraph {name!r}, but the supergraph has: {known}"
            )
        if not url.startswith(("http://", "https://")):
            raise SupergraphError(f"GATEWAY_SUBGRAPH_URLS: {name}={url!r} is not an http(s) URL")
        supergraph.subgraphs[graph] = replace(supergraph.subgraphs[graph], url=url)
    return supergraph


async def fetch_subgraph_sdl(
    client: httpx.AsyncClient, url: str, headers: dict[str, str] | None = None
) -> str:
    response = await client.post(url, json={"query": "{ _service { sdl } }"}, headers=headers)
    response.raise_for_status()
    return str(response.json()["data"]["_service"]["sdl"])


async def fetch_subgraph_sdls(
    subgraphs: list[tuple[str, str]], signer: IdentitySigner | None
) -> list[str]:
    """Each subgraph's SDL. The subgraphs answer the gateway only: each is asked with the
    gateway's identity (as the public caller) for that subgraph."""

    def headers(name: str) -> dict[str, str]:
        return {IDENTITY_HEADER: signer.sign(PUBLIC, name)} if signer is not None else {}

    async with httpx.AsyncClient(timeout=10) as client:
        return list(
            await asyncio.gather(
                *(fetch_subgraph_sdl(client, url, headers(name)) for name, url in subgraphs)
            )
        )


async def compose_from_running_subgraphs(
    subgraphs: list[tuple[str, str]], signer: IdentitySigner | None = None
) -> str:
    sdls = await fetch_subgraph_sdls(subgraphs, signer)
    sources = [
        SubgraphSource(name, url, sdl) for (name, url), sdl in zip(subgraphs, sdls, strict=True)
    ]
    return await asyncio.to_thread(compose_supergraph, sources)


async def load_supergraph_sdl(
    settings: GatewaySettings, signer: IdentitySigner | None = None
) -> str:
    if settings.supergraph_file is not None:
        return settings.supergraph_file.read_text()
    if settings.compose_subgraphs:
        subgraphs = parse_subgraph_list(settings.compose_subgraphs)
        return await compose_from_running_subgraphs(subgraphs, signer)
    raise ValueError("set GATEWAY_SUPERGRAPH_FILE (or GATEWAY_COMPOSE_SUBGRAPHS in development)")

"""What HTTP caches may keep of the gateway's GraphQL answers, and the language they are in: an
anonymous GET query is public for a short while (stale while it refreshes), anything with
credentials private, POSTs and errors never; Content-Language names the served language."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GatewayClient, gateway_settings, open_gateway

from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

QUERY = "{ products { name } }"


async def test_an_anonymous_get_query_is_cached_publicly_and_briefly(
    gateway: GatewayClient,
) -> None:
    response = await gateway.http.get("/graphql", params={"query": QUERY})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=30, stale-while-revalidate=120"
    assert set(response.headers["vary"].replace(" ", "").split(",")) >= {
        "Accept",
        "Accept-Language",
    }


async def test_posts_errors_and_partial_answers_are_not_stored(gateway: GatewayClient) -> None:
    post = await gateway.http.post("/graphql", json={"query": QUERY})
    invalid = await gateway.http.get("/graphql", params={"query": "{ nope }"})
    partial = await gateway.http.get("/graphql", params={"query": "{ products { name rating } }"})
    assert post.headers["cache-control"] == "no-store"
    assert invalid.headers["cache-control"] == "no-store"
    assert partial.json()["errors"] and partial.headers["cache-control"] == "no-store"


async def test_answers_for_credentials_stay_in_the_callers_own_cache(
    supergraph_sdl: str, tmp_path: Path
) -> None:
    tokens = TestTokens(tmp_path / "idp", issuer="https://idp.test", audience="koko")
    settings = gateway_settings(
        jwt_issuer="https://idp.test", jwt_audience="koko", jwks_file=tokens.jwks_file
    )
    async for client in open_gateway(supergraph_sdl, settings):
        response = await client.http.get(
            "/graphql",
            params={"query": QUERY},
            headers=tokens.for_role(Role.COORDINATOR, "150030000000"),
        )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-cache"


@pytest.mark.parametrize(
    ("accept_language", "served"), [("fr, en", "en"), ("es, ar", "ar"), ("", "de")]
)
async def test_content_language_names_the_served_language(
    gateway: GatewayClient, accept_language: str, served: str
) -> None:
    response = await gateway.http.post(
        "/graphql", json={"query": QUERY}, headers={"Accept-Language": accept_language}
    )
    assert response.headers["content-language"] == served

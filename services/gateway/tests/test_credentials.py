"""Malformed credentials are a 401 with a clear message, never a 500 (issue 8.4), and failed
attempts count toward the caller's rate limit (issue 8.10)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from conftest import GatewayClient, gateway_settings, open_gateway

from koko_shared.testing.identity import TestTokens
from koko_shared.testing.malformed_claims import MALFORMED_CLAIMS

ISSUER = "https://idp.test"


@pytest.fixture(scope="module")
def tokens(tmp_path_factory: pytest.TempPathFactory) -> TestTokens:
    return TestTokens(tmp_path_factory.mktemp("idp"), issuer=ISSUER, audience="koko")


@pytest.fixture
async def gateway_with_idp(supergraph_sdl: str, tokens: TestTokens) -> AsyncIterator[GatewayClient]:
    settings = gateway_settings(jwt_issuer=ISSUER, jwt_audience="koko", jwks_file=tokens.jwks_file)
    async for client in open_gateway(supergraph_sdl, settings):
        yield client


@pytest.mark.parametrize(
    ("label", "claims", "words"), MALFORMED_CLAIMS, ids=[c[0] for c in MALFORMED_CLAIMS]
)
async def test_malformed_grants_are_a_clear_401(
    gateway_with_idp: GatewayClient,
    tokens: TestTokens,
    label: str,
    claims: dict[str, Any],
    words: str,
) -> None:
    # when
    response = await gateway_with_idp.http.post(
        "/graphql", json={"query": "{ color }"}, headers=tokens.for_claims(claims)
    )
    # then
    assert response.status_code == 401, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert words in error["message"]


async def test_invalid_tokens_count_toward_the_rate_limit_by_address(
    supergraph_sdl: str, tmp_path: Path
) -> None:
    # given: 3 requests a minute per client
    settings = gateway_settings(rate_limit_per_minute=3)
    async for client in open_gateway(supergraph_sdl, settings):
        # when: a caller tries five different made-up tokens
        statuses = []
        for attempt in range(5):
            response = await client.http.post(
                "/graphql",
                json={"query": "{ color }"},
                headers={"Authorization": f"Bearer koko_guess_{attempt}"},
            )
            statuses.append(response.status_code)
        public = await client.http.post("/graphql", json={"query": "{ color }"})
        # then: the guesses are throttled, and so is the same address without a token
        assert statuses == [401, 401, 401, 429, 429]
        assert public.status_code == 429
        assert int(public.headers["retry-after"]) >= 1
        assert public.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"

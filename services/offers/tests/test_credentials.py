"""The offers subgraph refuses malformed credentials with a 401 (never a 500) and accepts the
gateway's identity only when it verifies for this subgraph (issues 8.3, 8.4, 12)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from koko_offers.settings import OffersSettings
from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.identity import IDENTITY_HEADER
from koko_shared.auth.identity_keys import identity_signer
from koko_shared.testing.identity import TestTokens
from koko_shared.testing.malformed_claims import MAGDEBURG, MALFORMED_CLAIMS

WHOAMI = {"query": "{ offers(first: 1) { edges { node { id } } } }"}


@pytest.mark.parametrize(
    ("label", "claims", "words"), MALFORMED_CLAIMS, ids=[c[0] for c in MALFORMED_CLAIMS]
)
async def test_malformed_grants_are_a_clear_401(
    client: httpx.AsyncClient, tokens: TestTokens, label: str, claims: dict[str, Any], words: str
) -> None:
    # when: straight to the subgraph, as anyone inside the cluster could
    response = await client.post("/graphql", json=WHOAMI, headers=tokens.for_claims(claims))
    # then
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert words in response.text


async def test_the_gateway_identity_for_this_subgraph_is_accepted(
    client: httpx.AsyncClient, settings: OffersSettings
) -> None:
    # given: the development key pair in the shared data folder, as `make run` uses it
    signer = identity_signer(settings)
    actor = Actor("kim", (Grant(Role.COORDINATOR, MAGDEBURG),))
    # when
    response = await client.post(
        "/graphql", json=WHOAMI, headers={IDENTITY_HEADER: signer.sign(actor, "offers")}
    )
    # then
    assert response.status_code == 200
    assert "errors" not in response.json()


async def test_an_identity_for_another_subgraph_is_refused_with_identity_invalid(
    client: httpx.AsyncClient, settings: OffersSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    # given: a header captured on its way to the surveys subgraph
    captured = identity_signer(settings).sign(Actor("kim"), "surveys")
    # when
    response = await client.post("/graphql", json=WHOAMI, headers={IDENTITY_HEADER: captured})
    # then: a GraphQL error with a code for the gateway, a problem for REST readers, a log line
    assert response.status_code == 401
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "IDENTITY_INVALID"
    assert body["type"].endswith("IDENTITY_INVALID")
    assert "issued for another service" in body["errors"][0]["message"]
    assert "identity from the gateway refused" in capsys.readouterr().out

"""Authentication at the gateway, authorization in the subgraphs: the verified actor reaches the
offers subgraph as a signed identity, and nothing a client sends can stand in for it."""

from __future__ import annotations

import pytest

from koko_offers.demo.catalogue import OFFERS, PROVIDERS
from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.identity import IDENTITY_HEADER, IdentitySigner
from koko_shared.auth.identity_keys import key_id, load_private_key
from tests.e2e.conftest import System

pytestmark = pytest.mark.e2e

MAGDEBURG = "150030000000"
BOERDE = "150830000000"
DRAFTS = (
    "{ offers(first: 100, filter: { status: [DRAFT] }) { totalCount"
    " edges { node { title status regionArs region { name } } } } }"
)
_REGION_OF = {p.slug: p.region_ars for p in PROVIDERS}
# The demo's drafts in Magdeburg itself (its providers are all registered at the city's ARS).
MAGDEBURG_DRAFTS = sorted(
    o.title for o in OFFERS if o.status == "draft" and _REGION_OF[o.provider] == MAGDEBURG
)


async def test_a_coordinator_sees_the_drafts_of_its_region(system: System) -> None:
    body = await system.query(DRAFTS, headers=system.tokens.for_role(Role.COORDINATOR, MAGDEBURG))
    assert "errors" not in body, body
    offers = body["data"]["offers"]  # type: ignore[index]
    assert offers["totalCount"] == len(MAGDEBURG_DRAFTS) >= 1
    nodes = [e["node"] for e in offers["edges"]]
    assert sorted(n["title"] for n in nodes) == MAGDEBURG_DRAFTS
    assert {(n["status"], n["regionArs"], n["region"]["name"]) for n in nodes} == {
        ("DRAFT", MAGDEBURG, "Magdeburg")
    }


async def test_public_and_other_regions_do_not_see_drafts(system: System) -> None:
    public = await system.query(DRAFTS)
    assert public["data"]["offers"] == {"totalCount": 0, "edges": []}  # type: ignore[index]
    elsewhere = await system.query(DRAFTS, headers=system.tokens.for_role(Role.COORDINATOR, BOERDE))
    titles = [e["node"]["title"] for e in elsewhere["data"]["offers"]["edges"]]  # type: ignore[index]
    assert titles, "the Börde has drafts of its own"
    assert not set(titles) & set(MAGDEBURG_DRAFTS)


def _gateway_signer(system: System) -> IdentitySigner:
    """The gateway's own key (what an attacker who stole it would hold)."""
    key = load_private_key(system.identity_key.read_bytes())
    return IdentitySigner(key, key_id(key.public_key()))


async def test_a_client_cannot_forge_the_subgraph_identity(system: System) -> None:
    coordinator = Actor(subject="forger", grants=(Grant(role=Role.COORDINATOR, region=MAGDEBURG),))
    # Even correctly signed with the real key: the gateway replaces whatever came in.
    forged = {IDENTITY_HEADER: _gateway_signer(system).sign(coordinator, "offers")}
    body = await system.query(DRAFTS, headers=forged)
    assert body["data"]["offers"]["totalCount"] == 0  # type: ignore[index]


async def test_an_identity_captured_for_one_subgraph_is_refused_by_the_other(
    system: System,
) -> None:
    import httpx

    # given: a valid identity addressed to the surveys subgraph, sent to offers directly
    coordinator = Actor(subject="replay", grants=(Grant(role=Role.COORDINATOR, region=MAGDEBURG),))
    captured = _gateway_signer(system).sign(coordinator, "surveys")
    async with httpx.AsyncClient(timeout=10) as client:
        # when
        replayed = await client.post(
            f"{system.offers.url}/graphql",
            json={"query": DRAFTS},
            headers={IDENTITY_HEADER: captured},
        )
        addressed = await client.post(
            f"{system.surveys.url}/graphql",
            json={"query": "{ __typename }"},
            headers={IDENTITY_HEADER: captured},
        )
    # then
    assert replayed.status_code == 401
    assert replayed.json()["errors"][0]["extensions"]["code"] == "IDENTITY_INVALID"
    assert addressed.status_code == 200


async def test_an_invalid_token_is_refused_with_401(system: System) -> None:
    import httpx

    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            f"{system.gateway.url}/graphql",
            json={"query": DRAFTS},
            headers={"Authorization": "Bearer not-a-jwt"},
        )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("service", "path", "role"),
    [
        ("offers", "/graphql", Role.ADMIN),
        ("offers", "/hsds/services", Role.ADMIN),
        ("surveys", "/graphql", Role.COORDINATOR),
        ("surveys", "/graphql", Role.ANALYST),
    ],
)
async def test_a_valid_token_sent_straight_to_a_subgraph_is_refused(
    system: System, service: str, path: str, role: Role
) -> None:
    import httpx

    # given: a token the gateway accepts
    token = system.tokens.for_role(role, MAGDEBURG)
    url = {"offers": system.offers.url, "surveys": system.surveys.url}[service] + path
    async with httpx.AsyncClient(timeout=10) as client:
        # when: it is sent to the subgraph's own port, as anyone inside the network could
        if path == "/graphql":
            response = await client.post(url, json={"query": "{ __typename }"}, headers=token)
        else:
            response = await client.get(url, headers=token)
        through_gateway = await client.post(
            f"{system.gateway.url}/graphql", json={"query": DRAFTS}, headers=token
        )
        health = await client.get(url.replace(path, "/readyz"))
    # then: refused before anything is read; the same token through the gateway works
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert through_gateway.status_code == 200
    assert health.status_code == 200

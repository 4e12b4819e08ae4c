"""The demo networks of Magdeburg and the Landkreis Börde: they load with the demo, answer the
coordinators' questions (who covers language for parents in Neue Neustadt?), and the public sees
less than the coordinators."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.demo import load_into
from koko_shared.auth.actor import Role
from koko_shared.demo_regions import BOERDE, MAGDEBURG
from koko_shared.testing.identity import TestTokens

WHO_COVERS = """{ networkCoverage(regionArs: "150030000000", targetGroup: PARENTS,
  fieldsOfAction: ["language"], areaCodes: ["04"]) {
  cells { actorCount actors { name kind } } } }"""
FIGURES = """query($region: String!) { actorNetwork(regionArs: $region) {
  actorCount groupCount components { size } brokers { label } } }"""


async def _ask(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> dict:  # type: ignore[type-arg]
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {}
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


async def test_the_demo_network_answers_the_coordinators_questions(
    session: AsyncSession, client: httpx.AsyncClient, tokens: TestTokens
) -> None:
    # given
    await load_into(session)
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    # when
    public = (await _ask(client, WHO_COVERS))["networkCoverage"]["cells"][0]
    full = (await _ask(client, WHO_COVERS, headers=coordinator))["networkCoverage"]["cells"][0]
    magdeburg = (await _ask(client, FIGURES, {"region": MAGDEBURG}, coordinator))["actorNetwork"]
    boerde = (await _ask(client, FIGURES, {"region": BOERDE}))["actorNetwork"]
    # then the Kita in Neue Neustadt and the city-wide language providers cover it; the parents'
    # café of the Stadtteil is known to the coordinators but not yet published
    names = {a["name"] for a in full["actors"]}
    assert {
        "Kita Regenbogen Neue Neustadt",
        "Volkshochschule Magdeburg",
        "Elterncafé Neue Neustadt",
    } <= names
    assert "Elterncafé Neue Neustadt" not in {a["name"] for a in public["actors"]}
    assert public["actorCount"] == full["actorCount"] - 1
    # the Bildungsbüro holds the network together; the universities form a part of their own
    assert magdeburg["actorCount"] > 30 and magdeburg["groupCount"] == 7
    assert magdeburg["brokers"][0]["label"].endswith("Bildungsbüro (Bildungskoordination)")
    assert [c["size"] for c in magdeburg["components"]][1:] == [2]
    assert boerde["actorCount"] == 14 and len(boerde["components"]) == 1
    assert boerde["brokers"][0]["label"] == "Landkreis Börde – Amt für Migration"

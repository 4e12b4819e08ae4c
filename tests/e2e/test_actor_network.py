"""The actor network through the gateway: one GraphQL query answers as the offers subgraph does,
with the caller's rights, and the GraphML and PNG exports come through the REST proxy."""

from __future__ import annotations

import io

import httpx
import networkx as nx
import pytest

from koko_shared.auth.actor import Role
from tests.e2e.conftest import System

pytestmark = pytest.mark.e2e

MAGDEBURG = "150030000000"
QUERY = """query($region: String!) {
  actorNetwork(regionArs: $region) { actorCount tieCount brokers { label } }
  networkCoverage(regionArs: $region, targetGroup: PARENTS, fieldsOfAction: ["language"],
                  areaCodes: ["04"]) { cells { actors { name } } }
}"""


async def test_network_figures_through_the_gateway(system: System) -> None:
    # given
    coordinator = system.tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    variables = {"region": MAGDEBURG}
    # when
    public = await system.query(QUERY, variables)
    full = await system.query(QUERY, variables, headers=coordinator)
    # then the gateway answers as the subgraph does, with each caller's view
    assert "errors" not in public and "errors" not in full, (public, full)
    assert public["data"] == await system.subgraph("offers", QUERY, variables)
    public_network = public["data"]["actorNetwork"]  # type: ignore[index]
    full_network = full["data"]["actorNetwork"]  # type: ignore[index]
    assert full_network["actorCount"] > public_network["actorCount"] > 30
    assert full_network["brokers"][0]["label"].endswith("Bildungsbüro (Bildungskoordination)")


async def test_network_exports_through_the_gateway(system: System) -> None:
    # given
    coordinator = system.tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    async with httpx.AsyncClient(timeout=60) as client:
        # when
        graphml = await client.get(
            f"{system.gateway.url}/feeds/actor-network.graphml?region={MAGDEBURG}",
            headers=coordinator,
        )
        png = await client.get(f"{system.gateway.url}/feeds/actor-network.png?region={MAGDEBURG}")
    # then
    assert graphml.status_code == 200, graphml.text
    graph = nx.read_graphml(io.BytesIO(graphml.content))
    labels = {data["label"] for _, data in graph.nodes(data=True)}
    assert "Elterncafé Neue Neustadt" in labels  # unpublished: the coordinator's token went along
    assert graphml.headers["cache-control"].startswith("private")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert png.headers["cache-control"].startswith("public")

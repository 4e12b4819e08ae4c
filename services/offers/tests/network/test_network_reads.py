"""Reading the network: what each caller sees of actors and ties, Relay pages over actors, and
cycles in the network (referrals that go round) counted like any other tie."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.actor.models import Actor
from koko_offers.network.figures import figures
from koko_offers.tie.models import Tie
from koko_shared.demo_regions import MAGDEBURG

from .conftest import Api, Net, gid

ACTORS = """query($after: String) { actors(regionArs: "150030000000", first: 2, after: $after) {
  edges { node { name published } } pageInfo { hasNextPage endCursor } } }"""


async def _names(api: Api, headers: dict[str, str]) -> list[str]:
    names: list[str] = []
    after = None
    for _ in range(10):
        page = (await api.graphql(ACTORS, {"after": after}, headers))["actors"]
        names += [edge["node"]["name"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return names
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("more pages than actors")


async def test_each_caller_sees_its_part_of_the_network_page_by_page(api: Api, net: Net) -> None:
    # when
    public = await _names(api, {})
    school = await _names(api, api.provider(net.school))
    coordinator = await _names(api, api.coordinator())
    # then: by name, unpublished entries only for the coordinators and the actor itself
    assert public == ["Jobcenter Magdeburg", "Volkshochschule Magdeburg"]
    assert school == ["Jobcenter Magdeburg", "Schule am See", "Volkshochschule Magdeburg"]
    assert coordinator == school


async def test_unpublished_ties_and_their_ends_stay_hidden(api: Api, net: Net) -> None:
    # given a published tie to the unpublished school and an unpublished one between published
    # actors
    for source, target, published in (
        (net.vhs_actor, net.school_actor, True),
        (net.jobcenter, net.vhs_actor, False),
    ):
        api.session.add(
            Tie(
                region_ars=MAGDEBURG,
                kind="working_contact",
                source_actor_id=source.id,
                target_actor_id=target.id,
                valid_from=date(2025, 1, 1),
                published=published,
            )
        )
    await api.session.flush()
    query = """query($id: ID!) { actor(id: $id) { ties { kind target { name } } }
      ties(regionArs: "150030000000") { edges { node { source { name } } } } }"""
    variables = {"id": gid("Actor", net.vhs_actor.id)}
    # when
    public = await api.graphql(query, variables)
    vhs = await api.graphql(query, variables, api.provider(net.vhs))
    coordinator = await api.graphql(query, variables, api.coordinator())
    hidden = await api.graphql(
        "query($id: ID!) { actor(id: $id) { name } node(id: $id) { id } }",
        {"id": gid("Actor", net.school_actor.id)},
    )
    # then
    assert public["actor"]["ties"] == [] and public["ties"]["edges"] == []
    # the VHS sees its own unpublished tie with the Jobcenter, not the tie to the school
    assert [t["target"]["name"] for t in vhs["actor"]["ties"]] == ["Volkshochschule Magdeburg"]
    assert len(coordinator["actor"]["ties"]) == 2
    assert len(coordinator["ties"]["edges"]) == 2
    assert hidden == {"actor": None, "node": None}


async def test_offers_of_an_actor_come_from_its_provider(
    api: Api, net: Net, session: AsyncSession
) -> None:
    # given the VHS has no offer yet: an actor without provider has none either
    data = await api.graphql(
        "query($a: ID!, $b: ID!) { a: actor(id: $a) { offers { id } } "
        "b: actor(id: $b) { offers { id } provider { id } } }",
        {"a": gid("Actor", net.vhs_actor.id), "b": gid("Actor", net.jobcenter.id)},
    )
    # then
    assert data == {"a": {"offers": []}, "b": {"offers": [], "provider": None}}


def test_a_referral_cycle_counts_like_any_other_ties() -> None:
    # given A refers to B, B to C and C back to A, and D hangs on C
    graph = nx.Graph()
    for node in "ABCD":
        graph.add_node(node, type="actor")
    graph.add_edges_from([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D")])
    # when
    result = figures(graph)
    # then: in the triangle nobody is needed, C is the only way to D (by hand: C lies on the
    # paths A-D and B-D, 2 of (3*2/2 = 3) pairs)
    assert {n: f.degree for n, f in result.nodes.items()} == {"A": 2, "B": 2, "C": 3, "D": 1}
    assert result.nodes["C"].betweenness == pytest.approx(2 / 3)
    assert result.nodes["A"].betweenness == 0.0
    assert result.brokers == ["C"]
    assert result.components == [["A", "B", "C", "D"]]


async def test_an_actor_that_left_is_not_in_todays_network(
    api: Api, net: Net, session: AsyncSession
) -> None:
    # given the Jobcenter left the network last year
    row = await session.get(Actor, net.jobcenter.id)
    assert row is not None
    row.valid_to = date(2025, 12, 31)
    await session.flush()
    query = """query($on: Date) { actorNetwork(regionArs: "150030000000", on: $on) {
      nodes { label } } }"""
    # when
    today = await api.graphql(query, {"on": "2026-06-01"})
    then = await api.graphql(query, {"on": "2025-06-01"})
    # then
    assert "Jobcenter Magdeburg" not in [n["label"] for n in today["actorNetwork"]["nodes"]]
    assert "Jobcenter Magdeburg" in [n["label"] for n in then["actorNetwork"]["nodes"]]

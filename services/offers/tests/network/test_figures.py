"""The network figures, coverage and change against values worked out by hand on a small
network:

    A ── B ──▶ C ─┄ G ┄─ D        E (alone)

A and B cooperate, B refers to C, C and D are members of the group G. As an undirected graph of
six nodes this is the path A-B-C-G-D plus E. By hand: degrees A1 B2 C2 G2 D1 E0; betweenness
(normalised by (n-1)(n-2)/2 = 10 pairs) B = 3/10 (A to C, G, D), C = 4/10 ({A,B} to {G,D}),
G = 3/10 ({A,B,C} to D), others 0; components {A,B,C,D,G} and {E}; articulation points B, C, G,
of which the actors C and B are brokers; density 4 edges / 15 pairs."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.actor.models import Actor
from koko_offers.network import service
from koko_offers.network.coverage import coverage
from koko_offers.network.visibility import NetworkView
from koko_offers.tie.models import Tie
from koko_offers.working_group.models import WorkingGroup
from koko_shared.demo_regions import MAGDEBURG

from .conftest import NEUE_NEUSTADT, NEUSTAEDTER_SEE, Api, Net, gid

NETWORK = """query($on: Date) { actorNetwork(regionArs: "150030000000", on: $on) {
  actorCount groupCount tieCount edgeCount density
  nodes { id label degree betweenness component broker }
  components { size } brokers { label } } }"""


async def _small(session: AsyncSession) -> dict[str, Actor | WorkingGroup]:
    """A, B, C, D, E published in Magdeburg (B, C, D and G since 2025); G a published group.
    (The fixture's own actors are moved out of the way: they end before 2025.)"""
    nodes: dict[str, Actor | WorkingGroup] = {
        name: Actor(
            region_ars=MAGDEBURG,
            name=name,
            kind="other",
            published=True,
            fields_of_action=fields,
            target_groups=targets,
            area_codes=areas,
            valid_from=None if name in ("A", "E") else date(2025, 1, 1),
        )
        for name, fields, targets, areas in (
            ("A", ["language"], [], []),
            ("B", ["language", "work"], ["parents"], [NEUE_NEUSTADT]),
            ("C", ["work"], [], [NEUSTAEDTER_SEE]),
            ("D", [], [], []),
            ("E", ["health"], ["women"], []),
        )
    }
    nodes["G"] = WorkingGroup(
        region_ars=MAGDEBURG,
        kind="working_group",
        name="G",
        published=True,
        valid_from=date(2025, 1, 1),
    )
    session.add_all(nodes.values())
    await session.flush()
    since = date(2025, 1, 1)
    session.add_all(
        [
            Tie(
                region_ars=MAGDEBURG,
                kind="cooperation_agreement",
                source_actor_id=nodes["A"].id,
                target_actor_id=nodes["B"].id,
                valid_from=since,
                published=True,
            ),
            Tie(
                region_ars=MAGDEBURG,
                kind="referral",
                source_actor_id=nodes["B"].id,
                target_actor_id=nodes["C"].id,
                valid_from=since,
                published=True,
            ),
            Tie(
                region_ars=MAGDEBURG,
                kind="membership",
                source_actor_id=nodes["C"].id,
                working_group_id=nodes["G"].id,
                membership_role="member",
                valid_from=since,
                published=True,
            ),
            Tie(
                region_ars=MAGDEBURG,
                kind="membership",
                source_actor_id=nodes["D"].id,
                working_group_id=nodes["G"].id,
                membership_role="chair",
                valid_from=since,
                published=True,
            ),
            # ended before the day looked at: not part of the network then
            Tie(
                region_ars=MAGDEBURG,
                kind="working_contact",
                source_actor_id=nodes["A"].id,
                target_actor_id=nodes["E"].id,
                valid_from=date(2020, 1, 1),
                valid_to=date(2024, 12, 31),
                published=True,
            ),
        ]
    )
    await session.flush()
    return nodes


@pytest.fixture
async def small(net: Net, session: AsyncSession) -> dict[str, Actor | WorkingGroup]:
    for row in (net.vhs_actor, net.school_actor, net.jobcenter):
        row.valid_to = date(2024, 6, 30)
    net.group.valid_to = date(2024, 6, 30)
    await session.flush()
    return await _small(session)


async def test_figures_match_the_hand_computed_values(api: Api, small: dict) -> None:
    # when
    data = await api.graphql(NETWORK, {"on": "2025-06-01"}, api.coordinator())
    # then
    network = data["actorNetwork"]
    assert (network["actorCount"], network["groupCount"], network["tieCount"]) == (5, 1, 4)
    assert network["edgeCount"] == 4
    assert network["density"] == pytest.approx(4 / 15, abs=1e-6)
    by_label = {n["label"]: n for n in network["nodes"]}
    assert {k: v["degree"] for k, v in by_label.items()} == {
        "A": 1,
        "B": 2,
        "C": 2,
        "G": 2,
        "D": 1,
        "E": 0,
    }
    assert {k: v["betweenness"] for k, v in by_label.items()} == pytest.approx(
        {"A": 0.0, "B": 0.3, "C": 0.4, "G": 0.3, "D": 0.0, "E": 0.0}
    )
    assert [c["size"] for c in network["components"]] == [5, 1]
    assert by_label["E"]["component"] == 1 and by_label["A"]["component"] == 0
    assert [b["label"] for b in network["brokers"]] == ["C", "B"]
    assert [n["label"] for n in network["nodes"] if n["broker"]] == ["C", "B"]
    assert network["nodes"][0]["id"] == gid("Actor", small["C"].id)


async def test_the_public_network_leaves_out_what_is_not_published(
    api: Api, small: dict, session: AsyncSession
) -> None:
    # given B is not published: the public loses B and its two ties
    small["B"].published = False
    await session.flush()
    # when
    public = (await api.graphql(NETWORK, {"on": "2025-06-01"}))["actorNetwork"]
    full = (await api.graphql(NETWORK, {"on": "2025-06-01"}, api.coordinator()))["actorNetwork"]
    # then
    assert sorted(n["label"] for n in public["nodes"]) == ["A", "C", "D", "E", "G"]
    assert public["tieCount"] == 2
    assert [c["size"] for c in public["components"]] == [3, 1, 1]
    assert full["tieCount"] == 4


COVERAGE = """query($group: TargetGroup) { networkCoverage(regionArs: "150030000000",
  on: "2025-06-01", targetGroup: $group, fieldsOfAction: ["language", "work"]) {
  areas { code kind } fieldsOfAction { code label(lang: "en") } coveredShare
  cells { fieldCode areaCode actorCount actors { name } } gaps { fieldCode areaCode } } }"""


async def test_coverage_of_fields_of_action_by_area(api: Api, small: dict) -> None:
    # when (A: language everywhere; B: language and work in 04, for parents; C: work in 05)
    anyone = (await api.graphql(COVERAGE, {}, api.coordinator()))["networkCoverage"]
    parents = await api.graphql(COVERAGE, {"group": "PARENTS"}, api.coordinator())
    women = await api.graphql(COVERAGE, {"group": "WOMEN"}, api.coordinator())
    # then
    assert [a["code"] for a in anyone["areas"]] == [NEUE_NEUSTADT, NEUSTAEDTER_SEE]
    assert [f["label"] for f in anyone["fieldsOfAction"]] == ["Language", "Training and work"]

    def cells(result: dict) -> dict[tuple[str, str], list[str]]:
        return {
            (c["fieldCode"], c["areaCode"]): [a["name"] for a in c["actors"]]
            for c in result["cells"]
        }

    assert cells(anyone) == {
        ("language", NEUE_NEUSTADT): ["A", "B"],
        ("language", NEUSTAEDTER_SEE): ["A"],
        ("work", NEUE_NEUSTADT): ["B"],
        ("work", NEUSTAEDTER_SEE): ["C"],
    }
    assert anyone["gaps"] == [] and anyone["coveredShare"] == 1.0
    assert cells(parents["networkCoverage"])[("language", NEUE_NEUSTADT)] == ["A", "B"]
    # B works with parents only: for women, work in Neue Neustadt is a gap
    assert women["networkCoverage"]["gaps"] == [{"fieldCode": "work", "areaCode": NEUE_NEUSTADT}]
    assert women["networkCoverage"]["coveredShare"] == 0.75


CHANGE = """{ networkChange(regionArs: "150030000000", from: "2024-06-01", to: "2025-06-01") {
  componentsBefore componentsAfter actorsJoined { name } actorsLeft { name }
  tiesBegun tiesEnded brokersGained degreeChanges { id before after } } }"""


async def test_change_between_two_days(api: Api, small: dict, net: Net) -> None:
    # when: on 1 June 2024 the fixture's actors and the A-E contact were there, by 2025 the small
    # network had replaced them
    data = (await api.graphql(CHANGE, headers=api.coordinator()))["networkChange"]
    # then
    assert sorted(a["name"] for a in data["actorsJoined"]) == ["B", "C", "D"]
    assert sorted(a["name"] for a in data["actorsLeft"]) == [
        "Jobcenter Magdeburg",
        "Schule am See",
        "Volkshochschule Magdeburg",
    ]
    assert len(data["tiesBegun"]) == 4 and len(data["tiesEnded"]) == 1
    # 2024: A-E, three single actors and the fixture's group alone: 5 parts; 2025: 2 parts
    assert (data["componentsBefore"], data["componentsAfter"]) == (5, 2)
    assert sorted(data["brokersGained"]) == sorted(
        [gid("Actor", small["B"].id), gid("Actor", small["C"].id)]
    )
    degree_of_e = {d["id"]: (d["before"], d["after"]) for d in data["degreeChanges"]}
    assert degree_of_e[gid("Actor", small["E"].id)] == (1, 0)


async def test_the_coverage_a_report_stores_is_plain_json(
    small: dict, session: AsyncSession
) -> None:
    # given the coordinators' view on 1 June 2025
    snapshot = await service.snapshot(session, NetworkView(MAGDEBURG, full=True), date(2025, 6, 1))
    # when
    stored = json.loads(
        json.dumps((await coverage(session, snapshot, field_codes=["language", "work"])).as_dict())
    )
    # then everything a report prints is in it, with names rather than ids only
    assert (stored["regionArs"], stored["on"], stored["view"]) == (MAGDEBURG, "2025-06-01", "full")
    assert [f["code"] for f in stored["fields"]] == ["language", "work"]
    assert stored["fields"][0]["labels"]["de"] == "Sprache und Spracherwerb"
    assert [a["name"] for a in stored["areas"]] == ["Neue Neustadt", "Neustädter See"]
    cell = stored["cells"][0]
    assert (cell["field"], cell["area"]) == ("language", NEUE_NEUSTADT)
    assert [a["name"] for a in cell["actors"]] == ["A", "B"]
    assert stored["coveredShare"] == 1.0

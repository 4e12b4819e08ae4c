"""What each kind of caller sees of a small fixed network, written out by hand, through every
published path: the GraphQL lists, look-ups by id (`actor`, `workingGroup`, `node`; the network's
types are no federation entities, so `_entities` does not reach them), the ties of an actor and
the memberships, parent and convenor of a group, the figures' counts, meetings with their
participants and follow-ups, and the GraphML export and SVG drawing. A path that forgets the read
scope shows a caller more than its row here.

The network (Magdeburg, with Landkreis Börde as "another region"):
  actors  VHS (provider vhs, published), Schule am See (provider school, unpublished),
          Jobcenter (published), Tafel Magdeburg (unpublished);
          Börde: KVHS Börde (published), Tafel Börde (unpublished)
  groups  AG Sprache (published; parent Runder Tisch intern, convenor Tafel Magdeburg),
          Runder Tisch intern (unpublished)
  ties    t1 VHS -> Jobcenter (published)      t2 Jobcenter -> VHS (unpublished)
          t3 VHS -> Schule (published)         t4 Jobcenter -> Tafel Magdeburg (published)
          t5 Jobcenter in AG Sprache (published)  t6 VHS in Runder Tisch (published)
          t7 Schule in AG Sprache (unpublished) t8 Tafel Magdeburg -> Jobcenter (published)
  meeting "Treffen Mai" of AG Sprache (participants: the school and Tafel Magdeburg), with a
          follow-up of the school ("Protokoll verschicken") and one of Tafel Magdeburg ("Raum
          buchen", shown only to those who see Tafel Magdeburg)
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID
from xml.etree import ElementTree

import networkx as nx
import pytest

from koko_offers.actor.models import Actor
from koko_offers.meeting.models import FollowUp, Meeting
from koko_offers.tie.models import Tie
from koko_offers.working_group.models import WorkingGroup
from koko_shared.demo_regions import BOERDE, MAGDEBURG

from .conftest import Api, Net, gid

VHS, SCHOOL, JOBCENTER, TAFEL = (
    "Volkshochschule Magdeburg",
    "Schule am See",
    "Jobcenter Magdeburg",
    "Tafel Magdeburg",
)
KVHS, TAFEL_BOERDE, AG, ROUND_TABLE = (
    "KVHS Börde",
    "Tafel Börde",
    "AG Sprache",
    "Runder Tisch intern",
)
MEETING, FOLLOW_UP, TAFEL_TASK = "Treffen Mai", "Protokoll verschicken", "Raum buchen"
EVERY_ID = {VHS, SCHOOL, JOBCENTER, TAFEL, KVHS, TAFEL_BOERDE, AG, ROUND_TABLE}
EVERY_ID |= {f"t{i}" for i in range(1, 9)}


@dataclass(frozen=True)
class Seen:
    magdeburg: list[str]  # `actors` of Magdeburg, by name
    boerde: list[str]  # `actors` of Börde
    groups: list[str]  # `workingGroups` of Magdeburg
    ties: set[str]  # `ties` of Magdeburg, by note
    by_id: set[str]  # what `actor`/`workingGroup`/`node` answer of EVERY_ID
    jobcenter_ties: set[str]  # the Jobcenter's `ties`
    memberships: set[str]  # AG Sprache's `memberships`
    parent: str | None  # AG Sprache's `parentGroup`
    convenor: str | None  # AG Sprache's `convenor`
    counts: tuple[int, int, int, int]  # actorNetwork: actors, groups, ties, edges
    # AG Sprache's meetings: title, participants, follow-ups
    meetings: list[tuple[str, list[str], list[str]]] | None
    follow_ups: list[str] | None  # `followUps` of Magdeburg; None: refused


PUBLIC = Seen(
    magdeburg=[JOBCENTER, VHS],
    boerde=[KVHS],
    groups=[AG],
    ties={"t1", "t5"},
    by_id={VHS, JOBCENTER, KVHS, AG, "t1", "t5"},
    jobcenter_ties={"t1", "t5"},
    memberships={"t5"},
    parent=None,
    convenor=None,
    counts=(2, 1, 2, 2),
    meetings=None,
    follow_ups=None,
)
EVERYTHING_IN_MAGDEBURG = Seen(
    magdeburg=[JOBCENTER, SCHOOL, TAFEL, VHS],
    boerde=[KVHS],
    groups=[AG, ROUND_TABLE],
    ties={f"t{i}" for i in range(1, 9)},
    by_id=EVERY_ID - {TAFEL_BOERDE},
    jobcenter_ties={"t1", "t2", "t4", "t5", "t8"},
    memberships={"t5", "t7"},
    parent=ROUND_TABLE,
    convenor=TAFEL,
    counts=(4, 2, 8, 6),  # t4 and t8 are one edge
    meetings=[(MEETING, [SCHOOL, TAFEL], [FOLLOW_UP, TAFEL_TASK])],
    follow_ups=[FOLLOW_UP, TAFEL_TASK],
)
EXPECTED: dict[str, Seen] = {
    "anonymous": PUBLIC,
    # its own unpublished actor, the published tie t3 to it and its unpublished membership t7;
    # a member of AG Sprache, so its minutes and their follow-ups, but not the hidden Tafel nor
    # its task
    "provider of the school": Seen(
        magdeburg=[JOBCENTER, SCHOOL, VHS],
        boerde=[KVHS],
        groups=[AG],
        ties={"t1", "t3", "t5", "t7"},
        by_id={VHS, SCHOOL, JOBCENTER, KVHS, AG, "t1", "t3", "t5", "t7"},
        jobcenter_ties={"t1", "t5"},
        memberships={"t5", "t7"},
        parent=None,
        convenor=None,
        counts=(3, 1, 4, 4),
        meetings=[(MEETING, [SCHOOL], [FOLLOW_UP])],
        follow_ups=[FOLLOW_UP],
    ),
    # its own unpublished tie t2, not t3 (the school is hidden) nor t6 (the round table is)
    "provider of the VHS": Seen(
        magdeburg=[JOBCENTER, VHS],
        boerde=[KVHS],
        groups=[AG],
        ties={"t1", "t2", "t5"},
        by_id={VHS, JOBCENTER, KVHS, AG, "t1", "t2", "t5"},
        jobcenter_ties={"t1", "t2", "t5"},
        memberships={"t5"},
        parent=None,
        convenor=None,
        counts=(2, 1, 3, 2),  # t1 and t2 are one edge
        meetings=None,
        follow_ups=[],
    ),
    "provider of another region": PUBLIC,
    "coordinator of the region": EVERYTHING_IN_MAGDEBURG,
    "coordinator of another region": Seen(
        **{
            **PUBLIC.__dict__,
            "boerde": [KVHS, TAFEL_BOERDE],
            "by_id": PUBLIC.by_id | {TAFEL_BOERDE},
        }
    ),
    "admin": Seen(
        **{
            **EVERYTHING_IN_MAGDEBURG.__dict__,
            "boerde": [KVHS, TAFEL_BOERDE],
            "by_id": EVERY_ID,
        }
    ),
}


@dataclass
class Network:
    ids: dict[str, str]  # label -> global id
    types: dict[str, str]  # label -> GraphQL type


@pytest.fixture
async def network(api: Api, net: Net) -> Network:
    session = api.session
    tafel = Actor(region_ars=MAGDEBURG, name=TAFEL, kind="jobcenter", fields_of_action=["work"])
    tafel_boerde = Actor(region_ars=BOERDE, name=TAFEL_BOERDE, kind="jobcenter")
    round_table = WorkingGroup(region_ars=MAGDEBURG, kind="round_table", name=ROUND_TABLE)
    session.add_all([tafel, tafel_boerde, round_table])
    await session.flush()
    net.group.parent_group_id, net.group.convenor_actor_id = round_table.id, tafel.id
    session.add(net.group)
    vhs, school, jobcenter = net.vhs_actor, net.school_actor, net.jobcenter
    ends: list[tuple[Actor, Actor | WorkingGroup, bool]] = [
        (vhs, jobcenter, True),
        (jobcenter, vhs, False),
        (vhs, school, True),
        (jobcenter, tafel, True),
        (jobcenter, net.group, True),
        (vhs, round_table, True),
        (school, net.group, False),
        (tafel, jobcenter, True),
    ]
    ties = [
        Tie(
            region_ars=MAGDEBURG,
            kind="membership" if isinstance(target, WorkingGroup) else "working_contact",
            membership_role="member" if isinstance(target, WorkingGroup) else None,
            source_actor_id=source.id,
            target_actor_id=None if isinstance(target, WorkingGroup) else target.id,
            working_group_id=target.id if isinstance(target, WorkingGroup) else None,
            note=f"t{number}",
            valid_from=date(2025, 1, 1),
            published=published,
        )
        for number, (source, target, published) in enumerate(ends, start=1)
    ]
    meeting = Meeting(
        working_group_id=net.group.id,
        region_ars=MAGDEBURG,
        meeting_date=date(2026, 5, 4),
        title=MEETING,
        participant_actor_ids=[school.id, tafel.id],
    )
    session.add_all([*ties, meeting])
    await session.flush()
    session.add_all(
        [
            FollowUp(
                meeting_id=meeting.id,
                region_ars=MAGDEBURG,
                description=description,
                owner_actor_id=owner.id,
                due_date=due,
            )
            for description, owner, due in [
                (FOLLOW_UP, school, date(2026, 6, 1)),
                (TAFEL_TASK, tafel, date(2026, 6, 15)),
            ]
        ]
    )
    await session.flush()
    rows: dict[str, tuple[str, UUID]] = {
        VHS: ("Actor", vhs.id),
        SCHOOL: ("Actor", school.id),
        JOBCENTER: ("Actor", jobcenter.id),
        TAFEL: ("Actor", tafel.id),
        KVHS: ("Actor", net.boerde_actor.id),
        TAFEL_BOERDE: ("Actor", tafel_boerde.id),
        AG: ("WorkingGroup", net.group.id),
        ROUND_TABLE: ("WorkingGroup", round_table.id),
        **{t.note or "": ("Tie", t.id) for t in ties},
    }
    return Network(
        ids={label: gid(kind, id) for label, (kind, id) in rows.items()},
        types={label: kind for label, (kind, _) in rows.items()},
    )


def _headers(api: Api, net: Net, caller: str) -> dict[str, str]:
    return {
        "anonymous": {},
        "provider of the school": api.provider(net.school),
        "provider of the VHS": api.provider(net.vhs),
        "provider of another region": api.provider(net.kvhs),
        "coordinator of the region": api.coordinator(),
        "coordinator of another region": api.coordinator(BOERDE),
        "admin": api.admin(),
    }[caller]


LABEL = "... on Actor { name } ... on WorkingGroup { name } ... on Tie { note }"
LISTS = """query($ag: ID!, $jobcenter: ID!) {
  magdeburg: actors(regionArs: "150030000000") { edges { node { name } } }
  boerde: actors(regionArs: "150830000000") { edges { node { name } } }
  workingGroups(regionArs: "150030000000") { edges { node { name } } }
  ties(regionArs: "150030000000") { edges { node { note } } }
  jobcenter: actor(id: $jobcenter) { ties { note } }
  ag: workingGroup(id: $ag) { memberships { note } parentGroup { name } convenor { name }
    meetings { edges { node { title participants { name } followUps { description } } } } }
  actorNetwork(regionArs: "150030000000") { actorCount groupCount tieCount edgeCount }
}"""


def _label(answer: dict[str, Any] | None) -> str | None:
    return None if answer is None else answer.get("name") or answer.get("note")


async def _seen_by_id(api: Api, network: Network, headers: dict[str, str]) -> list[set[str]]:
    """What `node` and the root look-ups answer of every row of the network."""
    labels = list(network.ids)
    nodes = " ".join(
        f'n{i}: node(id: "{network.ids[x]}") {{ {LABEL} }}' for i, x in enumerate(labels)
    )
    roots = " ".join(
        f"r{i}: {'actor' if network.types[x] == 'Actor' else 'workingGroup'}"
        f'(id: "{network.ids[x]}") {{ name }}'
        for i, x in enumerate(labels)
        if network.types[x] != "Tie"
    )
    data = await api.graphql(f"{{ {nodes} {roots} }}", headers=headers)
    seen_by_node = {_label(data[f"n{i}"]) for i in range(len(labels))} - {None}
    seen_by_root = {_label(v) for k, v in data.items() if k.startswith("r")} - {None}
    # the root look-ups cover actors and groups only: add the ties `node` answered
    ties_by_node = {x for x in seen_by_node if x.startswith("t")}
    return [seen_by_node, seen_by_root | ties_by_node]  # type: ignore[list-item]


async def _follow_ups(api: Api, headers: dict[str, str]) -> list[str] | None:
    response = await api.client.post(
        "/graphql",
        json={
            "query": '{ followUps(regionArs: "150030000000") { edges { node { description } } } }'
        },
        headers=headers,
    )
    body = response.json()
    if body.get("errors"):
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
        return None
    return [edge["node"]["description"] for edge in body["data"]["followUps"]["edges"]]


async def _seen_in_files(api: Api, headers: dict[str, str]) -> tuple[set[str], int, str]:
    path = f"/feeds/actor-network.{{}}?region={MAGDEBURG}&lang=en"
    graphml = await api.client.get(path.format("graphml"), headers=headers)
    svg = await api.client.get(path.format("svg"), headers=headers)
    assert graphml.status_code == svg.status_code == 200, graphml.text + svg.text
    graph = nx.read_graphml(io.BytesIO(graphml.content))
    texts = " ".join(
        "".join(element.itertext())
        for element in ElementTree.fromstring(svg.content).iter("{http://www.w3.org/2000/svg}text")
    )
    return {d["label"] for _, d in graph.nodes(data=True)}, graph.number_of_edges(), texts


@pytest.mark.parametrize("caller", list(EXPECTED))
async def test_each_caller_sees_what_the_table_says_through_every_path(
    api: Api, net: Net, network: Network, caller: str
) -> None:
    expected, headers = EXPECTED[caller], _headers(api, net, caller)
    # when
    data = await api.graphql(
        LISTS, {"ag": network.ids[AG], "jobcenter": network.ids[JOBCENTER]}, headers
    )
    by_id = await _seen_by_id(api, network, headers)
    follow_ups = await _follow_ups(api, headers)
    labels, edges, drawing = await _seen_in_files(api, headers)
    # then: the lists
    names = [[e["node"]["name"] for e in data[k]["edges"]] for k in ("magdeburg", "boerde")]
    assert names == [expected.magdeburg, expected.boerde]
    assert [e["node"]["name"] for e in data["workingGroups"]["edges"]] == expected.groups
    assert {e["node"]["note"] for e in data["ties"]["edges"]} == expected.ties
    # ... the look-ups by id (node, actor/workingGroup)
    assert by_id == [expected.by_id] * 2
    # ... what hangs off a visible actor and group
    assert {t["note"] for t in data["jobcenter"]["ties"]} == expected.jobcenter_ties
    assert {t["note"] for t in data["ag"]["memberships"]} == expected.memberships
    assert _label(data["ag"]["parentGroup"]) == expected.parent
    assert _label(data["ag"]["convenor"]) == expected.convenor
    meetings = data["ag"]["meetings"]
    assert (
        None
        if meetings is None
        else [
            (
                e["node"]["title"],
                [p["name"] for p in e["node"]["participants"]],
                [f["description"] for f in e["node"]["followUps"]],
            )
            for e in meetings["edges"]
        ]
    ) == expected.meetings
    assert follow_ups == expected.follow_ups
    # ... the figures' counts and the files
    network_counts = data["actorNetwork"]
    assert (
        network_counts["actorCount"],
        network_counts["groupCount"],
        network_counts["tieCount"],
        network_counts["edgeCount"],
    ) == expected.counts
    nodes = set(expected.magdeburg) | set(expected.groups)
    assert (labels, edges) == (nodes, expected.counts[3])
    for name in (SCHOOL, TAFEL, ROUND_TABLE):
        assert (name.split()[0] in drawing) == (name in nodes), name

"""GraphQL types of the network figures, the coverage of fields of action and the change
between two dates."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Self
from uuid import UUID

import strawberry
from strawberry.types import Info

from koko_offers.actor.loaders import actor_by_id
from koko_offers.actor.types import Actor
from koko_offers.field_of_action.types import FieldOfAction
from koko_offers.graphql.context import OffersContext
from koko_offers.network.coverage import Coverage
from koko_offers.network.figures import Figures
from koko_offers.network.service import Snapshot
from koko_offers.offer.types import TargetGroup
from koko_shared.graphql.ids import to_global_id


def node_id(node: str) -> strawberry.ID:
    """`actor:<uuid>` -> the Actor's global id, `group:<uuid>` -> the WorkingGroup's."""
    type_name, _, local = node.partition(":")
    return strawberry.ID(to_global_id("Actor" if type_name == "actor" else "WorkingGroup", local))


@strawberry.enum(description="Whether a node of the network is an actor or a group.")
class NetworkNodeType(Enum):
    ACTOR = strawberry.enum_value("actor", description="An actor (`Actor`).")
    GROUP = strawberry.enum_value("group", description="A working group or round table.")


@strawberry.type(description="One actor or group of the network with its figures.")
class NetworkNode:
    id: strawberry.ID = strawberry.field(description="Global id of the Actor or WorkingGroup.")
    type: NetworkNodeType = strawberry.field(description="Actor or group.")
    label: str = strawberry.field(description="Its name.")
    kind: str = strawberry.field(description="Its kind (ActorKind or WorkingGroupKind value).")
    degree: int = strawberry.field(description="How many actors and groups it is tied to.")
    betweenness: float = strawberry.field(
        description="Normalised betweenness centrality (0–1): the share of shortest paths "
        "between other nodes that run through it."
    )
    component: int = strawberry.field(description="Index of its component (0: the largest).")
    broker: bool = strawberry.field(
        description="True for an actor whose leaving would split its part of the network."
    )


@strawberry.type(description="A connected part of the network.")
class NetworkComponent:
    index: int = strawberry.field(description="0 for the largest, then by size.")
    size: int = strawberry.field(description="How many actors and groups it holds.")
    node_ids: list[strawberry.ID] = strawberry.field(description="Global ids of its nodes.")


@strawberry.type(description="The network of a region on a day, as you may see it, with figures.")
class ActorNetwork:
    region_ars: str = strawberry.field(description="Regionalschlüssel of the region.")
    on: date = strawberry.field(description="The day the network is shown for.")
    actor_count: int = strawberry.field(description="Actors active on that day.")
    group_count: int = strawberry.field(description="Working groups and round tables.")
    tie_count: int = strawberry.field(description="Ties and memberships in force.")
    edge_count: int = strawberry.field(
        description="Linked pairs (several ties between two actors are one edge)."
    )
    density: float = strawberry.field(description="Edges over possible edges (0–1).")
    nodes: list[NetworkNode] = strawberry.field(
        description="Actors and groups, highest betweenness first."
    )
    components: list[NetworkComponent] = strawberry.field(
        description="Connected parts, largest first."
    )
    brokers: list[NetworkNode] = strawberry.field(
        description="Actors whose leaving would split the network, highest betweenness first."
    )

    @classmethod
    def of(cls, snapshot: Snapshot, result: Figures) -> Self:
        graph = snapshot.graph()
        broker_set = set(result.brokers)
        nodes = {
            name: NetworkNode(
                id=node_id(name),
                type=NetworkNodeType(graph.nodes[name]["type"]),
                label=graph.nodes[name]["label"],
                kind=graph.nodes[name]["kind"],
                degree=f.degree,
                betweenness=round(f.betweenness, 6),
                component=f.component,
                broker=name in broker_set,
            )
            for name, f in result.nodes.items()
        }
        ordered = sorted(nodes.values(), key=lambda n: (-n.betweenness, n.label.lower(), n.id))
        return cls(
            region_ars=snapshot.region.ars,
            on=snapshot.on,
            actor_count=len(snapshot.actors),
            group_count=len(snapshot.groups),
            tie_count=len(snapshot.ties),
            edge_count=result.edge_count,
            density=round(result.density, 6),
            nodes=ordered,
            components=[
                NetworkComponent(index=i, size=len(c), node_ids=[node_id(n) for n in c])
                for i, c in enumerate(result.components)
            ],
            brokers=[nodes[name] for name in result.brokers],
        )


@strawberry.type(description="An area (Stadtteil, municipality or the whole region).")
class CoverageArea:
    code: str = strawberry.field(
        description="The area's code, or the ARS of a municipality or of the whole region."
    )
    name: str = strawberry.field(description="Its name.")
    kind: str = strawberry.field(description="area, municipality or region.")


@strawberry.type(description="Who covers one field of action in one area.")
class CoverageCell:
    field_code: str = strawberry.field(description="Code of the field of action.")
    area_code: str = strawberry.field(description="Code of the area (see CoverageArea.code).")
    actor_count: int = strawberry.field(description="How many actors cover it; 0: a gap.")
    actor_ids: strawberry.Private[list[UUID]]

    @strawberry.field(description="The actors that cover it, by name.")
    async def actors(self, info: Info[OffersContext, None]) -> list[Actor]:
        # Here and below: ids of a snapshot, read through `actor_scope` (network/service.py).
        rows = await actor_by_id(info.context).load_many(self.actor_ids)
        return [Actor.from_row(r) for r in rows if r is not None]


@strawberry.type(
    description="Which fields of action have an actor in which area; empty cells are gaps."
)
class NetworkCoverage:
    region_ars: str = strawberry.field(description="Regionalschlüssel of the region.")
    on: date = strawberry.field(description="The day the coverage is shown for.")
    target_group: TargetGroup | None = strawberry.field(
        description="Only actors working with this group (or with everyone); null: any."
    )
    fields_of_action: list[FieldOfAction] = strawberry.field(
        description="The fields of action in force on that day (rows of the table)."
    )
    areas: list[CoverageArea] = strawberry.field(description="The areas (columns of the table).")
    cells: list[CoverageCell] = strawberry.field(description="Every field × area, in order.")
    covered_share: float = strawberry.field(description="Share of cells with an actor (0–1).")

    @strawberry.field(description="The cells nobody covers.")
    def gaps(self) -> list[CoverageCell]:
        return [cell for cell in self.cells if cell.actor_count == 0]

    @classmethod
    def of(cls, result: Coverage, fields: list[FieldOfAction]) -> Self:
        return cls(
            region_ars=result.region_ars,
            on=result.on,
            target_group=TargetGroup(result.target_group) if result.target_group else None,
            fields_of_action=fields,
            areas=[CoverageArea(code=a.code, name=a.name, kind=a.kind) for a in result.areas],
            cells=[
                CoverageCell(field_code=f, area_code=a, actor_count=len(ids), actor_ids=ids)
                for (f, a), ids in result.cells.items()
            ],
            covered_share=round(result.covered_share, 4),
        )


@strawberry.type(description="How one node's degree changed.")
class DegreeChange:
    id: strawberry.ID = strawberry.field(description="Global id of the Actor or WorkingGroup.")
    before: int = strawberry.field(description="Degree on the first day (0: not there).")
    after: int = strawberry.field(description="Degree on the second day (0: not there).")


@strawberry.type(description="How the network changed between two days (as you may see it).")
class NetworkChange:
    region_ars: str = strawberry.field(description="Regionalschlüssel of the region.")
    from_date: date = strawberry.field(description="The first day.")
    to_date: date = strawberry.field(description="The second day.")
    components_before: int = strawberry.field(description="Connected parts on the first day.")
    components_after: int = strawberry.field(description="Connected parts on the second day.")
    brokers_gained: list[strawberry.ID] = strawberry.field(
        description="Actors that became brokers (global ids)."
    )
    brokers_lost: list[strawberry.ID] = strawberry.field(
        description="Actors that are brokers no longer (global ids)."
    )
    degree_changes: list[DegreeChange] = strawberry.field(
        description="Actors and groups whose degree changed, largest change first."
    )
    actor_ids: strawberry.Private[tuple[list[UUID], list[UUID]]]
    tie_ids: strawberry.Private[tuple[list[UUID], list[UUID]]]

    @strawberry.field(description="Actors that joined the network.")
    async def actors_joined(self, info: Info[OffersContext, None]) -> list[Actor]:
        rows = await actor_by_id(info.context).load_many(self.actor_ids[0])
        return [Actor.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="Actors that left the network.")
    async def actors_left(self, info: Info[OffersContext, None]) -> list[Actor]:
        rows = await actor_by_id(info.context).load_many(self.actor_ids[1])
        return [Actor.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="Global ids of the ties and memberships that began.")
    def ties_begun(self) -> list[strawberry.ID]:
        return [strawberry.ID(to_global_id("Tie", t)) for t in self.tie_ids[0]]

    @strawberry.field(description="Global ids of the ties and memberships that ended.")
    def ties_ended(self) -> list[strawberry.ID]:
        return [strawberry.ID(to_global_id("Tie", t)) for t in self.tie_ids[1]]

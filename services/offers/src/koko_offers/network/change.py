"""How the network changed between two days: actors and groups that joined or left, ties that
began or ended, the number of components, brokers gained and lost, and each actor's degree."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from koko_offers.network.figures import figures
from koko_offers.network.service import Snapshot


@dataclass(frozen=True, slots=True)
class DegreeChange:
    node: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class Change:
    actors_joined: list[UUID]
    actors_left: list[UUID]
    groups_founded: list[UUID]
    groups_ended: list[UUID]
    ties_begun: list[UUID]
    ties_ended: list[UUID]
    components_before: int
    components_after: int
    brokers_gained: list[str]
    brokers_lost: list[str]
    degree_changes: list[DegreeChange]  # nodes whose degree changed, largest change first


def change(before: Snapshot, after: Snapshot) -> Change:
    def ids(rows: list) -> set[UUID]:  # type: ignore[type-arg]
        return {row.id for row in rows}

    figures_before, figures_after = figures(before.graph()), figures(after.graph())
    nodes = set(figures_before.nodes) | set(figures_after.nodes)
    degrees = []
    for node in nodes:
        old = figures_before.nodes[node].degree if node in figures_before.nodes else 0
        new = figures_after.nodes[node].degree if node in figures_after.nodes else 0
        if old != new:
            degrees.append(DegreeChange(node, old, new))
    degrees.sort(key=lambda d: (-abs(d.after - d.before), d.node))
    return Change(
        actors_joined=sorted(ids(after.actors) - ids(before.actors)),
        actors_left=sorted(ids(before.actors) - ids(after.actors)),
        groups_founded=sorted(ids(after.groups) - ids(before.groups)),
        groups_ended=sorted(ids(before.groups) - ids(after.groups)),
        ties_begun=sorted(ids(after.ties) - ids(before.ties)),
        ties_ended=sorted(ids(before.ties) - ids(after.ties)),
        components_before=len(figures_before.components),
        components_after=len(figures_after.components),
        brokers_gained=sorted(set(figures_after.brokers) - set(figures_before.brokers)),
        brokers_lost=sorted(set(figures_before.brokers) - set(figures_after.brokers)),
        degree_changes=degrees,
    )

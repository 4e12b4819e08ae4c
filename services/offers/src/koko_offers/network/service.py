"""The network of a region on a day, as the caller may see it: the actors, groups and ties in
force then (loaded through their repositories), and its graph. Everything the figures, the
coverage, the exports and the drawing show is read from one such snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.actor import repository as actor_repository
from koko_offers.actor.models import Actor
from koko_offers.errors import not_found
from koko_offers.network.visibility import NetworkView
from koko_offers.provider import repository as provider_repository
from koko_offers.region import repository as region_repository
from koko_offers.region.models import Region
from koko_offers.tie import repository as tie_repository
from koko_offers.tie.models import Tie
from koko_offers.working_group import repository as group_repository
from koko_offers.working_group.models import WorkingGroup

if TYPE_CHECKING:
    import networkx as nx

# When two actors share several ties, the edge is named after the strongest.
_KIND_ORDER = ("cooperation_agreement", "funding", "referral", "working_contact", "membership")


def actor_node(actor_id: UUID) -> str:
    return f"actor:{actor_id}"


def group_node(group_id: UUID) -> str:
    return f"group:{group_id}"


@dataclass(frozen=True, slots=True)
class Snapshot:
    region: Region
    on: date
    view: NetworkView
    actors: list[Actor]
    groups: list[WorkingGroup]
    ties: list[Tie]
    names: dict[UUID, str] = field(default_factory=dict)  # actor id -> name (provider's if linked)

    def name_of(self, actor: Actor) -> str:
        return self.names.get(actor.id, actor.name or "")

    def graph(self) -> nx.Graph:
        """Actors and groups as nodes; one undirected edge per linked pair (its ties in `kinds`,
        their number in `weight`). Node attributes: label, kind, type (actor or group)."""
        import networkx as nx  # see the top of figures.py: loaded when first used

        graph: nx.Graph[str] = nx.Graph()
        for actor in self.actors:
            graph.add_node(
                actor_node(actor.id),
                label=self.name_of(actor),
                kind=actor.kind,
                type="actor",
                fields_of_action=";".join(actor.fields_of_action),
            )
        for group in self.groups:
            graph.add_node(
                group_node(group.id),
                label=group.name,
                kind=group.kind,
                type="group",
                fields_of_action=";".join(group.fields_of_action),
            )
        for tie in self.ties:
            source = actor_node(tie.source_actor_id)
            target = (
                actor_node(tie.target_actor_id)
                if tie.target_actor_id is not None
                else group_node(tie.working_group_id)  # type: ignore[arg-type]
            )
            if graph.has_edge(source, target):
                edge = graph.edges[source, target]
                kinds = sorted({*edge["kinds"].split(";"), tie.kind}, key=_KIND_ORDER.index)
                edge.update(kind=kinds[0], kinds=";".join(kinds), weight=edge["weight"] + 1)
                edge["valid_from"] = min(edge["valid_from"], tie.valid_from.isoformat())
            else:
                graph.add_edge(
                    source,
                    target,
                    kind=tie.kind,
                    kinds=tie.kind,
                    weight=1,
                    valid_from=tie.valid_from.isoformat(),
                )
        return graph


async def snapshot(session: AsyncSession, view: NetworkView, on: date) -> Snapshot:
    """The region's network on `on` as `view` sees it; NOT_FOUND for an unknown region."""
    region = await region_repository.get(session, view.region_ars)
    if region is None:
        raise not_found("regionArs", "Region", view.region_ars)
    actors = await actor_repository.of_region(session, view, on=on)
    groups = await group_repository.of_region(session, view, on=on)
    # `tie_scope` answers which ties the view sees; a tie in force whose end is not (an actor or
    # group outside its validity on the day) is left out, so that every edge joins two nodes.
    nodes = {a.id for a in actors} | {g.id for g in groups}
    ties = [
        t
        for t in await tie_repository.of_region(session, view, on=on)
        if t.source_actor_id in nodes and (t.target_actor_id or t.working_group_id) in nodes
    ]
    provider_ids = [a.provider_id for a in actors if a.provider_id is not None]
    providers = await provider_repository.get_many(session, provider_ids)
    names = {
        a.id: providers[a.provider_id].name
        for a in actors
        if a.provider_id is not None and a.provider_id in providers
    }
    return Snapshot(region, on, view, actors, groups, ties, names)

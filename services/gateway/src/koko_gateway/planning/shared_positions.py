"""The subgraphs that could answer the position being planned, and the union members or
implementations all of them can return there.

A field that several subgraphs resolve (`@shareable`, or reached through an entity's key in
another subgraph) may be answered by any of them, and the planner assumes they all answer alike.
Apollo's query planner keeps every such subgraph as an option down the path; at a type condition
that one of those options cannot ever match (its union or interface there lacks the type), the
fragment "can never return anything" in that option, and Apollo replaces the fragment by
`__typename` for all options (`handleOpenBranch` in `buildPlan.ts`). The client then sees the
object's `__typename` with its fields null (the audit suite `partial-union-complex`). Koko plans
the same: only the types every alternative subgraph can return get their fragment.

The alternatives along the path: a root field, every subgraph that resolves it; a field of an
entity, the subgraphs that resolve it and can be reached by one of the entity's keys (or already
answer the parent); a field of a value type, the subgraphs that resolve it among those that could
answer its parent.
"""

from __future__ import annotations

from koko_gateway.planning.field_types import narrowed_types
from koko_gateway.planning.steps import Frame, PlanningSteps


def _root_names(planner: PlanningSteps) -> set[str]:
    schema = planner.schema
    roots = (schema.query_type, schema.mutation_type, schema.subscription_type)
    return {t.name for t in roots if t is not None}


def alternative_graphs(planner: PlanningSteps, frames: list[Frame]) -> set[str]:
    """The subgraphs that could answer the field of the innermost frame at its position."""
    roots = _root_names(planner)
    alternatives: set[str] = set()
    for frame in frames:
        graph = frame.group.graph
        routing = planner.supergraph.routing(frame.type.name)
        if routing is None:
            alternatives = {graph}
            continue
        resolving = set(routing.field_graphs(frame.name, planner.labels))
        if frame.type.name in roots:
            reachable = resolving
        else:
            keyed = {g for g in resolving if routing.keys_in(g)}
            reachable = {g for g in resolving if g in alternatives or g in keyed}
        alternatives = reachable | {graph}
    return alternatives


def members_in_every_alternative(
    planner: PlanningSteps, frames: list[Frame], abstract: str, in_graph: set[str]
) -> set[str]:
    """`in_graph` (what the planned subgraph returns for `abstract` here) less the types another
    alternative subgraph cannot return at this position."""
    if not frames or not in_graph:
        return in_graph
    frame = frames[-1]
    parent = planner.supergraph.routing(frame.type.name)
    routing = planner.supergraph.routing(abstract)
    if parent is None or routing is None:
        return in_graph
    kept = set(in_graph)
    for graph in alternative_graphs(planner, frames) - {frame.group.graph}:
        members = routing.possible_in_graph.get(graph)
        if not members:  # an interface object there, or no such abstract type: no evidence
            continue
        entry = parent.field_in(frame.name, graph, planner.labels)
        if entry is not None and entry.type is not None:
            members = narrowed_types(planner, graph, abstract, entry.type, set(members))
        kept &= members
    return kept

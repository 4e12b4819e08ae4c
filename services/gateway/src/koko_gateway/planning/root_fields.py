"""Which subgraph resolves a root field that several subgraphs resolve (shared root fields)."""

from __future__ import annotations

from graphql import FieldNode, GraphQLObjectType, get_named_type

from koko_gateway.planning.collect import sub_selections
from koko_gateway.planning.fetch_groups import FetchGroup, PlanningError
from koko_gateway.planning.steps import PlanningSteps


def root_graph(
    planner: PlanningSteps,
    root_type: GraphQLObjectType,
    name: str,
    nodes: list[FieldNode],
    roots: list[FetchGroup],
    is_mutation: bool,
) -> str:
    routing = planner.supergraph.routing(root_type.name)
    candidates = routing.field_graphs(name, planner.labels) if routing else []
    if not candidates:
        raise PlanningError(f"no subgraph resolves {root_type.name}.{name}")
    if len(candidates) == 1:
        return candidates[0]
    used = [g.graph for g in roots]
    if is_mutation and used and used[-1] in candidates:
        return used[-1]
    field_def = root_type.fields[name]
    named = get_named_type(field_def.type)

    def score(graph: str) -> tuple[int, int]:
        local = 0
        if isinstance(named, GraphQLObjectType):
            type_routing = planner.supergraph.routing(named.name)
            for sub_nodes in planner.collect(named, sub_selections(nodes)).values():
                sub = sub_nodes[0].name.value
                if type_routing is None or graph in type_routing.field_graphs(sub, planner.labels):
                    local += 1
        return (local, 1 if graph in used else 0)

    return max(candidates, key=score)

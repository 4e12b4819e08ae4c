"""A field's type in one subgraph when it is narrower than in the API (`join__field(type:)`):
`book: Book` in one subgraph for `book: ViewerMedia` in the API. The fetch sent to that subgraph
may only name the types its own field type can hold."""

from __future__ import annotations

from graphql import GraphQLObjectType

from koko_gateway.planning.steps import PlanningSteps


def narrowed_types(
    planner: PlanningSteps, graph: str, api_type: str, type_in_graph: str, in_graph: set[str]
) -> set[str]:
    """The object types `graph` can return at a position of abstract `api_type` whose field
    has type `type_in_graph` there: that object type, or the members `graph` gives that other
    abstract type (`in_graph`, the API type's members in `graph`, otherwise)."""
    name = type_in_graph.replace("[", "").replace("]", "").replace("!", "").strip()
    if name == api_type:
        return in_graph
    if isinstance(planner.schema.get_type(name), GraphQLObjectType):
        return {name}
    routing = planner.supergraph.routing(name)
    narrowed = routing.possible_in_graph.get(graph) if routing else None
    return set(narrowed) if narrowed else in_graph

"""The query graph, as the federation query planner (Apollo's, Hive Router's) defines it.

Nodes are (subgraph, type) pairs: a type as one subgraph knows it. Edges leave a node by
- a **field** the subgraph resolves on the type (to the node of the field's type in the same
  subgraph), with the field's `@requires` as its condition;
- a **key**: from (A, T) to (B, T) for every resolvable `@key` of T in B (several keys, composite
  keys; none for `resolvable: false`), with the key's field set as its condition; and from an
  implementation (A, T) to (B, I) when B has T's interface I as an `@interfaceObject`.

A key edge can be taken when its condition is **key locally satisfiable**: every field of the
key resolvable in the subgraph the planner is in (or provided there by `@provides`). Otherwise
the missing key fields must be fetched first, over further key edges. The planner asks the graph
for the cheapest way to reach a field that the current subgraph does not resolve: the entry with
the fewest new fetches, counting the fetches the key fields themselves need.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    is_composite_type,
)

from koko_gateway.supergraph.model import Supergraph

# A @provides field set as nested dicts: field name -> what is provided below it.
Provided = dict[str, "Provided"]
_UNREACHABLE = 10**6


@dataclass(frozen=True, slots=True)
class Node:
    graph: str
    type_name: str


@dataclass(frozen=True, slots=True)
class KeyEdge:
    head: Node
    tail: Node
    key: SelectionSetNode


@dataclass(frozen=True, slots=True)
class Entry:
    """How to reach a field from a subgraph: jump by `key` to `graph`; `cost` new fetches."""

    graph: str
    key: SelectionSetNode
    cost: int


@dataclass(slots=True)
class QueryGraph:
    supergraph: Supergraph
    schema: GraphQLSchema
    nodes: set[Node] = field(default_factory=set)
    # Key edges by the type they lead to, and by their tail subgraph.
    keys_into: dict[tuple[str, str], list[KeyEdge]] = field(default_factory=dict)

    @classmethod
    def build(cls, supergraph: Supergraph, schema: GraphQLSchema) -> QueryGraph:
        graph = cls(supergraph, schema)
        for type_name, type_routing in supergraph.types.items():
            for subgraph in type_routing.graphs:
                graph.nodes.add(Node(subgraph, type_name))
        for node in graph.nodes:
            routing = supergraph.routing(node.type_name)
            if routing is None:
                continue
            for tail_graph, info in routing.graphs.items():
                if not info.resolvable:
                    continue
                for key in info.keys:
                    edge = KeyEdge(node, Node(tail_graph, node.type_name), key)
                    graph.keys_into.setdefault((tail_graph, node.type_name), []).append(edge)
        return graph

    # -- conditions ----------------------------------------------------------------------------

    def key_locally_satisfiable(
        self,
        graph: str,
        type_: Any,
        field_set: SelectionSetNode,
        labels: frozenset[str],
        provided: Provided | None = None,
    ) -> bool:
        """Every field of `field_set` on `type_` resolvable in `graph` without another fetch."""
        routing = self.supergraph.routing(type_.name)
        for selection in field_set.selections:
            if isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else type_
                narrowed = provided_for(provided, getattr(target, "name", ""))
                if not self.key_locally_satisfiable(
                    graph, target, selection.selection_set, labels, narrowed
                ):
                    return False
                continue
            if not isinstance(selection, FieldNode):
                continue
            name = selection.name.value
            if name == "__typename" or (provided is not None and name in provided):
                continue
            if routing is not None and graph not in routing.field_graphs(name, labels):
                return False
            definition = getattr(type_, "fields", {}).get(name)
            if definition is None or selection.selection_set is None:
                continue
            named = get_named_type(definition.type)
            if is_composite_type(named):
                entry = routing.field_in(name, graph, labels) if routing else None
                inner = provided_from(entry.provides) if entry else None
                if not self.key_locally_satisfiable(
                    graph, named, selection.selection_set, labels, inner
                ):
                    return False
        return True

    # -- paths ---------------------------------------------------------------------------------

    def cheapest_entry(
        self,
        from_graph: str,
        type_: Any,
        field_name: str,
        labels: frozenset[str],
        provided: Provided | None = None,
        existing: frozenset[str] = frozenset(),
    ) -> Entry | None:
        """The cheapest key edge into a subgraph that resolves `type_.field_name`, seen from
        `from_graph`. A jump costs one fetch (none into a subgraph already fetched at this
        position), plus what the key fields missing locally cost to fetch first."""
        return self._cheapest(from_graph, type_, field_name, labels, provided, existing, set())

    def _cheapest(
        self,
        from_graph: str,
        type_: Any,
        field_name: str,
        labels: frozenset[str],
        provided: Provided | None,
        existing: frozenset[str],
        visiting: set[tuple[str, str]],
    ) -> Entry | None:
        routing = self.supergraph.routing(type_.name)
        if routing is None:
            return None
        best: Entry | None = None
        visiting = visiting | {(type_.name, field_name)}
        for graph in routing.field_graphs(field_name, labels):
            for edge in self.keys_into.get((graph, type_.name), ()):
                if edge.head.graph != from_graph:
                    continue
                cost = 0 if graph in existing else 1
                cost += self._key_cost(from_graph, type_, edge.key, labels, provided, visiting)
                if best is None or cost < best.cost:
                    best = Entry(graph, edge.key, cost)
        if best is not None and best.cost >= _UNREACHABLE:
            return None
        return best

    def _key_cost(
        self,
        from_graph: str,
        type_: Any,
        key: SelectionSetNode,
        labels: frozenset[str],
        provided: Provided | None,
        visiting: set[tuple[str, str]],
    ) -> int:
        """Fetches needed before the key can be sent: 0 when it is key locally satisfiable."""
        total = 0
        routing = self.supergraph.routing(type_.name)
        for selection in key.selections:
            if not isinstance(selection, FieldNode) or selection.name.value == "__typename":
                continue
            name = selection.name.value
            single = SelectionSetNode(selections=(selection,))
            if self.key_locally_satisfiable(from_graph, type_, single, labels, provided):
                continue
            if (type_.name, name) in visiting or routing is None:
                return _UNREACHABLE
            entry = self._cheapest(from_graph, type_, name, labels, provided, frozenset(), visiting)
            total += entry.cost if entry is not None else _UNREACHABLE
        return total


_ON = "... on "


def provided_from(selection_set: SelectionSetNode | None) -> Provided | None:
    """A `@provides` field set as nested dicts; what an inline fragment provides is kept under
    `... on <Type>` and applies to objects of that type only (`provided_for`)."""
    if selection_set is None:
        return None
    provided: Provided = {}
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            child = provided_from(selection.selection_set) or {}
            provided.setdefault(selection.name.value, {}).update(child)
        elif isinstance(selection, InlineFragmentNode):
            inner = provided_from(selection.selection_set) or {}
            if selection.type_condition is None:
                provided.update(inner)
            else:
                key = _ON + selection.type_condition.name.value
                provided.setdefault(key, {}).update(inner)
    return provided


def provided_for(provided: Provided | None, type_name: str) -> Provided | None:
    """What `provided` provides on an object of type `type_name`."""
    if provided is None or not any(k.startswith(_ON) for k in provided):
        return provided
    narrowed = {k: v for k, v in provided.items() if not k.startswith(_ON)}
    narrowed.update(provided.get(_ON + type_name, {}))
    return narrowed

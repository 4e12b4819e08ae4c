"""The planner's steps its feature modules (contexts, interface objects, keyless paths, @requires
with arguments, shared root fields) call back, as a Protocol: those modules depend on this
interface, `planner.py` implements it and depends on them, so imports run one way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from graphql import FieldNode, GraphQLObjectType, GraphQLSchema, SelectionSetNode

from koko_gateway.planning.collect import Fields
from koko_gateway.planning.fetch_groups import FetchGroup
from koko_gateway.planning.nodes import SelectionTree
from koko_gateway.planning.query_graph import Provided
from koko_gateway.supergraph.model import Supergraph


@dataclass(slots=True)
class Frame:
    """One object on the way down: its type, the group and selection that fetch it, and the
    field (response key, name, arguments) the planner descended through."""

    type: Any
    group: FetchGroup
    dest: SelectionTree
    path: tuple[str, ...]
    provided: Provided | None
    key: str
    name: str
    arguments: tuple[Any, ...]


class PlanningSteps(Protocol):
    """What a planner offers the feature modules while it plans one operation."""

    schema: GraphQLSchema
    supergraph: Supergraph
    # The progressive @override labels active for this plan.
    labels: frozenset[str]
    # The objects above the position being planned, outermost first.
    frames: list[Frame]
    # The root fetch groups, in the order they were opened.
    roots: list[FetchGroup]
    is_mutation: bool

    def new_group(
        self, graph: str, parent_type: str, path: tuple[str, ...], *, entity: bool
    ) -> FetchGroup:
        """A new fetch group (root or `_entities`) of `graph`."""
        ...

    def child(
        self,
        group: FetchGroup,
        graph: str,
        type_name: str,
        path: tuple[str, ...],
        dest: SelectionTree,
        provided: Provided | None,
    ) -> FetchGroup:
        """The entity group under `group` for (graph, type, path)."""
        ...

    def send_key(
        self,
        group: FetchGroup,
        child: FetchGroup,
        parent: Any,
        key_set: SelectionSetNode,
        dest: SelectionTree,
        path: tuple[str, ...],
        provided: Provided | None,
        as_type: Any = None,
    ) -> None:
        """Select the key at `path` in `group` and send it in `child`'s representation."""
        ...

    def collect(self, type_: GraphQLObjectType, selection_sets: list[SelectionSetNode]) -> Fields:
        """The operation's fields under `type_` (fragments, @skip/@include applied)."""
        ...

    def plan_field(
        self,
        group: FetchGroup,
        parent: GraphQLObjectType,
        key: str,
        nodes: list[FieldNode],
        dest: SelectionTree,
        path: tuple[str, ...],
        provided: Provided | None,
    ) -> None:
        """Route one field (and what it selects) starting from `group`."""
        ...

    def plan_field_set(
        self,
        group: FetchGroup,
        parent: GraphQLObjectType,
        field_set: SelectionSetNode,
        dest: SelectionTree,
        path: tuple[str, ...],
        provided: Provided | None,
    ) -> set[int]:
        """Plan a key or @requires field set; the ids of the groups it needs."""
        ...

    def next_context_number(self) -> int:
        """A number for the next group with contextual arguments (its variables' names)."""
        ...

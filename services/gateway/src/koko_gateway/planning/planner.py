"""The query planner: routes each field to a subgraph that can resolve it, and jumps between
subgraphs through `_entities` by `@key`, honouring `@requires`, `@provides` and `@override`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    is_composite_type,
)

from koko_gateway.planning.collect import Fields, collect_fields
from koko_gateway.planning.contexts import context_group, context_in_group, contextual_arguments
from koko_gateway.planning.fetch_groups import (
    FetchGroup,
    PlanningError,
    descendants,
    fetch_node,
    schedule,
    simplify,
)
from koko_gateway.planning.interface_objects import (
    add_interface_object_inputs,
    interface_object_group,
    interface_object_of,
)
from koko_gateway.planning.keyless_paths import climb, no_key_reaches, reselect_from_root
from koko_gateway.planning.nodes import (
    LIST_MARKER,
    FetchNode,
    PlanNode,
    SelectionTree,
    Sequence,
    field_arguments,
)
from koko_gateway.planning.query_graph import Provided, QueryGraph, provided_from
from koko_gateway.planning.query_plan import QueryPlan, Strategy
from koko_gateway.planning.representations import add_field_set
from koko_gateway.planning.requires_arguments import aliased_requires, group_for_requires
from koko_gateway.planning.root_fields import root_graph
from koko_gateway.planning.selections import plan_selection
from koko_gateway.planning.steps import Frame
from koko_gateway.supergraph.model import Supergraph, TypeRouting

_MAX_JUMPS = 32


def _list_depth(type_: Any) -> int:
    depth = 0
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        if isinstance(type_, GraphQLList):
            depth += 1
        type_ = type_.of_type
    return depth


class Planner:
    def __init__(
        self,
        schema: GraphQLSchema,
        supergraph: Supergraph,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        labels: frozenset[str] = frozenset(),
        strategy: Strategy = Strategy(),
    ) -> None:
        self.schema = schema
        self.strategy = strategy
        # The progressive @override labels active for this plan.
        self.labels = labels
        query_graph = supergraph.query_graph
        if not isinstance(query_graph, QueryGraph) or query_graph.schema is not schema:
            query_graph = supergraph.query_graph = QueryGraph.build(supergraph, schema)
        self.query_graph: QueryGraph = query_graph
        self.supergraph = supergraph
        self.operation = operation
        self.fragments = fragments
        self.variables = variables
        self.groups: list[FetchGroup] = []
        self._touched: list[set[int]] = []
        # Groups whose @requires fields are being planned: a field they (indirectly) need must
        # not be added to them, or they would wait for themselves (chains A -> B -> A -> B).
        self._requiring: list[int] = []
        self._jumps = 0
        # The objects above the position being planned, outermost first: where a field that
        # no key can reach (a keyless type) is fetched from instead, by re-selecting the path.
        self.frames: list[Frame] = []
        self.roots: list[FetchGroup] = []
        self.is_mutation = False
        self._context_count = 0

    # -- entry ---------------------------------------------------------------------------------

    def plan(self) -> QueryPlan:
        is_mutation = self.operation.operation == OperationType.MUTATION
        root_type = self.schema.mutation_type if is_mutation else self.schema.query_type
        if self.operation.operation == OperationType.SUBSCRIPTION:
            raise PlanningError("subscriptions are not supported by this gateway")
        if root_type is None:
            raise PlanningError(f"the schema has no {self.operation.operation.value} type")
        fields = self.collect(root_type, [self.operation.selection_set])
        self.is_mutation = is_mutation
        roots = self.roots
        for key, nodes in fields.items():
            name = nodes[0].name.value
            if name.startswith("__"):
                continue  # __typename, __schema, __type: answered by the gateway itself
            graph = self.strategy.root_graphs.get(key) or root_graph(
                self, root_type, name, nodes, roots, is_mutation
            )
            if is_mutation:
                group = roots[-1] if roots and roots[-1].graph == graph else None
            else:
                group = next((g for g in roots if g.graph == graph), None)
            if group is None:
                group = self.new_group(graph, root_type.name, (), entity=False)
                roots.append(group)
            self.plan_field(group, root_type, key, nodes, group.selection, (), None)
        fetches: dict[int, FetchNode] = {
            g.id: fetch_node(g, self.supergraph, self.operation, is_mutation) for g in self.groups
        }
        if is_mutation:
            steps = [schedule(self.groups, [r, *descendants(r)], fetches) for r in roots]
            node: PlanNode | None = simplify(Sequence([s for s in steps if s is not None]))
        else:
            node = schedule(self.groups, self.groups, fetches)
        return QueryPlan(node, list(fetches.values()), self.operation, self.fragments)

    # -- field routing -------------------------------------------------------------------------

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
        for touched in self._touched:
            touched.add(group.id)
        name = nodes[0].name.value
        if name == "__typename":
            dest.add_typename()
            return
        field_def = parent.fields.get(name)
        if field_def is None:
            raise PlanningError(f"{parent.name}.{name} is not in the API schema")
        routing = self.supergraph.routing(parent.name)
        entry = routing.field_in(name, group.graph, self.labels) if routing else None
        at_entity = group.entity and group.parent_type == parent.name and group.merge_path == path
        is_provided = provided is not None and name in provided
        if routing is not None and name in routing.via_interface_object and not is_provided:
            interface, graph = interface_object_of(self, parent, name)
            child = interface_object_group(
                self, group, parent, interface, graph, dest, path, provided
            )
            self.plan_field(child, interface, key, nodes, child.selection, path, None)
            return
        local = routing is None or is_provided
        if (
            not local
            and routing is not None
            and group.graph in routing.field_graphs(name, self.labels)
        ):
            local = entry is None or entry.requires is None or at_entity
        if local:
            in_group: tuple[Any, ...] = ()
            if (
                entry is not None
                and entry.context_arguments
                and group.context_field != name
                and key not in dest.fields
            ):
                found = context_in_group(self, group, name, entry)
                if found is None:
                    child = context_group(self, group, parent, name, entry, dest, path, provided)
                    self.plan_field(child, parent, key, nodes, child.selection, path, None)
                    return
                in_group = found
            if entry is not None and entry.requires is not None and not is_provided:
                other = group_for_requires(self, group, parent, entry.requires)
                if other is not group:
                    self.plan_field(other, parent, key, nodes, other.selection, path, None)
                    return
                self._ensure_requires(group, parent, entry.requires)
            composite = is_composite_type(get_named_type(field_def.type))
            arguments = field_arguments(nodes)
            if group.context_variables and group.context_field == name:
                arguments = contextual_arguments(group, arguments)
            arguments = (*arguments, *in_group)
            selection = dest.add_field(key, name, arguments, composite)
            if not selection.type_in_graph:
                typed = entry.type if entry is not None else None
                selection.type_in_graph = typed or str(field_def.type)
            if composite and selection.selection is not None:
                child_provided = (
                    provided[name] if is_provided and provided is not None else None
                ) or (provided_from(entry.provides) if entry is not None else None)
                child_path = path + (key,) + (LIST_MARKER,) * _list_depth(field_def.type)
                frame = Frame(
                    parent, group, dest, path, provided, key, name, field_arguments(nodes)
                )
                self.frames.append(frame)
                try:
                    plan_selection(
                        self,
                        group,
                        field_def.type,
                        nodes,
                        selection.selection,
                        child_path,
                        child_provided,
                        entry.type if entry is not None else None,
                    )
                finally:
                    self.frames.pop()
            return
        assert routing is not None
        candidates = routing.field_graphs(name, self.labels)
        if self.strategy.reselect_shared_roots and reselect_from_root(
            self, parent, key, nodes, candidates, path
        ):
            return
        if no_key_reaches(self, group.graph, parent, name, candidates, provided) and climb(
            self, parent, key, nodes, candidates, path
        ):
            return
        child = self._entity_group(group, parent, routing, name, dest, path, provided)
        self.plan_field(child, parent, key, nodes, child.selection, path, None)

    def _entity_group(
        self,
        group: FetchGroup,
        parent: GraphQLObjectType,
        routing: TypeRouting,
        name: str,
        dest: SelectionTree,
        path: tuple[str, ...],
        provided: Provided | None,
    ) -> FetchGroup:
        """The group of another subgraph (or of this one, for @requires) that resolves `name` on
        the objects at `path` through `_entities`, with the key fields added to `dest`."""
        self._jumps += 1
        if self._jumps > _MAX_JUMPS * max(1, len(self.groups)):
            raise PlanningError(f"no way to reach {parent.name}.{name}")
        candidates = routing.field_graphs(name, self.labels)
        if not candidates:
            raise PlanningError(f"no subgraph resolves {parent.name}.{name}")
        existing = frozenset(g for g in candidates if (g, parent.name, path) in group.children)
        entry = self.query_graph.cheapest_entry(
            group.graph, parent, name, self.labels, provided, existing
        )
        choice = (entry.graph, entry.key) if entry is not None else None
        if choice is None:  # no key edge from this subgraph's node: any key of the target
            choice = next(((g, k) for g in candidates for k in routing.keys_in(g)), None)
        if choice is None:
            raise PlanningError(f"{parent.name}.{name} is in a subgraph without a usable @key")
        graph, key_set = choice
        child = self.child(group, graph, parent.name, path, dest, provided)
        self.send_key(group, child, parent, key_set, dest, path, provided)
        return child

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
        """Select the key of the objects at `path` in `group` (`dest`) and send it in `child`'s
        representation (typed `as_type`, an interface object's interface, when given)."""
        dest.add_typename()
        child.representation.add_typename()
        deps = self.plan_field_set(group, parent, key_set, dest, path, provided)
        child.depends_on |= deps - {child.id}
        add_field_set(self.schema, child.representation, as_type or parent, key_set)

    def child(
        self,
        group: FetchGroup,
        graph: str,
        type_name: str,
        path: tuple[str, ...],
        dest: SelectionTree,
        provided: Provided | None,
    ) -> FetchGroup:
        """The entity group under `group` for (graph, type, path), shared unless it is waiting
        for its own @requires fields (then a later one)."""
        child = group.children.get((graph, type_name, path))
        if child is not None and child.id not in self._requiring:
            return child
        reuse_key = (graph, type_name, path)
        if child is not None:  # a second fetch to the same subgraph, later in the sequence
            reuse_key = (graph, type_name, (*path, f"#{len(self.groups)}"))
        child = self.new_group(graph, type_name, path, entity=True)
        child.parent, child.parent_dest, child.parent_provided = group, dest, provided
        add_interface_object_inputs(self, child)
        child.depends_on.add(group.id)
        group.children[reuse_key] = child
        return child

    def _ensure_requires(
        self, group: FetchGroup, parent: GraphQLObjectType, requires: SelectionSetNode
    ) -> None:
        """Plan the @requires fields into the group that fetched the object, and send them along
        in the representation."""
        if group.parent is None or group.parent_dest is None:
            return
        requires, renames = aliased_requires(group.parent_dest, requires)
        self._requiring.append(group.id)
        try:
            deps = self.plan_field_set(
                group.parent,
                parent,
                requires,
                group.parent_dest,
                group.merge_path,
                group.parent_provided,
            )
        finally:
            self._requiring.pop()
        group.depends_on |= deps - {group.id}
        add_field_set(self.schema, group.representation, parent, requires)
        for alias, name in renames.items():
            group.representation.fields[alias].rewrite_to = name

    def plan_field_set(
        self,
        group: FetchGroup,
        parent: GraphQLObjectType,
        field_set: SelectionSetNode,
        dest: SelectionTree,
        path: tuple[str, ...],
        provided: Provided | None,
    ) -> set[int]:
        """Plan a key or @requires field set like client fields; returns the groups it needs."""
        touched: set[int] = set()
        self._touched.append(touched)
        try:
            for key, nodes in self.collect(parent, [field_set]).items():
                self.plan_field(group, parent, key, nodes, dest, path, provided)
        finally:
            self._touched.pop()
        return touched

    # -- groups to plan nodes ------------------------------------------------------------------

    def next_context_number(self) -> int:
        self._context_count += 1
        return self._context_count

    def new_group(
        self, graph: str, parent_type: str, path: tuple[str, ...], *, entity: bool
    ) -> FetchGroup:
        group = FetchGroup(len(self.groups), graph, parent_type, path, entity=entity)
        self.groups.append(group)
        return group

    def collect(self, type_: GraphQLObjectType, selection_sets: list[SelectionSetNode]) -> Fields:
        return collect_fields(self.schema, type_, selection_sets, self.fragments, self.variables)

"""Plan nodes (FetchNode, Flatten-by-path, Parallel, Sequence, Condition) and the subgraph
selection tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import ArgumentNode, FieldNode, VariableNode, print_ast, visit
from graphql.language import Visitor

LIST_MARKER = "@"


@dataclass(slots=True)
class FieldSelection:
    response_key: str
    name: str
    arguments: tuple[ArgumentNode, ...] = ()
    selection: SelectionTree | None = None
    # The field's type in the fetch's subgraph, to find same-named fields of different types in
    # sibling fragments; those get an alias in the subgraph query, renamed back to `rewrite_to`.
    type_in_graph: str = ""
    rewrite_to: str | None = None
    # `@include(if: $variable)` (True) or `@skip(if: $variable)` (False), passed on to the
    # subgraph: a field one value of a client's @skip/@include variable needs and the other not.
    condition: tuple[str, bool] | None = None


@dataclass(slots=True)
class SelectionTree:
    """What one fetch selects at one position: fields by response key, fragments by type."""

    fields: dict[str, FieldSelection] = field(default_factory=dict)
    fragments: dict[str, SelectionTree] = field(default_factory=dict)

    def add_field(
        self, key: str, name: str, arguments: tuple[ArgumentNode, ...] = (), composite: bool = False
    ) -> FieldSelection:
        existing = self.fields.get(key)
        if existing is None:
            existing = FieldSelection(key, name, arguments, SelectionTree() if composite else None)
            self.fields[key] = existing
        return existing

    def add_typename(self) -> None:
        self.add_field("__typename", "__typename")

    def fragment(self, type_name: str) -> SelectionTree:
        return self.fragments.setdefault(type_name, SelectionTree())

    def merge(self, other: SelectionTree) -> None:
        for key, selection in other.fields.items():
            mine = self.add_field(
                key, selection.name, selection.arguments, selection.selection is not None
            )
            if selection.selection is not None and mine.selection is not None:
                mine.selection.merge(selection.selection)
        for type_name, tree in other.fragments.items():
            self.fragment(type_name).merge(tree)

    def is_empty(self) -> bool:
        return not self.fields and not self.fragments

    def print(self) -> str:
        parts: list[str] = []
        for selection in self.fields.values():
            text = selection.name
            if selection.response_key != selection.name:
                text = f"{selection.response_key}:{text}"
            if selection.arguments:
                text += "(" + ",".join(print_ast(a) for a in selection.arguments) + ")"
            if selection.condition is not None:
                variable, include = selection.condition
                text += f"@{'include' if include else 'skip'}(if:${variable})"
            if selection.selection is not None:
                inner = selection.selection
                if inner.is_empty():
                    inner.add_typename()
                text += inner.print()
            parts.append(text)
        for type_name, tree in self.fragments.items():
            if not tree.is_empty():
                parts.append(f"...on {type_name}{tree.print()}")
        return "{" + " ".join(parts) + "}"

    def variable_names(self) -> set[str]:
        names: set[str] = set()

        class _Collect(Visitor):
            def enter_variable(self, node: VariableNode, *_: Any) -> None:
                names.add(node.name.value)

        stack = [self]
        while stack:
            tree = stack.pop()
            for selection in tree.fields.values():
                for argument in selection.arguments:
                    visit(argument, _Collect())
                if selection.condition is not None:
                    names.add(selection.condition[0])
                if selection.selection is not None:
                    stack.append(selection.selection)
            stack.extend(tree.fragments.values())
        return names


def alias_conflicts(tree: SelectionTree) -> bool:
    """Alias fields of sibling fragments that share a response key but not a type in the
    subgraph (the subgraph would reject the query: fields conflict). True if any was aliased."""
    aliased = False
    seen = {key: selection.type_in_graph for key, selection in tree.fields.items()}
    counter = 0
    for fragment in tree.fragments.values():
        renamed: dict[str, FieldSelection] = {}
        for key, selection in fragment.fields.items():
            known = seen.setdefault(key, selection.type_in_graph)
            if known and selection.type_in_graph and known != selection.type_in_graph:
                while f"{key}__alias_{counter}" in seen:
                    counter += 1
                alias = f"{key}__alias_{counter}"
                seen[alias] = selection.type_in_graph
                selection.response_key, selection.rewrite_to = alias, key
                key, aliased = alias, True
            renamed[key] = selection
        fragment.fields = renamed
    for subtree in [tree, *tree.fragments.values()]:
        for selection in subtree.fields.values():
            if selection.selection is not None:
                aliased = alias_conflicts(selection.selection) or aliased
    return aliased


def restore_aliases(value: Any, tree: SelectionTree) -> None:
    """Rename the fields `alias_conflicts` aliased back to their response keys, in place."""
    if isinstance(value, list):
        for item in value:
            restore_aliases(item, tree)
        return
    if not isinstance(value, dict):
        return
    for key, selection in tree.fields.items():
        if selection.rewrite_to is not None and key in value:
            value[selection.rewrite_to] = value.pop(key)
            key = selection.rewrite_to
        if selection.selection is not None and key in value:
            restore_aliases(value[key], selection.selection)
    typename = value.get("__typename")
    for type_name, fragment in tree.fragments.items():
        if typename == type_name:
            restore_aliases(value, fragment)


def field_arguments(nodes: list[FieldNode]) -> tuple[ArgumentNode, ...]:
    return tuple(nodes[0].arguments or ())


@dataclass(frozen=True, slots=True)
class ContextRewrite:
    """Where the executor reads one contextual argument: the ancestor is the object at the first
    `depth` steps of the entity's response path, the value at `path` (response keys) in it."""

    variable: str
    type: str
    depth: int
    path: tuple[str, ...]


@dataclass(slots=True)
class FetchNode:
    """One request to one subgraph. Entity fetches merge into the objects at `merge_path`."""

    id: int
    graph: str
    service_name: str
    operation: str
    variable_names: tuple[str, ...]
    merge_path: tuple[str, ...] = ()
    entity_type: str | None = None
    # The `__typename`s of the objects at `merge_path` this entity fetch is sent (the entity
    # type itself, or the implementations of an @interfaceObject's interface).
    input_types: tuple[str, ...] = ()
    representation: SelectionTree | None = None
    response_keys: tuple[str, ...] = ()
    is_mutation: bool = False
    # For entity fetches: the `...on T{...}` selection and the client variables it declares,
    # so fetches to one subgraph at one level can share a request.
    entity_selection: str = ""
    variable_declarations: tuple[str, ...] = ()
    # What the fetch selects (inside `... on entity_type` for entity fetches): for the printer.
    selection: SelectionTree = field(default_factory=SelectionTree)
    # Some fields are aliased in the subgraph query (`restore_aliases` after the fetch).
    rewrites: bool = False
    # Contextual arguments (@fromContext) the executor fills from each object's ancestor.
    context_rewrites: tuple[ContextRewrite, ...] = ()


@dataclass(slots=True)
class EntityBatch:
    """Several entity fetches to one subgraph at one plan level, sent as one request with one
    aliased `_entities` field per fetch (`_0`, `_1`, ...)."""

    graph: str
    service_name: str
    operation: str
    fetches: list[FetchNode]
    variable_names: tuple[str, ...]


@dataclass(slots=True)
class Parallel:
    nodes: list[PlanNode]


@dataclass(slots=True)
class Sequence:
    nodes: list[PlanNode]


@dataclass(slots=True)
class Flatten:
    """An entity fetch node at its path in the response (`merge_path`, lists as `@`): it is sent
    the objects there and its results are merged into them."""

    path: tuple[str, ...]
    node: FetchNode


@dataclass(slots=True)
class Condition:
    """`@skip`/`@include` on a variable: the plan for each of its values, chosen when the
    operation runs (Apollo's Condition node; a missing branch fetches nothing)."""

    variable: str
    if_clause: PlanNode | None
    else_clause: PlanNode | None


PlanNode = FetchNode | Flatten | EntityBatch | Parallel | Sequence | Condition

"""The supergraph's routing metadata: which subgraph owns which type, key and field.

Read from the `join__*` directives of a Federation v2 supergraph (join v0.3 to v0.5).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    EnumTypeDefinitionNode,
    FieldDefinitionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    SchemaDefinitionNode,
    SelectionSetNode,
    UnionTypeDefinitionNode,
    parse,
)

from koko_gateway.supergraph.demand import CostDirectives, read_cost_directives
from koko_gateway.supergraph.directives import directive_arguments, named_definitions


class SupergraphError(Exception):
    """The document is not a Federation v2 supergraph this gateway can serve."""


@dataclass(frozen=True, slots=True)
class Subgraph:
    enum_value: str  # OFFERS, as the join__Graph enum names it
    name: str  # offers
    url: str


@dataclass(slots=True)
class TypeInGraph:
    keys: list[SelectionSetNode] = field(default_factory=list)  # the resolvable keys only
    resolvable: bool = True
    interface_object: bool = False


@dataclass(frozen=True, slots=True)
class ContextArgument:
    """An argument marked `@fromContext`: filled with `selection` of the nearest ancestor whose
    type carries `@context(name: context)` (`join__field(contextArguments:)`)."""

    context: str
    name: str
    type: str
    selection: SelectionSetNode


@dataclass(frozen=True, slots=True)
class FieldInGraph:
    graph: str
    requires: SelectionSetNode | None = None
    provides: SelectionSetNode | None = None
    external: bool = False
    used_overridden: bool = False
    type: str | None = None  # the field's type in this subgraph when it differs (`type:`)
    # Progressive @override: the overriding entry (`overrides` set) resolves the field while
    # the label is active, the overridden one (same label, no `overrides`) while it is not.
    override_label: str | None = None
    overrides: str | None = None
    # Arguments filled from an ancestor's @context (`@fromContext`).
    context_arguments: tuple[ContextArgument, ...] = ()

    def usable(self, labels: frozenset[str]) -> bool:
        if self.external or self.used_overridden:
            return False
        if self.override_label is None:
            return True
        return (self.override_label in labels) == (self.overrides is not None)


@dataclass(slots=True)
class TypeRouting:
    name: str
    graphs: dict[str, TypeInGraph] = field(default_factory=dict)
    # Field name -> its join__field entries; a field without entries lives in every graph.
    fields: dict[str, list[FieldInGraph]] = field(default_factory=dict)
    # Graph -> object types that implement this interface / are members of this union there.
    possible_in_graph: dict[str, set[str]] = field(default_factory=dict)
    # Fields of an object type that no subgraph resolves on the type itself (`@join__field`
    # without a graph): they come from an `@interfaceObject` of one of its interfaces.
    via_interface_object: set[str] = field(default_factory=set)
    # The names of the `@context`s this type sets for the fields below it.
    contexts: set[str] = field(default_factory=set)

    def interface_object_graphs(self) -> list[str]:
        return [g for g, info in self.graphs.items() if info.interface_object]

    def entity_graphs(self) -> list[tuple[str, SelectionSetNode]]:
        """(graph, key) where this type is a resolvable entity in its own form (for an
        interface: an entity interface, not an interface object)."""
        return [
            (g, key)
            for g, info in self.graphs.items()
            if info.resolvable and not info.interface_object
            for key in info.keys
        ]

    def field_graphs(self, name: str, labels: frozenset[str] = frozenset()) -> list[str]:
        """Graphs that can resolve the field themselves (not external, not overridden, given
        the active progressive override labels)."""
        entries = self.fields.get(name)
        if not entries:
            return [] if name in self.via_interface_object else list(self.graphs)
        return [e.graph for e in entries if e.usable(labels)]

    def field_in(
        self, name: str, graph: str, labels: frozenset[str] = frozenset()
    ) -> FieldInGraph | None:
        for entry in self.fields.get(name, ()):
            if entry.graph == graph and entry.usable(labels):
                return entry
        return None

    def keys_in(self, graph: str) -> list[SelectionSetNode]:
        info = self.graphs.get(graph)
        if info is None or not info.resolvable:
            return []
        return info.keys


def _context_selection(text: str) -> SelectionSetNode:
    """A context selection (` { currency }`, or a field set without the braces)."""
    text = text.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    return parse_field_set(text)


def parse_field_set(text: str) -> SelectionSetNode:
    """A FieldSet (`"id org { id }"`) as a selection set."""
    document = parse("{" + text + "}", no_location=True)
    operation = document.definitions[0]
    return operation.selection_set  # type: ignore[attr-defined, no-any-return]


@dataclass(slots=True)
class Supergraph:
    document: DocumentNode
    subgraphs: dict[str, Subgraph]  # by enum value
    types: dict[str, TypeRouting]
    inaccessible_name: str = "inaccessible"
    join_prefix: str = "join__"
    # @cost / @listSize: what the cost limit estimates with (`supergraph/demand.py`).
    costs: CostDirectives = field(default_factory=CostDirectives)
    # The planner's query graph (`planning/query_graph.py`), built once on first use.
    query_graph: object = None

    def override_labels(self) -> set[str]:
        """Every progressive @override label (`percent(5)`, or a custom one) in the supergraph."""
        return {
            entry.override_label
            for routing in self.types.values()
            for entries in routing.fields.values()
            for entry in entries
            if entry.override_label is not None
        }

    def routing(self, type_name: str) -> TypeRouting | None:
        return self.types.get(type_name)

    def subgraph(self, graph: str) -> Subgraph:
        return self.subgraphs[graph]


def _link_names(document: DocumentNode) -> tuple[str, str]:
    """Names the supergraph uses for `join` and `inaccessible` (they can be renamed by @link)."""
    join_prefix, inaccessible = "join__", "inaccessible"
    found_join = False
    for definition in document.definitions:
        if not isinstance(definition, SchemaDefinitionNode):
            continue
        for directive in definition.directives or ():
            if directive.name.value != "link":
                continue
            args = directive_arguments(directive)
            url = str(args.get("url", ""))
            alias = args.get("as")
            if "specs.apollo.dev/join/" in url:
                found_join = True
                if alias:
                    join_prefix = f"{alias}__"
            elif "specs.apollo.dev/inaccessible/" in url and alias:
                inaccessible = str(alias)
    if not found_join:
        raise SupergraphError("no @link to https://specs.apollo.dev/join: not a supergraph")
    return join_prefix, inaccessible


def load_supergraph(sdl: str) -> Supergraph:
    try:
        document = parse(sdl)
    except Exception as exc:
        raise SupergraphError(f"supergraph SDL does not parse: {exc}") from exc
    join, inaccessible = _link_names(document)
    subgraphs: dict[str, Subgraph] = {}
    types: dict[str, TypeRouting] = {}

    def routing(name: str) -> TypeRouting:
        return types.setdefault(name, TypeRouting(name))

    for definition in document.definitions:
        if isinstance(definition, EnumTypeDefinitionNode) and definition.name.value == (
            f"{join}Graph"
        ):
            for value in definition.values or ():
                for directive in value.directives or ():
                    if directive.name.value == f"{join}graph":
                        args = directive_arguments(directive)
                        subgraphs[value.name.value] = Subgraph(
                            value.name.value, str(args["name"]), str(args["url"])
                        )
    for type_name, definition in named_definitions(document):
        for directive in definition.directives or ():
            args = directive_arguments(directive)
            if directive.name.value == f"{join}type":
                info = routing(type_name).graphs.setdefault(str(args["graph"]), TypeInGraph())
                # Keys of one type in one subgraph may mix `resolvable: false` with resolvable
                # ones: only the resolvable keys are entries, and the type is an entity there
                # when one of its keys is resolvable.
                if args.get("resolvable") is False:
                    info.resolvable = bool(info.keys)
                elif args.get("key"):
                    info.keys.append(parse_field_set(str(args["key"])))
                    info.resolvable = True
                if args.get("isInterfaceObject"):
                    info.interface_object = True
            elif directive.name.value == "context" and args.get("name"):
                routing(type_name).contexts.add(str(args["name"]))
            elif directive.name.value == f"{join}implements":
                graph, interface = str(args["graph"]), str(args["interface"])
                routing(interface).possible_in_graph.setdefault(graph, set()).add(type_name)
            elif directive.name.value == f"{join}unionMember":
                graph, member = str(args["graph"]), str(args["member"])
                routing(type_name).possible_in_graph.setdefault(graph, set()).add(member)
        if isinstance(
            definition,
            ObjectTypeDefinitionNode
            | ObjectTypeExtensionNode
            | InterfaceTypeDefinitionNode
            | InterfaceTypeExtensionNode,
        ):
            for field_node in definition.fields or ():
                _read_field(routing(type_name), field_node, join)
        if (
            isinstance(definition, UnionTypeDefinitionNode)
            and not routing(type_name).possible_in_graph
        ):
            # Older supergraphs without join__unionMember: every member in every graph.
            for graph in routing(type_name).graphs:
                routing(type_name).possible_in_graph[graph] = {
                    t.name.value for t in definition.types or ()
                }
    if not subgraphs:
        raise SupergraphError("the supergraph names no subgraphs (join__Graph is empty)")
    return Supergraph(
        document, subgraphs, types, inaccessible, join, read_cost_directives(document)
    )


def _read_field(type_routing: TypeRouting, node: FieldDefinitionNode, join: str) -> None:
    entries: list[FieldInGraph] = []
    for directive in node.directives or ():
        if directive.name.value != f"{join}field":
            continue
        args = directive_arguments(directive)
        if not args.get("graph"):
            type_routing.via_interface_object.add(node.name.value)
            continue
        requires, provides = args.get("requires"), args.get("provides")
        entries.append(
            FieldInGraph(
                graph=str(args["graph"]),
                requires=parse_field_set(str(requires)) if requires else None,
                provides=parse_field_set(str(provides)) if provides else None,
                external=bool(args.get("external")),
                used_overridden=bool(args.get("usedOverridden")),
                type=str(args["type"]) if args.get("type") else None,
                override_label=str(args["overrideLabel"]) if args.get("overrideLabel") else None,
                overrides=str(args["override"]) if args.get("override") else None,
                context_arguments=tuple(
                    ContextArgument(
                        str(a["context"]),
                        str(a["name"]),
                        str(a["type"]),
                        _context_selection(str(a["selection"])),
                    )
                    for a in args.get("contextArguments") or ()
                ),
            )
        )
    if entries:
        type_routing.fields[node.name.value] = entries

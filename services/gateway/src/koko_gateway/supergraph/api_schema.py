"""The API schema clients see: the supergraph without join/link machinery and @inaccessible."""

from __future__ import annotations

from typing import Any

from graphql import (
    REMOVE,
    DirectiveDefinitionNode,
    DirectiveNode,
    DocumentNode,
    EnumValueDefinitionNode,
    FieldDefinitionNode,
    GraphQLSchema,
    InputValueDefinitionNode,
    NamedTypeNode,
    Node,
    TypeDefinitionNode,
    TypeExtensionNode,
    Visitor,
    build_ast_schema,
    visit,
)

from koko_gateway.supergraph.model import Supergraph

# Directive applications that stay visible in the API schema (and its introspection).
_KEPT_DIRECTIVES = {"deprecated", "specifiedBy", "oneOf"}


def _has(node: Any, directive: str) -> bool:
    return any(d.name.value == directive for d in getattr(node, "directives", None) or ())


def _is_machinery(name: str, join_prefix: str) -> bool:
    return name.startswith((join_prefix, "link__")) or name in {"link__Purpose", "link__Import"}


class _ApiSchemaVisitor(Visitor):
    def __init__(self, removed_types: set[str], inaccessible: str) -> None:
        super().__init__()
        self.removed_types = removed_types
        self.inaccessible = inaccessible

    def enter_directive_definition(self, *_: Any) -> Any:
        return REMOVE

    def enter_directive(self, node: DirectiveNode, *_: Any) -> Any:
        return None if node.name.value in _KEPT_DIRECTIVES else REMOVE

    def enter(self, node: Node, *_: Any) -> Any:
        if isinstance(node, TypeDefinitionNode | TypeExtensionNode):
            if node.name.value in self.removed_types:
                return REMOVE
        elif isinstance(
            node, FieldDefinitionNode | InputValueDefinitionNode | EnumValueDefinitionNode
        ) and _has(node, self.inaccessible):
            return REMOVE
        elif isinstance(node, NamedTypeNode) and node.name.value in self.removed_types:
            # Only union members and implemented interfaces can name a removed type in a
            # valid composition; field types never point to an inaccessible type.
            return REMOVE
        return None


def build_api_schema(supergraph: Supergraph, *, keep_inaccessible: bool = False) -> GraphQLSchema:
    """The API schema; with `keep_inaccessible`, the planning schema: the same types and fields
    plus the `@inaccessible` ones, which key and `@requires` field sets may still name."""
    document = supergraph.document
    inaccessible = "" if keep_inaccessible else supergraph.inaccessible_name
    removed: set[str] = set()
    for definition in document.definitions:
        if isinstance(definition, DirectiveDefinitionNode):
            continue
        name = getattr(getattr(definition, "name", None), "value", None)
        if name and (
            _is_machinery(name, supergraph.join_prefix)
            or (inaccessible and _has(definition, inaccessible))
        ):
            removed.add(name)
    api_document: DocumentNode = visit(document, _ApiSchemaVisitor(removed, inaccessible))
    return build_ast_schema(api_document, assume_valid_sdl=True)

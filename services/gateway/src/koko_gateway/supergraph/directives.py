"""Reading directive applications from a supergraph document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DirectiveNode, DocumentNode, value_from_ast_untyped


def directive_arguments(directive: DirectiveNode) -> dict[str, Any]:
    return {a.name.value: value_from_ast_untyped(a.value) for a in directive.arguments or ()}


def named_definitions(document: DocumentNode) -> Iterator[tuple[str, Any]]:
    """(name, definition) of every named definition that can carry directives."""
    for definition in document.definitions:
        name_node = getattr(definition, "name", None)
        if name_node is not None and hasattr(definition, "directives"):
            yield name_node.value, definition

"""Refuses NUL characters in GraphQL string inputs (literals and variables) before execution:
PostgreSQL text cannot hold U+0000, so such a value would otherwise fail deep inside a resolver
as a masked "Unexpected error." It is the client's mistake: one error with the code
BAD_USER_INPUT, for every field and argument of the schema at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, StringValueNode, visit
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from koko_shared.errors import ErrorCode

MESSAGE = "String values must not contain NUL characters (\\u0000)"


def contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(contains_nul(v) for v in value)
    return False


class _FindNul(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_: Any) -> Any:
        if "\x00" in node.value:
            self.found = True
            return Visitor.BREAK
        return None


class RefuseNulCharacters(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        found = contains_nul(context.variables or {})
        # Only a document whose text spells an escape of U+0000 can hold one in a literal.
        query = context.query or ""
        if not found and "u0000" in query.lower() and context.graphql_document is not None:
            finder = _FindNul()
            visit(context.graphql_document, finder)
            found = finder.found
        if found:
            context.pre_execution_errors = [
                GraphQLError(MESSAGE, extensions={"code": ErrorCode.BAD_USER_INPUT.value})
            ]
        yield

"""The operation limits inside every subgraph: a Strawberry extension (tokens at parse time;
depth, aliases, cost, page sizes and `_entities` representations before validation). The body
size is limited for every path by koko_shared.http.body_guard. Subgraphs are reachable inside
the cluster, so they do not rely on the gateway having checked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    parse,
)
from strawberry.extensions import SchemaExtension

from koko_shared.graphql.limits import (
    LIMIT_CODE,
    PARSE_CODE,
    TOKEN_LIMIT_MESSAGE,
    Limits,
    check,
    measure,
)

DEFAULT_LIMITS = Limits()
# Distinct query texts whose parse is remembered per process.
PARSE_CACHE_SIZE = 1000


def _limits_of(context: Any) -> Limits:
    """The limits of the app serving this request (its settings), else the defaults."""
    request = (
        context.get("request") if isinstance(context, dict) else getattr(context, "request", None)
    )
    app = getattr(request, "app", None)
    limits = getattr(getattr(app, "state", None), "operation_limits", None)
    return limits if isinstance(limits, Limits) else DEFAULT_LIMITS


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _parse(query: str, max_tokens: int) -> DocumentNode:
    return parse(query, max_tokens=max_tokens)


def _add_parse_code(error: GraphQLError) -> None:
    """Parse errors get a code like every other error; the token limit is a limit."""
    code = LIMIT_CODE if error.message.startswith(TOKEN_LIMIT_MESSAGE) else PARSE_CODE
    error.extensions = {**(error.extensions or {}), "code": code}


class OperationLimits(SchemaExtension):
    """Parses with the token limit (remembering parsed texts, so no separate parser cache) and
    refuses an over-limit operation before it is validated: list it before the validation
    cache."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        limits = _limits_of(context.context)
        context.parse_options["max_tokens"] = limits.max_tokens
        if context.graphql_document is None and context.query:
            # On a syntax error Strawberry parses again, records the error, and we give it a
            # code below.
            with suppress(GraphQLError):
                context.graphql_document = _parse(context.query, limits.max_tokens)
        yield
        for error in context.pre_execution_errors or ():
            _add_parse_code(error)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            limits = _limits_of(context.context)
            problems = self._problems(document.definitions, limits, context)
            if problems:
                context.pre_execution_errors = [
                    GraphQLError(message, extensions={"code": LIMIT_CODE}) for message in problems
                ]
        yield

    @staticmethod
    def _problems(definitions: Any, limits: Limits, context: Any) -> list[str]:
        fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
        operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
        name = context.operation_name
        chosen = [o for o in operations if name is None or (o.name and o.name.value == name)]
        if not chosen:
            return []  # graphql-core reports the unknown or ambiguous operation itself
        variables = context.variables or {}
        shape = measure(chosen[0], fragments, limits, variables)
        return check(shape, limits, variables)

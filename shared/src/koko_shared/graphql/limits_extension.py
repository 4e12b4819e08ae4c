"""The operation limits inside every subgraph: a Strawberry extension (tokens at parse time;
depth, aliases, cost, page sizes and `_entities` representations before validation). The body
size is limited for every path by koko_shared.http.body_guard. Subgraphs are reachable inside
the cluster, so they do not rely on the gateway having checked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
)
from strawberry.extensions import SchemaExtension

from koko_shared.bounded_cache import ByteLru
from koko_shared.graphql.documents import parse_document
from koko_shared.graphql.limits import (
    LIMIT_CODE,
    PARSE_CODE,
    TOKEN_LIMIT_PREFIX,
    Limits,
    check,
    document_too_large,
    measure,
    too_many_tokens,
)
from koko_shared.graphql.request_language import error_language, request_of
from koko_shared.i18n import Message

DEFAULT_LIMITS = Limits()
# Parsed documents remembered per process, weighed with their text, tokens and locations: the
# gateway sends one document per distinct client operation, so clients decide what lands here.
PARSE_CACHE_BYTES = 32 * 1024 * 1024
_parsed: ByteLru[DocumentNode] = ByteLru(PARSE_CACHE_BYTES)


def _limits_of(context: Any) -> Limits:
    """The limits of the app serving this request (its settings), else the defaults."""
    app = getattr(request_of(context), "app", None)
    limits = getattr(getattr(app, "state", None), "operation_limits", None)
    return limits if isinstance(limits, Limits) else DEFAULT_LIMITS


def cached_parse(query: str, max_tokens: int) -> DocumentNode:
    """The parsed document from this process's parse cache (a parse error or a document over
    `max_tokens` raises GraphQLError and is not kept)."""
    key = (query, max_tokens)
    document = _parsed.get(key)
    if document is None:
        # Failures raise and are not kept. Locations stay: Strawberry's errors point into the text.
        document, size = parse_document(query, max_tokens=max_tokens, locations=True)
        _parsed.put(key, document, size)
    return document


def _add_parse_code(error: GraphQLError, max_tokens: int, language: str) -> None:
    """Parse errors get a code like every other error; the token limit is a limit, and says so
    in the request's language."""
    if error.message.startswith(TOKEN_LIMIT_PREFIX):
        error.message = too_many_tokens(max_tokens).message_in(language)
        code = LIMIT_CODE
    else:
        code = PARSE_CODE
    error.extensions = {**(error.extensions or {}), "code": code}


class OperationLimits(SchemaExtension):
    """Parses with the token limit (remembering parsed texts, so no separate parser cache) and
    refuses an over-limit operation before it is validated: list it before the validation
    cache."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        limits = _limits_of(context.context)
        context.parse_options["max_tokens"] = limits.max_tokens
        too_large = document_too_large(context.query, limits) if context.query else None
        if too_large:
            # Strawberry parses when no document is set and records a parse error; with no token
            # allowed that error comes at once, and it is given this message below.
            context.parse_options["max_tokens"] = 0
        elif context.graphql_document is None and context.query:
            # On a syntax error Strawberry parses again, records the error, and we give it a
            # code below.
            with suppress(GraphQLError):
                context.graphql_document = cached_parse(context.query, limits.max_tokens)
        yield
        errors = context.pre_execution_errors or ()
        language = error_language(context.context) if errors else "en"
        for error in errors:
            _add_parse_code(error, limits.max_tokens, language)
            if too_large:
                error.message = too_large.message_in(language)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            limits = _limits_of(context.context)
            problems = self._problems(document.definitions, limits, context)
            if problems:
                language = error_language(context.context)
                context.pre_execution_errors = [
                    GraphQLError(message.message_in(language), extensions={"code": LIMIT_CODE})
                    for message in problems
                ]
        yield

    @staticmethod
    def _problems(definitions: Any, limits: Limits, context: Any) -> list[Message]:
        fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
        operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
        name = context.operation_name
        chosen = [o for o in operations if name is None or (o.name and o.name.value == name)]
        if not chosen:
            return []  # graphql-core reports the unknown or ambiguous operation itself
        variables = context.variables or {}
        shape = measure(chosen[0], fragments, limits, variables)
        return check(shape, limits, variables)

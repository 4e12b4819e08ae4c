"""Preparing a client's operation: its size in bytes, parsing (token limit, no locations kept),
depth/alias/cost limits and validation, cached per (query, operation name) in a cache bounded in
bytes. Documents that do not parse are not cached: a client can send endless distinct ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    ASTValidationRule,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    VariableNode,
    validate,
    visit,
)
from graphql.language import Visitor

from koko_gateway.execution.errors import error
from koko_shared.bounded_cache import ByteLru
from koko_shared.errors import ErrorCode
from koko_shared.graphql.core_messages import core_message
from koko_shared.graphql.documents import parse_document
from koko_shared.graphql.limits import (
    LIMIT_CODE,
    PARSE_CODE,
    TOKEN_LIMIT_PREFIX,
    Limits,
    OperationShape,
    check,
    document_too_large,
    measure,
    too_many_tokens,
)
from koko_shared.i18n import Message

NESTED_TOO_DEEPLY = Message("The document is nested too deeply.")


@dataclass(slots=True)
class Response:
    status: int
    body: dict[str, Any]
    # The executed operation's name (for metrics), also when the client did not send it.
    operation_name: str | None = None


@dataclass(slots=True)
class PreparedOperation:
    """A parsed, validated and measured operation: cached per (query, operation name)."""

    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    shape: OperationShape
    condition_variables: tuple[str, ...]
    introspection_keys: tuple[str, ...]


class RequestError(Exception):
    """The request can't be executed at all: answered with a 4xx and GraphQL errors."""

    def __init__(
        self, messages: Sequence[str | Message], *, status: int = 400, code: ErrorCode
    ) -> None:
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = messages
        self.status = status
        self.code = code

    def response(self, language: str = "en") -> Response:
        """The refusal in `language`: Koko's own messages are catalogue messages (a cached
        refusal is rendered anew for each request); graphql-core's validation, coercion and
        syntax messages are rendered from the catalogues where one of its templates matches
        (koko_shared.graphql.core_messages), else stay as graphql-core writes them."""
        return Response(
            self.status,
            {"errors": [error(_text(m, language), code=self.code) for m in self.messages]},
        )


def _text(message: str | Message, language: str) -> str:
    if isinstance(message, str):
        return core_message(message, language)
    return message.message_in(language)


def _condition_variables(document: DocumentNode) -> tuple[str, ...]:
    """Variables used by @skip/@include: their values change the plan, so they key the cache."""
    names: set[str] = set()

    class _Find(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            if node.name.value in ("skip", "include"):
                for argument in node.arguments or ():
                    if isinstance(argument.value, VariableNode):
                        names.add(argument.value.name.value)

    visit(document, _Find())
    return tuple(sorted(names))


class Preparation:
    def __init__(
        self,
        schema: GraphQLSchema,
        rules: list[type[ASTValidationRule]],
        limits: Limits,
        *,
        max_bytes: int,
    ) -> None:
        self.schema = schema
        self.rules = rules
        self.limits = limits
        self.cache: ByteLru[PreparedOperation | RequestError] = ByteLru(max_bytes)

    def prepare(self, query: str, operation_name: str | None) -> PreparedOperation:
        too_large = document_too_large(query, self.limits)
        if too_large:
            raise RequestError([too_large], code=LIMIT_CODE)
        key = (query, operation_name)
        cached = self.cache.get(key)
        if cached is None:
            # Documents that do not parse are not kept: a client can send endless distinct ones.
            document, size = self._parse(query)
            try:
                cached = self._prepare(document, operation_name)
            except RequestError as exc:
                cached = exc
            self.cache.put(key, cached, size)
        if isinstance(cached, RequestError):
            raise cached
        return cached

    def _parse(self, query: str) -> tuple[DocumentNode, int]:
        try:
            return parse_document(query, max_tokens=self.limits.max_tokens)
        except GraphQLError as exc:
            if exc.message.startswith(TOKEN_LIMIT_PREFIX):
                limit = too_many_tokens(self.limits.max_tokens)
                raise RequestError([limit], code=LIMIT_CODE) from None
            raise RequestError([exc.message], code=PARSE_CODE) from None
        except RecursionError:
            raise RequestError([NESTED_TOO_DEEPLY], code=ErrorCode.GRAPHQL_PARSE_FAILED) from None

    def _prepare(self, document: DocumentNode, operation_name: str | None) -> PreparedOperation:
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        if operation_name is None and len(operations) != 1:
            raise RequestError(
                [Message("Must provide operation name if query contains multiple operations.")],
                code=ErrorCode.BAD_USER_INPUT,
            )
        operation = next(
            (
                o
                for o in operations
                if operation_name is None or (o.name and o.name.value == operation_name)
            ),
            None,
        )
        if operation is None:
            raise RequestError(
                [Message("Unknown operation named '{name}'.", name=operation_name)],
                code=ErrorCode.BAD_USER_INPUT,
            )
        shape = measure(operation, fragments, self.limits)
        # Depth and alias limits first: validating a hostile document is itself expensive.
        static = check(shape, self.limits, {})
        if static:
            raise RequestError(static, code=LIMIT_CODE)
        try:
            errors = validate(self.schema, document, self.rules, max_errors=20)
        except RecursionError:
            raise RequestError(
                [NESTED_TOO_DEEPLY], code=ErrorCode.GRAPHQL_VALIDATION_FAILED
            ) from None
        if errors:
            raise RequestError(
                [e.message for e in errors], code=ErrorCode.GRAPHQL_VALIDATION_FAILED
            )
        introspection = tuple(
            (s.alias or s.name).value
            for s in operation.selection_set.selections
            if isinstance(s, FieldNode) and s.name.value in ("__schema", "__type")
        )
        return PreparedOperation(
            document, operation, fragments, shape, _condition_variables(document), introspection
        )

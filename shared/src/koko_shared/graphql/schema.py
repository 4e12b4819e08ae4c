"""Federation v2 subgraph schema factory with the limits and masking every subgraph needs."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any, cast

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.federation import Schema
from strawberry.types import ExecutionContext
from strawberry.types.enum import StrawberryEnumDefinition

from koko_shared.bounded_cache import ByteLru
from koko_shared.database.availability import (
    OVERLOADED_MESSAGE,
    OVERLOADED_RETRY_AFTER_SECONDS,
    RETRY_AFTER_SECONDS,
    UNAVAILABLE_MESSAGE,
    is_database_unavailable,
    is_pool_exhausted,
)
from koko_shared.errors import DomainError, ErrorCode
from koko_shared.graphql.core_messages import core_message
from koko_shared.graphql.error_codes import ERROR_CODE_DESCRIPTIONS
from koko_shared.graphql.limits_extension import OperationLimits
from koko_shared.graphql.nul import RefuseNulCharacters
from koko_shared.graphql.request_language import error_language
from koko_shared.i18n import translate
from koko_shared.pagination import Page
from koko_shared.telemetry import logger

# The newest Federation version the composition used in CI (@theguild/federation-composition
# 0.27) accepts; strawberry's default is newer.
FEDERATION_VERSION = "2.9"
# Query texts whose successful validation is remembered per process, weighed by their size
# (texts are up to `max_document_bytes`; clients decide what lands here).
VALID_QUERIES_BYTES = 8 * 1024 * 1024


def should_mask(error: GraphQLError) -> bool:
    """Only unexpected failures are masked. A client's own mistakes keep their message: domain
    errors, and GraphQL errors such as a missing or mistyped variable (graphql-core wraps the
    coercion error as `original_error`)."""
    original = error.original_error
    return original is not None and not isinstance(original, DomainError | GraphQLError)


def _retry_error(error: GraphQLError, message: str, code: ErrorCode, seconds: int) -> GraphQLError:
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": code.value, "retryAfterSeconds": seconds},
    )


class MaskUnexpectedErrors(MaskErrors):
    """Masks unexpected failures, except that an unreachable database says so with the code
    `SERVICE_UNAVAILABLE`: the client may retry, and the operator sees an outage, not a bug.
    That message, and the OVERLOADED one of a pool timeout, are top-level errors in the
    request's language (English without Accept-Language)."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if original is not None and is_pool_exhausted(original):
            return _retry_error(
                error,
                translate(OVERLOADED_MESSAGE, self._language()),
                ErrorCode.OVERLOADED,
                OVERLOADED_RETRY_AFTER_SECONDS,
            )
        if original is not None and is_database_unavailable(original):
            return _retry_error(
                error,
                translate(UNAVAILABLE_MESSAGE, self._language()),
                ErrorCode.SERVICE_UNAVAILABLE,
                RETRY_AFTER_SECONDS,
            )
        masked = super().anonymise_error(error)
        masked.extensions = {"code": ErrorCode.INTERNAL_SERVER_ERROR.value}
        return masked

    def _language(self) -> str:
        return error_language(self.execution_context.context)


PARSE_FAILED = ErrorCode.GRAPHQL_PARSE_FAILED.value


class ErrorCodes(SchemaExtension):
    """Every error leaves the subgraph with `extensions.code` from the shared vocabulary: a
    document that does not parse or validate, a variable or argument the client got wrong
    (`BAD_USER_INPUT`, or the domain error's own code), or a failure on our side (masked errors
    get INTERNAL_SERVER_ERROR from the masking extension)."""

    def __init__(self) -> None:
        self._validation_errors: set[int] = set()

    def on_validate(self) -> Iterator[None]:
        yield
        errors = self.execution_context.pre_execution_errors or ()
        self._validation_errors = {id(e) for e in errors}

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        except GraphQLSyntaxError as syntax_error:
            # The parser cache parses in its own hook, so a syntax error is raised through here.
            syntax_error.extensions = {**(syntax_error.extensions or {}), "code": PARSE_FAILED}
            raise
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            if not (error.extensions and "code" in error.extensions):
                error.extensions = {**(error.extensions or {}), "code": self._code(error).value}

    def _code(self, error: GraphQLError) -> ErrorCode:
        if isinstance(error, GraphQLSyntaxError):
            return ErrorCode.GRAPHQL_PARSE_FAILED
        if id(error) in self._validation_errors:
            if "exceeds maximum operation depth" in error.message:
                return ErrorCode.OPERATION_LIMIT_EXCEEDED
            return ErrorCode.GRAPHQL_VALIDATION_FAILED
        original = error.original_error
        if isinstance(original, DomainError):
            return original.code
        if original is None or isinstance(original, GraphQLError):
            # graphql-core's own execution errors: a variable or argument value it refused.
            return ErrorCode.BAD_USER_INPUT
        return ErrorCode.INTERNAL_SERVER_ERROR


class DomainErrorLanguage(SchemaExtension):
    """Top-level errors of expected failures (a query's bad argument, an unknown id) in the
    request's language (`koko_shared.graphql.request_language`: English without
    Accept-Language, as REST problems); the code stays. graphql-core's own messages (a
    document that does not parse or validate, a variable it refused) are rendered from the
    catalogues where one of its templates matches (`koko_shared.graphql.core_messages`, as at
    the gateway), else stay as graphql-core writes them."""

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        except GraphQLSyntaxError as syntax_error:
            # The parser cache parses in its own hook, so a syntax error is raised through here.
            language = error_language(self.execution_context.context)
            syntax_error.message = core_message(syntax_error.message, language)
            raise
        result = self.execution_context.result
        if result is None or not getattr(result, "errors", None):
            return
        language = error_language(self.execution_context.context)
        for error in getattr(result, "errors", None) or ():
            original = error.original_error
            if isinstance(original, DomainError):
                error.message = original.message_in(language)
            elif original is None or isinstance(original, GraphQLError):
                error.message = core_message(error.message, language)


class ValidQueries:
    """Query texts that passed validation: at most `max_bytes` of them (their size in memory),
    least recently used dropped first."""

    def __init__(self, max_bytes: int = VALID_QUERIES_BYTES) -> None:
        self._texts: ByteLru[bool] = ByteLru(max_bytes)

    @property
    def bytes(self) -> int:
        return self._texts.bytes

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, query: str) -> bool:
        return self._texts.get(query) is not None

    def add(self, query: str) -> None:
        self._texts.put(query, True, sys.getsizeof(query))


class SkipValidationOfValidQueries(SchemaExtension):
    """Validates each distinct query text once. Validation depends only on the text and the
    schema, and costs more than resolving a page (graphql-core hashes AST subtrees repeatedly:
    ~14 ms for a 20-offer page query on a 2-vCPU machine, measured), so a text that passed once
    skips it afterwards. Failing texts are validated every time and keep their errors."""

    def __init__(self, valid: ValidQueries) -> None:
        self.valid = valid

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query is not None and query in self.valid and context.pre_execution_errors is None:
            context.pre_execution_errors = []
            yield
            return
        yield
        if query is not None and context.pre_execution_errors == []:
            self.valid.add(query)


class LoggingSchema(Schema):
    """Logs a client's mistake (a document that does not parse or validate, a domain error) as
    one line without a traceback; only errors on Koko's side carry one."""

    valid_queries: ValidQueries  # the texts it validated (set by `federation_schema`)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            original = error.original_error
            if original is None or isinstance(original, DomainError | GraphQLError):
                code = (error.extensions or {}).get("code") or getattr(original, "code", None)
                logger.info(
                    "graphql client error", code=str(code) if code else None, error=error.message
                )
            else:
                logger.error("graphql error", error=error.message, exc_info=original)


def federation_schema(
    *,
    query: type,
    mutation: type | None = None,
    types: list[Any] | None = None,
    mask_errors: bool = True,
    valid_queries: ValidQueries | None = None,
) -> LoggingSchema:
    """A subgraph's schema with Koko's extensions; top-level errors of expected failures are
    in the request language (`DomainErrorLanguage`) in every subgraph."""
    valid = valid_queries if valid_queries is not None else ValidQueries()
    extensions: list[Any] = [
        # First: it parses with the token limit (cached) and refuses over-limit operations
        # before they are validated (see koko_shared.graphql.limits).
        OperationLimits,
        lambda: SkipValidationOfValidQueries(valid),
        RefuseNulCharacters,
    ]
    if mask_errors:
        extensions.append(lambda: MaskUnexpectedErrors(should_mask_error=should_mask))
    extensions.append(ErrorCodes)
    extensions.append(DomainErrorLanguage)
    schema = LoggingSchema(
        query=query,
        mutation=mutation,
        types=types or [],
        extensions=extensions,
        federation_version=FEDERATION_VERSION,  # type: ignore[arg-type]
    )
    schema.valid_queries = valid
    return schema


# Value types every subgraph returns: shareable, so the supergraph composes.
@strawberry.federation.type(
    shareable=True, description="Where a page of a Relay connection lies in the whole list."
)
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="Whether rows follow this page (paging forwards: another page with "
        "`first`/`after: endCursor`; paging backwards: true when `before` was given)."
    )
    has_previous_page: bool = strawberry.field(
        description="Whether rows precede this page (paging backwards: another page with "
        "`last`/`before: startCursor`; paging forwards: true when `after` was given)."
    )
    start_cursor: str | None = strawberry.field(
        description="Cursor of the first edge; null for an empty page."
    )
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last edge; null for an empty page."
    )

    @classmethod
    def of(cls, page: Page[Any]) -> PageInfo:
        return cls(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.start_cursor,
            end_cursor=page.end_cursor,
        )


# The one vocabulary of error codes as a GraphQL enum (registered on the Python enum itself, so
# every type annotated with `ErrorCode` uses it).
strawberry.enum(
    ErrorCode,
    description="Why something failed. The same codes appear as `extensions.code` of GraphQL "
    "errors and in the `type` of REST problem documents (`urn:koko:problem:<CODE>`).",
)
_error_code_definition = cast(StrawberryEnumDefinition, ErrorCode.__strawberry_definition__)  # type: ignore[attr-defined]
for _value in _error_code_definition.values:
    _value.description = ERROR_CODE_DESCRIPTIONS[ErrorCode(_value.value)]


@strawberry.federation.type(
    shareable=True,
    description="An expected failure of a mutation: which input, what, why (the `errors` of "
    "every mutation payload).",
)
class MutationError:
    field: str | None = strawberry.field(
        description="The input field as a dotted camelCase path below the mutation's input "
        "(e.g. `steps.2.offerId`), or null when the failure concerns the whole input. Kept for "
        "existing clients; `path` says the same as a list."
    )
    path: list[str] | None = strawberry.field(
        description="The input field as a list, starting with the mutation's argument (e.g. "
        '`["input", "steps", "2", "offerId"]`), or null when the failure concerns the whole '
        "input."
    )
    code: ErrorCode = strawberry.field(description="What kind of failure.")
    message: str = strawberry.field(
        description="Human-readable explanation in the request language (Accept-Language among "
        "the served languages, German otherwise)."
    )

"""Domain errors and their two renderings: typed GraphQL payload errors and RFC 9457 problems."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from koko_shared.database.availability import (
    DRIVER_ERRORS,
    OVERLOADED_MESSAGE,
    OVERLOADED_RETRY_AFTER_SECONDS,
    RETRY_AFTER_SECONDS,
    UNAVAILABLE_MESSAGE,
    is_database_unavailable,
    is_pool_exhausted,
)
from koko_shared.i18n import problem_language, translate
from koko_shared.validation_messages import message_of

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:koko:problem:"


class ErrorCode(StrEnum):
    """The one vocabulary of error codes: GraphQL `extensions.code`, the `code` of mutation and
    row errors, and the suffix of a REST problem `type` (`urn:koko:problem:<CODE>`).

    The general codes follow Apollo's conventions; the specific ones name a rule a client can
    act on. A new code is added here, in UPPER_SNAKE, and nowhere else."""

    # The request as a whole
    BAD_REQUEST = "BAD_REQUEST"  # malformed HTTP or GraphQL request (body, JSON, query missing)
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    OPERATION_LIMIT_EXCEEDED = "OPERATION_LIMIT_EXCEEDED"  # depth, aliases, cost, ...
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    REQUEST_TIMEOUT = "REQUEST_TIMEOUT"  # the body or the headers did not arrive in time
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE"  # the Accept header allows no media type the API answers
    RATE_LIMITED = "RATE_LIMITED"
    PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"  # APQ version other than 1
    PERSISTED_QUERY_REQUIRED = "PERSISTED_QUERY_REQUIRED"  # only persisted operations accepted
    # Who is asking
    UNAUTHENTICATED = "UNAUTHENTICATED"
    # The identity the gateway signed for a subgraph does not verify there (keys differ)
    IDENTITY_INVALID = "IDENTITY_INVALID"
    FORBIDDEN = "FORBIDDEN"
    # The gateway left out a field the caller's roles do not allow (@requiresScopes, @policy)
    UNAUTHORIZED_FIELD_OR_TYPE = "UNAUTHORIZED_FIELD_OR_TYPE"
    # What was asked for
    BAD_USER_INPUT = "BAD_USER_INPUT"  # a value breaks a rule; `field` says which
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    REQUIRED = "REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"  # e.g. a stale expectedVersion or a duplicate key
    DUPLICATE = "DUPLICATE"
    UNSUPPORTED = "UNSUPPORTED"
    # Webhooks
    BLOCKED_DESTINATION = "BLOCKED_DESTINATION"  # an address Koko does not send webhooks to
    QUOTA_EXCEEDED = "QUOTA_EXCEEDED"
    # Survey ingest, per row
    BATCH_REJECTED = "BATCH_REJECTED"
    CONSENT_MISSING = "CONSENT_MISSING"
    CONSTRAINT = "CONSTRAINT"  # an answer breaks its question's XLSForm constraint
    DUPLICATE_INTERVIEW = "DUPLICATE_INTERVIEW"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    INVALID_PSEUDONYM = "INVALID_PSEUDONYM"
    INVALID_VALUE = "INVALID_VALUE"
    NOT_ANSWERABLE = "NOT_ANSWERABLE"  # an answer to a note
    NOT_RELEVANT = "NOT_RELEVANT"
    OUTSIDE_FIELD_WINDOW = "OUTSIDE_FIELD_WINDOW"
    OUTSIDE_REGION = "OUTSIDE_REGION"
    STUDY_CLOSED = "STUDY_CLOSED"
    UNKNOWN_COHORT = "UNKNOWN_COHORT"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
    UNKNOWN_INSTRUMENT_VERSION = "UNKNOWN_INSTRUMENT_VERSION"
    UNKNOWN_QUESTION = "UNKNOWN_QUESTION"
    UNKNOWN_SUBMISSION = "UNKNOWN_SUBMISSION"
    WAVE_CLOSED = "WAVE_CLOSED"
    # Survey disclosure control and releases
    BELOW_FLOOR = "BELOW_FLOOR"  # a disclosure setting below the floor
    K_ANONYMITY_NOT_MET = "K_ANONYMITY_NOT_MET"
    TOO_FEW_NEW_SUBMISSIONS = "TOO_FEW_NEW_SUBMISSIONS"  # a release too close to the previous
    WAVE_NOT_CLOSED = "WAVE_NOT_CLOSED"
    TABLE_PLAN_MISSING = "TABLE_PLAN_MISSING"  # a wave released without a table plan
    REVISION_TOO_SMALL = "REVISION_TOO_SMALL"  # a revision changing cells by too few people
    RELEASE_UNCHANGED = "RELEASE_UNCHANGED"  # a revision that would change nothing
    # Koko's side
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    OVERLOADED = "OVERLOADED"  # at capacity (admission limit or pool); retry shortly
    GATEWAY_TIMEOUT = "GATEWAY_TIMEOUT"  # a service behind the gateway did not answer in time
    SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE"
    SUBGRAPH_ERROR = "SUBGRAPH_ERROR"
    QUERY_PLANNING_FAILED = "QUERY_PLANNING_FAILED"


# Codes whose message is written for the client (kept by the gateway even in production); an
# error without one of them is shown as "Internal server error".
CLIENT_ERROR_CODES = frozenset(ErrorCode) - {ErrorCode.INTERNAL_SERVER_ERROR}

# The code of an HTTP status that has no more specific one.
_STATUS_CODES = {
    400: ErrorCode.BAD_REQUEST,
    401: ErrorCode.UNAUTHENTICATED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    408: ErrorCode.REQUEST_TIMEOUT,
    409: ErrorCode.CONFLICT,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
    406: ErrorCode.NOT_ACCEPTABLE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    422: ErrorCode.BAD_USER_INPUT,
    429: ErrorCode.RATE_LIMITED,
    503: ErrorCode.SERVICE_UNAVAILABLE,
}


def code_of_status(status: int) -> ErrorCode:
    if status in _STATUS_CODES:
        return _STATUS_CODES[status]
    return ErrorCode.INTERNAL_SERVER_ERROR if status >= 500 else ErrorCode.BAD_REQUEST


class TranslatableError(Protocol):
    """One expected failure whose message can be rendered in any served language: a shared
    `FieldError`, or a service's own violation type."""

    @property
    def code(self) -> ErrorCode: ...

    @property
    def field(self) -> str | None: ...

    def message_in(self, language: str) -> str: ...


@dataclass(frozen=True, slots=True)
class FieldError:
    """One expected failure: `field` in camelCase (or None for the whole input). `message` is
    the msgid of a catalogue message (English text with `{placeholders}` filled from `params`);
    a message not in the catalogues is shown as it is."""

    code: ErrorCode
    message: str
    field: str | None = None
    params: Mapping[str, object] | None = None

    def message_in(self, language: str) -> str:
        return translate(self.message, language, **(self.params or {}))

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        return {"field": self.field, "code": self.code, "message": self.message_in(language)}


class InvalidValue(ValueError):
    """A value that breaks a rule, raised where a ValueError is expected (a parser, a pydantic
    validator) as a catalogue message: `message` a msgid, `params` its placeholders. `str()` is
    the English text; `field_error` places it on a field in any language."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(translate(message, "en", **params))
        self.msgid = message
        self.params = params

    def message_in(self, language: str) -> str:
        return translate(self.msgid, language, **self.params)

    def field_error(self, code: ErrorCode, field: str | None) -> FieldError:
        return FieldError(code, self.msgid, field, self.params)


def value_error(code: ErrorCode, error: ValueError, field: str | None) -> FieldError:
    """A ValueError on `field` as a field error: translatable when it is an `InvalidValue`, its
    text as written otherwise (a library's own message)."""
    if isinstance(error, InvalidValue):
        return error.field_error(code, field)
    return FieldError(code, str(error), field)


class DomainError(Exception):
    """An expected failure a client can cause and fix. Never a 500. `message` is a msgid (see
    `FieldError`); `self.message` holds it in English, `message_in` in any language."""

    code = ErrorCode.BAD_USER_INPUT
    status = 400

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        errors: list[FieldError] | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        english = translate(message, "en", **(params or {}))
        super().__init__(english)
        self.message = english
        self.msgid = message
        self.params: Mapping[str, object] = params or {}
        self.field = field
        self.errors = errors or [FieldError(self.code, message, field, params)]

    def message_in(self, language: str) -> str:
        return translate(self.msgid, language, **self.params)


class InvalidInput(DomainError):
    code = ErrorCode.BAD_USER_INPUT
    status = 422


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND
    status = 404


class Conflict(DomainError):
    code = ErrorCode.CONFLICT
    status = 409


class PermissionDenied(DomainError):
    code = ErrorCode.FORBIDDEN
    status = 403


class Unauthenticated(DomainError):
    code = ErrorCode.UNAUTHENTICATED
    status = 401


def problem_document(
    status: int,
    code: ErrorCode,
    title: str,
    detail: str | None = None,
    *,
    graphql: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    """The one builder of an RFC 9457 problem document (`application/problem+json`) in every
    Koko API; every writer of such a body goes through here (a test greps for others).
    `graphql=True` adds GraphQL `errors`, so that a GraphQL client (the gateway's fetch) reads
    the same body as a request error."""
    body: dict[str, Any] = {"type": PROBLEM_TYPE_PREFIX + code, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if graphql:
        message = detail or title
        body["errors"] = [{"message": message, "code": code, "extensions": {"code": code}}]
    body.update(extra)
    return body


def problem_bytes(
    status: int,
    code: ErrorCode,
    title: str,
    detail: str | None = None,
    *,
    graphql: bool = False,
    **extra: Any,
) -> bytes:
    """A problem document as the bytes of a response body (for ASGI middleware and raw HTTP)."""
    return orjson.dumps(problem_document(status, code, title, detail, graphql=graphql, **extra))


def problem(
    status: int,
    code: ErrorCode,
    title: str,
    detail: str | None = None,
    *,
    graphql: bool = False,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    """A problem document as a response (`WWW-Authenticate: Bearer` on a 401)."""
    all_headers = {**({"WWW-Authenticate": "Bearer"} if status == 401 else {}), **(headers or {})}
    return Response(
        problem_bytes(status, code, title, detail, graphql=graphql, **extra),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=all_headers,
    )


def request_problem_language(request: Request) -> str:
    """The language a REST problem of this request is written in (see `problem_language`)."""
    return problem_language(request.headers.get("accept-language"))


def language_headers(language: str) -> dict[str, str]:
    return {"Content-Language": language, "Vary": "Accept-Language"}


def domain_problem(error: DomainError, language: str, **extra: Any) -> Response:
    """A domain error as a problem in `language`: the title and every field error's message."""
    return problem(
        error.status,
        error.code,
        error.message_in(language),
        headers=language_headers(language),
        **{"errors": [e.as_dict(language) for e in error.errors], **extra},
    )


def allowed_methods(app: FastAPI, scope: Scope) -> str:
    """Every method some route of the request's path answers (RFC 9110 `Allow` of a 405)."""
    from koko_shared.http.routes import matching_routes  # the HTTP helpers import this module

    methods: set[str] = set()
    for _, route in matching_routes(app, scope):
        methods |= set(route.methods or ())
    return ", ".join(sorted(methods))


def install_problem_handlers(app: FastAPI) -> None:
    """Every error a REST client can cause answers as problem+json with a stable `type`."""

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        return domain_problem(exc, request_problem_language(request))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        # The title and each field's message (pydantic's refusal as a catalogue message) in
        # the request's language.
        language = request_problem_language(request)
        errors = []
        for e in exc.errors():
            msgid, params = message_of(e)
            field = ".".join(str(p) for p in e.get("loc", ())[1:]) or None
            errors.append(
                FieldError(ErrorCode.BAD_USER_INPUT, msgid, field, params).as_dict(language)
            )
        return problem(
            422,
            ErrorCode.BAD_USER_INPUT,
            translate("The request is not valid", language),
            headers=language_headers(language),
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        response = problem(exc.status_code, code_of_status(exc.status_code), str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        if exc.status_code == 405:
            # Starlette names only the first route of the path; the path may have several.
            response.headers["Allow"] = allowed_methods(app, request.scope)
        return response

    async def _database_outage(request: Request, exc: Exception) -> Response:
        language = request_problem_language(request)
        if is_pool_exhausted(exc):
            response = problem(
                503,
                ErrorCode.OVERLOADED,
                translate(OVERLOADED_MESSAGE, language),
                headers=language_headers(language),
            )
            response.headers["Retry-After"] = str(OVERLOADED_RETRY_AFTER_SECONDS)
            return response
        if not is_database_unavailable(exc):
            raise exc
        response = problem(
            503,
            ErrorCode.SERVICE_UNAVAILABLE,
            translate(UNAVAILABLE_MESSAGE, language),
            headers=language_headers(language),
        )
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    # The types a database outage arrives as; anything else of these types stays a 500.
    for outage_type in (OSError, DBAPIError, SQLAlchemyTimeoutError, *DRIVER_ERRORS):
        app.add_exception_handler(outage_type, _database_outage)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> Response:
        # Internals are logged by the telemetry middleware, never sent to the client.
        return problem(500, ErrorCode.INTERNAL_SERVER_ERROR, "Internal error")

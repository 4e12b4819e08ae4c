"""Domain errors and their two renderings: typed GraphQL payload errors and RFC 9457 problems."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from koko_shared.database.availability import (
    DRIVER_ERRORS,
    RETRY_AFTER_SECONDS,
    SERVICE_UNAVAILABLE,
    UNAVAILABLE_MESSAGE,
    is_database_unavailable,
)

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:koko:problem:"


@dataclass(frozen=True, slots=True)
class FieldError:
    """One expected failure: `field` in camelCase (or None for the whole input)."""

    code: str
    message: str
    field: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "code": self.code, "message": self.message}


class DomainError(Exception):
    """An expected failure a client can cause and fix. Never a 500."""

    code = "invalid"
    status = 400

    def __init__(
        self, message: str, *, field: str | None = None, errors: list[FieldError] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or [FieldError(self.code, message, field)]


class InvalidInput(DomainError):
    code = "invalid"
    status = 422


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Conflict(DomainError):
    code = "conflict"
    status = 409


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class Unauthenticated(DomainError):
    code = "unauthenticated"
    status = 401


def problem(
    status: int, code: str, title: str, detail: str | None = None, **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_PREFIX + code,
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    """Every error a REST client can cause answers as problem+json with a stable `type`."""

    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        return problem(
            exc.status,
            exc.code,
            exc.message,
            errors=[e.as_dict() for e in exc.errors],
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            FieldError(
                "invalid",
                str(e.get("msg", "invalid value")),
                ".".join(str(p) for p in e.get("loc", ())[1:]) or None,
            ).as_dict()
            for e in exc.errors()
        ]
        return problem(422, "invalid", "The request is not valid", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}.get(
            exc.status_code, "http_error"
        )
        return problem(exc.status_code, code, str(exc.detail))

    async def _database_outage(_: Request, exc: Exception) -> JSONResponse:
        if not is_database_unavailable(exc):
            raise exc
        response = problem(503, SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    # The types a database outage arrives as; anything else of these types stays a 500.
    for outage_type in (OSError, DBAPIError, SQLAlchemyTimeoutError, *DRIVER_ERRORS):
        app.add_exception_handler(outage_type, _database_outage)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Internals are logged by the telemetry middleware, never sent to the client.
        return problem(500, "internal", "Internal error")

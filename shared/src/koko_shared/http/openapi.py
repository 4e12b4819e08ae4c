"""OpenAPI of a service's REST routes as they really answer: every error is an RFC 9457
problem (`application/problem+json`), and every status a route can give is documented, so
generated clients and schemathesis see the same contract the service keeps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from koko_shared.auth.dependencies import actor_from_request, signed_in_actor
from koko_shared.http.routes import effective_routes

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details; `type` ends in an UPPER_SNAKE or legacy code.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "examples": ["urn:koko:problem:NOT_FOUND"]},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "field": {"type": ["string", "null"]},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}

# What any REST route can answer besides its success, and why.
PROBLEM_STATUSES = {
    "400": "The request is malformed (e.g. the body ended before its Content-Length).",
    "401": "Credentials are missing or invalid (`WWW-Authenticate: Bearer`).",
    "403": "The caller sees the resource but may not do this.",
    "404": "No such resource, or one the caller may not see (the same answer).",
    "408": "The request body did not arrive in time.",
    "409": "The request conflicts with the current state.",
    "413": "The request body exceeds the route's limit.",
    "422": "The request is not valid; `errors` names each field.",
    "429": "Too many requests from this client; retry after `Retry-After` seconds.",
    "503": "A dependency (the database) is unavailable; retry after `Retry-After` seconds.",
}
UNSUPPORTED_MEDIA_TYPE = (
    "The body's `Content-Type` is not one this route takes (`UNSUPPORTED_MEDIA_TYPE`)."
)
BEARER = "bearerAuth"
SECURITY_SCHEMES = {
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token of Koko's identity provider (or an API key issued as "
        "one): `Authorization: Bearer <token>`.",
    }
}
# Every URL parameter is refused with a NUL character (`koko_shared.http.nul_guard`).
NO_NUL = "^[^\\u0000]*$"


def operation_id(route: APIRoute) -> str:
    """Short, stable operation ids from the handler's name (`list_services` → `listServices`),
    unless the route names its own."""
    head, *rest = route.name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def _calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def _security(route: Any) -> list[dict[str, list[str]]] | None:
    """Bearer required where the route needs a signed-in actor, optional where it reads the
    actor (public callers see less), none where it never asks."""
    calls = set(_calls(route.dependant))
    if signed_in_actor in calls:
        return [{BEARER: []}]
    if actor_from_request in calls:
        return [{BEARER: []}, {}]
    return None


def _forbid_nul(parameter: dict[str, Any]) -> None:
    schema = parameter.get("schema", {})
    if schema.get("type") == "array" or any(
        b.get("type") == "array" for b in schema.get("anyOf", [])
    ):
        items = schema.get("items") or next(
            (b.get("items") for b in schema.get("anyOf", []) if b.get("type") == "array"), None
        )
        if isinstance(items, dict):
            _forbid_nul({"schema": items})
        return
    if any(key in schema for key in ("pattern", "enum", "format", "const")):
        return
    branches = schema.get("anyOf", [schema])
    if any(
        b.get("type") == "string" and not {"pattern", "enum", "format"} & set(b) for b in branches
    ):
        schema["pattern"] = NO_NUL


def document_problems(
    app: FastAPI,
    *,
    path_prefix: str | tuple[str, ...] = "/v1/",
    schemas: dict[str, Any] | None = None,
) -> None:
    """Replace FastAPI's default 422 schema with the problem the service sends, and add the
    other problem statuses to every route under `path_prefix` (one or several). `schemas` adds
    components that hand-written request bodies refer to. GraphQL is left out (it documents
    itself); each operation states its security, every URL parameter that NUL is refused."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        routes = [
            route
            for route in effective_routes(app)
            if not (route.path or "").startswith("/graphql")
        ]
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=routes,
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = PROBLEM_SCHEMA
        components.update(schemas or {})
        schema["components"]["securitySchemes"] = SECURITY_SCHEMES
        problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        securities = {
            (route.path_format, method.lower()): _security(route)
            for route in routes
            if getattr(route, "dependant", None) is not None
            for method in route.methods or ()
        }
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                security = securities.get((path, method))
                if security is not None:
                    operation["security"] = security
                for parameter in operation.get("parameters", []):
                    _forbid_nul(parameter)
            if not path.startswith(path_prefix):
                continue
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in PROBLEM_STATUSES.items():
                    responses[status] = {"description": description, "content": problem}
                if "requestBody" in operation:
                    responses["415"] = {"description": UNSUPPORTED_MEDIA_TYPE, "content": problem}
                responses["401"]["headers"] = {
                    "WWW-Authenticate": {"schema": {"type": "string"}, "required": True}
                }
                for status in ("429", "503"):
                    responses[status]["headers"] = {
                        "Retry-After": {"schema": {"type": "string"}, "required": False}
                    }
        if "#/components/schemas/HTTPValidationError" not in orjson.dumps(schema).decode():
            for name in ("HTTPValidationError", "ValidationError"):
                components.pop(name, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    # Read by koko_shared.http.media_type_guard: the bodies this document states are enforced.
    app.state.documents_request_bodies = True

"""OpenAPI of a service's REST routes as they really answer: every error is an RFC 9457
problem (`application/problem+json`), and every status a route can give is documented, so
generated clients and schemathesis see the same contract the service keeps."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

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
    "503": "A dependency (the database) is unavailable; retry after `Retry-After` seconds.",
}


def document_problems(
    app: FastAPI,
    *,
    path_prefix: str | tuple[str, ...] = "/v1/",
    schemas: dict[str, Any] | None = None,
) -> None:
    """Replace FastAPI's default 422 schema with the problem the service sends, and add the
    other problem statuses to every route under `path_prefix` (one or several). `schemas` adds
    components that hand-written request bodies refer to."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = PROBLEM_SCHEMA
        components.update(schemas or {})
        problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for path, operations in schema.get("paths", {}).items():
            if not path.startswith(path_prefix):
                continue
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in PROBLEM_STATUSES.items():
                    responses[status] = {"description": description, "content": problem}
                responses["401"]["headers"] = {
                    "WWW-Authenticate": {"schema": {"type": "string"}, "required": True}
                }
                responses["503"]["headers"] = {
                    "Retry-After": {"schema": {"type": "string"}, "required": False}
                }
        if "#/components/schemas/HTTPValidationError" not in orjson.dumps(schema).decode():
            for name in ("HTTPValidationError", "ValidationError"):
                components.pop(name, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

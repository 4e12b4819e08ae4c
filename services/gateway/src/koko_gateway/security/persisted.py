"""Persisted (trusted) operations: a manifest of operation ids a production frontend may send."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson


class PersistedOperations:
    """Reads `{"id": "query ..."}` or the Apollo/GraphQL Hive manifest
    `{"operations": [{"id": ..., "body": ...}]}`. Ids may also be sha256 hashes (APQ style)."""

    def __init__(self, operations: dict[str, str]) -> None:
        self.by_id = dict(operations)
        self.known_bodies = set(operations.values())

    @classmethod
    def from_file(cls, path: Path) -> PersistedOperations:
        raw: Any = orjson.loads(path.read_bytes())
        if isinstance(raw, dict) and isinstance(raw.get("operations"), list):
            return cls({str(op["id"]): str(op["body"]) for op in raw["operations"]})
        if isinstance(raw, dict):
            return cls({str(k): str(v) for k, v in raw.items()})
        raise ValueError(f"{path}: not a persisted operations manifest")

    def lookup(self, operation_id: str) -> str | None:
        return self.by_id.get(operation_id)

    def is_trusted(self, query: str) -> bool:
        return query in self.known_bodies


def operation_id(body: dict[str, Any]) -> str | None:
    """The id a client sent: `documentId`, `id`, or `extensions.persistedQuery.sha256Hash`."""
    for key in ("documentId", "id"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    extensions = body.get("extensions")
    if isinstance(extensions, dict):
        persisted = extensions.get("persistedQuery")
        if isinstance(persisted, dict) and isinstance(persisted.get("sha256Hash"), str):
            return str(persisted["sha256Hash"])
    return None


def sha256_id(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()

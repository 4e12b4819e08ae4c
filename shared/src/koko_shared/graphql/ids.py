"""Relay global ids: base64("Type:uuid"), the `id` of every node and every entity key."""

from __future__ import annotations

import base64
import binascii
from uuid import UUID

from koko_shared.errors import InvalidInput


def to_global_id(type_name: str, local_id: UUID | str) -> str:
    return base64.b64encode(f"{type_name}:{local_id}".encode()).decode()


def from_global_id(
    global_id: str, *, expected_type: str | None = None, field: str = "id"
) -> tuple[str, UUID]:
    """Decode a global id; a malformed id or one of another type is the client's mistake."""
    try:
        type_name, _, local = base64.b64decode(global_id, validate=True).decode().partition(":")
        local_id = UUID(local)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(
            "'{value}' is not a valid id", field=field, params={"value": global_id}
        ) from exc
    if expected_type is not None and type_name != expected_type:
        raise InvalidInput(
            "'{value}' is not the id of a {expected}",
            field=field,
            params={"value": global_id, "expected": expected_type},
        )
    return type_name, local_id


def local_id(global_id: str, expected_type: str, *, field: str = "id") -> UUID:
    return from_global_id(global_id, expected_type=expected_type, field=field)[1]

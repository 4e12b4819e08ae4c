"""Query and path parameters whose rules the OpenAPI document states exactly as the handlers
enforce them. The handlers keep their own checks (and their clear messages); `documented`
only writes the same rule into the schema, so generated clients and schemathesis know it. An
empty value counts as absent wherever a handler treats it so, and the patterns say that too.

Patterns are ECMA-262 (OpenAPI); the handlers match them in full (`fullmatch`), never with a
Python `$`, which would also accept a trailing newline."""

from __future__ import annotations

import re
from typing import Any

from fastapi import Query

# BCP 47 as Koko reads it: a primary subtag of 2-3 letters, subtags of 2-8 letters or digits.
LANGUAGE_TAG = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"
LANGUAGE_TAG_MAX_LENGTH = 35
# Amtlicher Regionalschlüssel: 12 digits, a state prefix 01-16.
ARS = "(0[1-9]|1[0-6])[0-9]{10}"
UUID = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
POSTCODE = "[0-9]{5}"
# A month Koko reports on: 2000-01 to 2100-12.
MONTH = "(20[0-9]{2}|2100)-(0[1-9]|1[0-2])"


def whole(pattern: str, *, empty: bool = False) -> str:
    """The pattern anchored for OpenAPI, optionally also matching the empty string."""
    return f"^({pattern})?$" if empty else f"^({pattern})$"


def matches(pattern: str, value: str) -> bool:
    return re.fullmatch(pattern, value) is not None


def documented(
    description: str,
    *,
    pattern: str | None = None,
    empty: bool = False,
    max_length: int | None = None,
    enum: list[str] | None = None,
    alias: str | None = None,
    **schema: Any,
) -> Any:
    """A `Query` whose schema carries the rule the handler checks (not validated by FastAPI, so
    the handler's own message and error field stay what clients see)."""
    extra: dict[str, Any] = dict(schema)
    if pattern is not None:
        extra["pattern"] = whole(pattern, empty=empty)
    if max_length is not None:
        extra["maxLength"] = max_length
    if enum is not None:
        extra["enum"] = [*enum, ""] if empty else enum
    return Query(description=description, alias=alias, json_schema_extra=extra or None)

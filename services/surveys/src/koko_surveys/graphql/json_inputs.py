"""Reading JSON arguments of mutations: multilingual texts and plain objects, with a typed
error naming the field when the value has the wrong shape."""

from __future__ import annotations

from typing import Any

from koko_shared.errors import InvalidInput


def texts(value: object, field: str) -> dict[str, str]:
    """A multilingual text given as JSON: {"de": "...", "en": "..."}."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidInput('expected texts by language, e.g. {"de": "..."}', field=field)
    return dict(value)


def json_object(value: object, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput("expected a JSON object", field=field)
    return dict(value)

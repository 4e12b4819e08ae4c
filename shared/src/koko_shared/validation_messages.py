"""pydantic's refusals of a REST request (a query parameter, a body field) as catalogue
messages: each error type, with its context (`min_length`, `ge`, `expected`, ...), maps to a
msgid of koko_shared's catalogues, so the per-field messages of a 422 problem are written in the
request language like the rest of the problem. A validator's own `InvalidValue` keeps its
message; a type not mapped here reads "is not a valid value" (pydantic's English is not
shown in one language and hidden in the others)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Error types whose message needs no parameter.
_PLAIN = {
    "missing": "this field is required",
    "extra_forbidden": "this field is not known",
    "string_pattern_mismatch": "does not have the expected form",
    "json_invalid": "is not valid JSON",
    "json_type": "is not valid JSON",
}
# Error types by the kind of value expected (`int_parsing`, `int_type`, `int_from_float`, ...).
_KINDS = {
    "int": "must be a whole number",
    "float": "must be a number",
    "decimal": "must be a number",
    "bool": "must be true or false",
    "string": "must be text",
    "date": "must be a date (YYYY-MM-DD)",
    "datetime": "must be a date and time (ISO 8601)",
    "uuid": "must be a UUID",
    "list": "must be a list",
    "tuple": "must be a list",
    "set": "must be a list",
    "dict": "must be an object",
    "model": "must be an object",
    "url": "must be a URL",
}
# Error types whose message names a bound from the context: (msgid, context key).
_BOUNDS = {
    "string_too_short": ("must have at least {limit} characters", "min_length"),
    "string_too_long": ("must have at most {limit} characters", "max_length"),
    "too_short": ("must have at least {limit} entries", "min_length"),
    "too_long": ("must have at most {limit} entries", "max_length"),
    "greater_than": ("must be greater than {limit}", "gt"),
    "greater_than_equal": ("must be at least {limit}", "ge"),
    "less_than": ("must be less than {limit}", "lt"),
    "less_than_equal": ("must be at most {limit}", "le"),
}
NOT_VALID = "is not a valid value"
# One of these messages after where in a larger document it is ("options.2: must be text"), for
# documents whose field errors name a path inside one field (a question spec of an instrument).
LOCATED = "{where}: {message}"
# Every msgid this module can give (the catalogue test checks each is translated).
MSGIDS = frozenset(
    {*_PLAIN.values(), *_KINDS.values(), *(m for m, _ in _BOUNDS.values())}
    | {"must be one of {expected}", NOT_VALID, LOCATED}
)


def message_of(error: Mapping[str, Any]) -> tuple[str, Mapping[str, object]]:
    """The msgid and parameters of one pydantic error (an item of `ValidationError.errors()`).
    A validator's own catalogue message (an `InvalidValue`: a msgid with its parameters) is
    kept."""
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    raised = context.get("error")
    msgid, params = getattr(raised, "msgid", None), getattr(raised, "params", None)
    if isinstance(msgid, str) and isinstance(params, Mapping):
        return msgid, params
    if kind in _PLAIN:
        return _PLAIN[kind], {}
    if kind in _BOUNDS:
        msgid, key = _BOUNDS[kind]
        if key in context:
            return msgid, {"limit": context[key]}
    if kind in ("enum", "literal_error") and "expected" in context:
        # pydantic joins the choices with an English "or": a list reads the same everywhere.
        return "must be one of {expected}", {
            "expected": str(context["expected"]).replace(" or ", ", ")
        }
    head, _, tail = kind.partition("_")
    if head in _KINDS and tail.startswith(("type", "parsing", "from")):
        return _KINDS[head], {}
    return NOT_VALID, {}

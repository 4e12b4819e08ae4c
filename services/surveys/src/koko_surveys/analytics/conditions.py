"""Indicator conditions stored with a study (JSON) and their translation into SQL over answers.

Forms: `{}` (everyone), `{"answered": q}`, `{"question": q, "equals": v}`,
`{"question": q, "in": [..]}`, `{"question": q, "op": ">=", "value": n}`,
`{"question": q, "selected": code}`, `{"all": [..]}`, `{"any": [..]}`, `{"not": {..}}`.
Question names are checked against a pattern and every value is a bound parameter."""

from __future__ import annotations

import re
from itertools import count
from typing import Any

from koko_shared.errors import InvalidInput

_QUESTION = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_OPERATORS = {"=", "!=", "<", "<=", ">", ">="}
MAX_DEPTH = 6


def validate_condition(condition: Any, *, field: str, depth: int = 0) -> None:
    """Raise InvalidInput when the condition is not one of the supported forms."""
    if depth > MAX_DEPTH:
        raise InvalidInput("condition nested too deeply", field=field)
    if not isinstance(condition, dict):
        raise InvalidInput("a condition is a JSON object", field=field)
    if not condition:
        return
    if "all" in condition or "any" in condition:
        parts = condition.get("all", condition.get("any"))
        if not isinstance(parts, list):
            raise InvalidInput("'all'/'any' take a list of conditions", field=field)
        for part in parts:
            validate_condition(part, field=field, depth=depth + 1)
        return
    if "not" in condition:
        validate_condition(condition["not"], field=field, depth=depth + 1)
        return
    question = condition.get("question", condition.get("answered"))
    if not isinstance(question, str) or not _QUESTION.match(question):
        raise InvalidInput("a condition names a 'question'", field=field)
    if "answered" in condition:
        return
    if "op" in condition:
        if condition["op"] not in _OPERATORS or not isinstance(
            condition.get("value"), (int, float)
        ):
            raise InvalidInput(
                "'op' is one of {operators} with a numeric 'value'",
                field=field,
                params={"operators": sorted(_OPERATORS)},
            )
        return
    if "in" in condition and isinstance(condition["in"], list):
        return
    if "equals" in condition or "selected" in condition:
        return
    raise InvalidInput("unsupported condition", field=field)


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_sql(
    condition: dict[str, Any],
    params: dict[str, Any],
    alias: str = "s",
    counter: count | None = None,
) -> str:  # type: ignore[type-arg]
    """SQL boolean expression for `condition`; its bound values are added to `params`."""
    counter = counter or count()

    def bind(value: Any) -> str:
        name = f"c{next(counter)}"
        params[name] = value
        return f":{name}"

    if not condition:
        return "TRUE"
    if "all" in condition:
        parts = [to_sql(c, params, alias, counter) for c in condition["all"]]
        return "(" + " AND ".join(parts or ["TRUE"]) + ")"
    if "any" in condition:
        parts = [to_sql(c, params, alias, counter) for c in condition["any"]]
        return "(" + " OR ".join(parts or ["FALSE"]) + ")"
    if "not" in condition:
        return f"(NOT coalesce({to_sql(condition['not'], params, alias, counter)}, FALSE))"
    if "answered" in condition:
        return f"({alias}.answers ? {bind(condition['answered'])})"
    question = bind(condition["question"])
    if "op" in condition:
        value = bind(float(condition["value"]))
        return (
            f"(jsonb_typeof({alias}.answers -> {question}) = 'number' AND "
            f"({alias}.answers ->> {question})::float8 {condition['op']} {value})"
        )
    if "in" in condition:
        values = bind([_value_text(v) for v in condition["in"]])
        return f"(({alias}.answers ->> {question}) = ANY(CAST({values} AS text[])))"
    if "selected" in condition:
        return f"(({alias}.answers -> {question}) ? {bind(str(condition['selected']))})"
    return f"(({alias}.answers ->> {question}) = {bind(_value_text(condition['equals']))})"

"""Turning mutation inputs into the values a service checks: fields the client left out are not
changed (strawberry UNSET), code-list values are matched case-insensitively (`WOMEN` and
`women` both name the code `women`), and null is refused where a column needs a value."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from strawberry import UNSET

from koko_offers.errors import Violations
from koko_offers.validation import camel


def given(
    source: object,
    names: Iterable[str],
    *,
    codes: Iterable[str] = (),
    required: Iterable[str] = (),
) -> dict[str, Any]:
    """{column: value} of the input fields the client sent."""
    code_names, required_names = set(codes), set(required)
    problems = Violations()
    values: dict[str, Any] = {}
    for name in names:
        value = getattr(source, name, UNSET)
        if value is UNSET:
            continue
        if value is None and name in required_names:
            problems.invalid(camel(name), "required")
            continue
        if name in code_names and value is not None:
            value = value.lower() if isinstance(value, str) else [v.lower() for v in value]
        values[name] = value
    problems.raise_if_any()
    return values


def is_given(value: object) -> bool:
    return value is not UNSET

"""Turning mutation inputs into the typed inputs a service checks: fields the client left out
are not changed (strawberry UNSET becomes `changes.UNSET`), code-list values are matched
case-insensitively (`WOMEN` and `women` both name the code `women`), and null is refused where a
column needs a value."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from strawberry import UNSET

from koko_offers.errors import Violations
from koko_offers.validation import camel, decode_id

_Typed = TypeVar("_Typed")


def given(
    source: object,
    typed: type[_Typed],
    *,
    codes: Iterable[str] = (),
    required: Iterable[str] = (),
    ids: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> _Typed:
    """The typed input (a dataclass) of the input fields the client sent; the fields it left
    out keep the dataclass's default (`changes.UNSET` in an update). `ids` names the fields
    holding a global id and the type it must name ({"parent_group_id": "WorkingGroup"}); `extra`
    the fields the caller converted itself (nested inputs), taken as they are."""
    code_names, required_names = set(codes), set(required)
    problems = Violations()
    values: dict[str, Any] = {}
    for field in dataclasses.fields(typed):  # type: ignore[arg-type]
        name = field.name
        if extra and name in extra:
            continue
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
    for name, type_name in (ids or {}).items():
        value = values.get(name)
        if isinstance(value, list):
            values[name] = [decode_id(item, type_name, camel(name)) for item in value]
        elif value is not None:
            values[name] = decode_id(value, type_name, camel(name))
    return typed(**values, **(extra or {}))


def is_given(value: object) -> bool:
    return value is not UNSET

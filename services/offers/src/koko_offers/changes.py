"""Typed inputs of catalogue writes: the marker of a field the client left out (kept as it is,
unlike null, which clears it), the one place that turns a typed input into column values, and the
one way to build a row's values after a change (for rules that span fields)."""

from __future__ import annotations

import dataclasses
import enum
from typing import TYPE_CHECKING, Any, Final, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_Value = TypeVar("_Value")
_Merged = TypeVar("_Merged", bound="DataclassInstance")


class Unset(enum.Enum):
    """A field the client did not send: the column stays as it is (null clears it)."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


def or_none(value: _Value | Unset) -> _Value | None:
    """The value, None when it was left out (for checks that skip an absent value)."""
    return None if value is UNSET else value


def columns(typed_input: Any) -> dict[str, Any]:
    """{column: value} of the fields of a typed input (a dataclass) that were given."""
    return {
        field.name: value
        for field in dataclasses.fields(typed_input)
        if (value := getattr(typed_input, field.name)) is not UNSET
    }


def values_of(kind: type[_Merged], source: object) -> _Merged:
    """`kind` (a frozen dataclass of column values) read from `source`: a stored row or a typed
    create input, attribute by attribute."""
    return kind(**{field.name: getattr(source, field.name) for field in dataclasses.fields(kind)})


def merged(kind: type[_Merged], stored: object, change: Any) -> _Merged:
    """`kind` of the stored row after `change` (a typed input): a field the change gives
    replaces the stored value, one it leaves out (UNSET) keeps it."""
    given = columns(change)
    names = {field.name for field in dataclasses.fields(kind)}
    return dataclasses.replace(
        values_of(kind, stored), **{name: value for name, value in given.items() if name in names}
    )

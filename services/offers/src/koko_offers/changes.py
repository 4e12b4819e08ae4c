"""Typed inputs of catalogue writes: the marker of a field the client left out (kept as it is,
unlike null, which clears it), and the one place that turns a typed input into column values."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any, Final, TypeVar

_Value = TypeVar("_Value")


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

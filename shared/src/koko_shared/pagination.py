"""Relay keyset pagination: opaque cursors that encode the sort key, `first` at most 100."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson
from sqlalchemy import ColumnElement, and_, or_, tuple_

from koko_shared.errors import InvalidInput

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

T = TypeVar("T")


def encode_cursor(key: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(key), default=str)).decode().rstrip("=")


def decode_cursor(cursor: str, *, arity: int) -> list[Any]:
    try:
        key = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, orjson.JSONDecodeError) as exc:
        raise InvalidInput("cursor is not valid", field="after") from exc
    if not isinstance(key, list) or len(key) != arity:
        raise InvalidInput("cursor is not valid for this ordering", field="after")
    return key


def decode_typed_cursor(cursor: str, *types: Callable[[Any], Any]) -> list[Any]:
    """A cursor's sort key with each value converted back by `types` (e.g. `date.fromisoformat`,
    `UUID`), since JSON keeps only strings and numbers."""
    raw = decode_cursor(cursor, arity=len(types))
    try:
        return [convert(value) for convert, value in zip(types, raw, strict=True)]
    except (TypeError, ValueError, AttributeError) as exc:
        raise InvalidInput("cursor is not valid for this ordering", field="after") from exc


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if first < 0:
        raise InvalidInput("first must not be negative", field="first")
    if first > MAX_PAGE_SIZE:
        raise InvalidInput(f"first must be at most {MAX_PAGE_SIZE}", field="first")
    return first


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of rows with the sort key of each row, fetched as `first + 1` rows."""

    rows: list[T]
    keys: list[Sequence[Any]]
    has_next_page: bool

    @classmethod
    def from_overfetch(cls, rows: list[T], keys: list[Sequence[Any]], first: int) -> Page[T]:
        return cls(rows=rows[:first], keys=keys[:first], has_next_page=len(rows) > first)

    @property
    def cursors(self) -> list[str]:
        return [encode_cursor(k) for k in self.keys]

    @property
    def end_cursor(self) -> str | None:
        return encode_cursor(self.keys[-1]) if self.keys else None


def keyset_after(
    columns: Sequence[Any], values: Sequence[Any], descending: Sequence[bool]
) -> ColumnElement[bool]:
    """The rows strictly after `values` in the order of `columns` (each ascending or descending).
    One direction for all columns gives a row comparison `(a, b) > (va, vb)`, which an index on
    `(a, b)` serves; mixed directions give `(a > va) OR (a = va AND b > vb) OR ...`."""
    if len(set(descending)) == 1:
        row, after = tuple_(*columns), tuple_(*values)
        return row < after if descending[0] else row > after
    alternatives: list[ColumnElement[bool]] = []
    for index, (column, value, desc) in enumerate(zip(columns, values, descending, strict=True)):
        equal_before = [c == v for c, v in zip(columns[:index], values[:index], strict=True)]
        beyond = column < value if desc else column > value
        alternatives.append(and_(*equal_before, beyond))
    return or_(*alternatives)

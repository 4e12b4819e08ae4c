"""Relay keyset pagination: opaque cursors that encode the sort key, forwards (`first`/`after`)
and backwards (`last`/`before`), at most 100 per page."""

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


def decode_cursor(cursor: str, *, arity: int, field: str = "after") -> list[Any]:
    try:
        key = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, orjson.JSONDecodeError) as exc:
        raise InvalidInput(
            "{field}: cursor is not valid", field=field, params={"field": field}
        ) from exc
    if not isinstance(key, list) or len(key) != arity:
        raise InvalidInput(
            "{field}: cursor is not valid for this ordering", field=field, params={"field": field}
        )
    return key


def decode_typed_cursor(
    cursor: str, *types: Callable[[Any], Any], field: str = "after"
) -> list[Any]:
    """A cursor's sort key with each value converted back by `types` (e.g. `date.fromisoformat`,
    `UUID`), since JSON keeps only strings and numbers."""
    raw = decode_cursor(cursor, arity=len(types), field=field)
    try:
        return [convert(value) for convert, value in zip(types, raw, strict=True)]
    except (TypeError, ValueError, AttributeError) as exc:
        raise InvalidInput(
            "{field}: cursor is not valid for this ordering", field=field, params={"field": field}
        ) from exc


def page_size(first: int | None, *, field: str = "first") -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if first < 0:
        raise InvalidInput("{field} must not be negative", field=field, params={"field": field})
    if first > MAX_PAGE_SIZE:
        raise InvalidInput(
            "{field} must be at most {limit}",
            field=field,
            params={"field": field, "limit": MAX_PAGE_SIZE},
        )
    return first


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Which page a client asked for: `size` rows after `cursor` (forwards), or the `size` rows
    just before it (backwards; without a cursor, the last rows)."""

    size: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None
    backward: bool = False

    @property
    def cursor_field(self) -> str:
        return "before" if self.backward else "after"

    def decode(self, *types: Callable[[Any], Any]) -> list[Any] | None:
        """The cursor's sort key, converted by `types`; None without a cursor."""
        if self.cursor is None:
            return None
        return decode_typed_cursor(self.cursor, *types, field=self.cursor_field)


def page_request(
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> PageRequest:
    """The Relay arguments as one request: `first`/`after` page forwards, `last`/`before`
    backwards; each at most 100. Mixing the directions is refused (one clear error) rather
    than guessed."""
    if first is not None and last is not None:
        raise InvalidInput("give either first or last, not both", field="last")
    if after is not None and before is not None:
        raise InvalidInput("give either after or before, not both", field="before")
    if last is not None or before is not None:
        if first is not None:
            raise InvalidInput("first pages forwards: use last with before", field="first")
        if after is not None:
            raise InvalidInput("after pages forwards: use first with after", field="after")
        return PageRequest(size=page_size(last, field="last"), cursor=before, backward=True)
    return PageRequest(size=page_size(first), cursor=after)


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of rows with the sort key of each row, in the order of the sort key, fetched
    as one row more than the page (in reverse order when paging backwards)."""

    rows: list[T]
    keys: list[Sequence[Any]]
    has_next_page: bool
    has_previous_page: bool = False

    @classmethod
    def from_overfetch(
        cls, rows: list[T], keys: Sequence[Sequence[Any]], request: PageRequest | int
    ) -> Page[T]:
        """The page from rows fetched after (or, backwards, before) the cursor. Rows beyond
        the cursor exist when a cursor was given (it names a row), as the Relay spec allows."""
        if isinstance(request, int):
            request = PageRequest(size=request)
        size, beyond = request.size, len(rows) > request.size
        if request.backward:
            return cls(
                rows=rows[:size][::-1],
                keys=list(keys[:size])[::-1],
                has_next_page=request.cursor is not None,
                has_previous_page=beyond,
            )
        return cls(
            rows=rows[:size],
            keys=list(keys[:size]),
            has_next_page=beyond,
            has_previous_page=request.cursor is not None,
        )

    @property
    def cursors(self) -> list[str]:
        return [encode_cursor(k) for k in self.keys]

    @property
    def start_cursor(self) -> str | None:
        return encode_cursor(self.keys[0]) if self.keys else None

    @property
    def end_cursor(self) -> str | None:
        return encode_cursor(self.keys[-1]) if self.keys else None


def keyset_page(
    query: Any,
    columns: Sequence[Any],
    descending: Sequence[bool],
    request: PageRequest,
    values: Sequence[Any] | None,
) -> Any:
    """`query` narrowed to the rows beyond the cursor `values` and ordered by `columns`, one
    row more than a page. Backwards, every direction flips: the rows just before the cursor
    come first, nearest first (`Page.from_overfetch` puts them back in order)."""
    directions = [desc != request.backward for desc in descending]
    if values is not None:
        query = query.where(keyset_after(columns, values, directions))
    order = [c.desc() if desc else c.asc() for c, desc in zip(columns, directions, strict=True)]
    return query.order_by(*order).limit(request.size + 1)


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

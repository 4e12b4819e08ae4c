"""The one page shape of Koko's REST lists (HSDS keeps its own, as its standard defines):
`{"items": [...], "nextCursor": "..."}`, asked for with `first` (1-100, default 20) and
`after` (the previous page's `nextCursor`); `nextCursor` is null on the last page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Query

from koko_shared.pagination import MAX_PAGE_SIZE, Page, PageRequest, page_request

T = TypeVar("T")

First = Annotated[int | None, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size (default 20).")]
After = Annotated[
    str | None, Query(max_length=200, description="`nextCursor` of the previous page.")
]


def rest_request(first: int | None, after: str | None) -> PageRequest:
    """The page a REST client asked for (forwards only)."""
    return page_request(first, after)


def rest_page(page: Page[T], item: Callable[[T], Any]) -> dict[str, Any]:
    """A page of rows as the REST page body, each row turned into its item by `item`."""
    return {
        "items": [item(row) for row in page.rows],
        "nextCursor": page.end_cursor if page.has_next_page else None,
    }

"""One Relay connection for every list that can grow: `Connection[Node]` and `Edge[Node]` are
named `<Node>Connection` and `<Node>Edge` in the schema (Strawberry names specialised generics
after their argument), so a new list needs no hand-written classes, only its node type. A list
with fields of its own (a total, a setting it was read with) subclasses `Connection[ItsNode]`
with them and is built by the same `of`, the extra fields as keywords."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar

import strawberry

from koko_shared.graphql.schema import PageInfo
from koko_shared.pagination import Page

Node = TypeVar("Node")
Row = TypeVar("Row")


@strawberry.type(description="An item of a page, with its cursor.")
class Edge(Generic[Node]):
    cursor: str = strawberry.field(description="Opaque position in the list.")
    node: Node = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list (Relay connection).")
class Connection(Generic[Node]):
    edges: list[Edge[Node]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page lies in the whole list.")

    @classmethod
    def of(cls, page: Page[Any], node: Callable[[Any], Node], **fields: Any) -> Self:
        """The page's rows as edges, each turned into its node by `node`; `fields` are a
        subclass's own fields."""
        return cls(
            edges=[
                Edge(cursor=cursor, node=node(row))
                for row, cursor in zip(page.rows, page.cursors, strict=True)
            ],
            page_info=PageInfo.of(page),
            **fields,
        )

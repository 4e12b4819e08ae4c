"""A field whose type is named by module and name (`NamedType`) prints and resolves as the
type itself would."""

from __future__ import annotations

import pytest
import strawberry

from koko_shared.graphql.named_types import NamedType

CHILD = NamedType("Child", __name__)
MISSING = NamedType("Missing", __name__)


@strawberry.type
class Child:
    name: str

    @classmethod
    def from_row(cls, row: str) -> Child:
        return cls(name=row)


@strawberry.type
class Parent:
    @strawberry.field(graphql_type=CHILD.many)
    def children(self) -> list[object]:
        return [CHILD.resolved().from_row(row) for row in ("a", "b")]

    @strawberry.field(graphql_type=CHILD.one)
    def eldest(self) -> object | None:
        return CHILD.resolved().from_row("a")

    @strawberry.field(graphql_type=CHILD.one)
    def none(self) -> object | None:
        return None


@strawberry.type
class Query:
    @strawberry.field
    def parent(self) -> Parent:
        return Parent()


def test_a_named_type_prints_as_a_list_or_a_nullable_field_of_the_type() -> None:
    sdl = strawberry.Schema(query=Query).as_str()
    assert "children: [Child!]!" in sdl
    assert "eldest: Child\n" in sdl
    assert "type Child {\n  name: String!\n}" in sdl


def test_a_named_type_resolves_to_the_types_objects() -> None:
    result = strawberry.Schema(query=Query).execute_sync(
        "{ parent { children { name } eldest { name } none { name } } }"
    )
    assert result.errors is None
    parent = {"children": [{"name": "a"}, {"name": "b"}], "eldest": {"name": "a"}, "none": None}
    assert result.data == {"parent": parent}


@strawberry.type
class Broken:
    @strawberry.field(graphql_type=MISSING.one)
    def missing(self) -> object | None:
        return None


@strawberry.type
class BrokenQuery:
    broken: Broken


def test_a_name_the_module_does_not_define_fails_when_the_schema_is_built() -> None:
    with pytest.raises(TypeError, match=r"Broken fields cannot be resolved\. 'Missing'"):
        strawberry.Schema(query=BrokenQuery)

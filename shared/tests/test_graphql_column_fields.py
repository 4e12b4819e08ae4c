"""Fields that are a plain attribute are completed without graphql-core's per-field machinery
(koko_shared.graphql.column_fields) and answer exactly as through it: values, nulls, enums,
custom scalars, and the errors (message and path) of a null in a non-null field or of a value
that does not coerce. Fields with a resolver, arguments or a permission go the ordinary way."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

import strawberry
from strawberry.permission import BasePermission

from koko_shared.graphql.column_fields import ColumnFieldsContext, serve_column_fields


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


class Nobody(BasePermission):
    message = "not for you"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return False


@strawberry.type
class Thing:
    id: strawberry.ID
    name: str
    nickname: str | None
    size: int
    colour: Colour
    since: date | None
    secret: str = strawberry.field(permission_classes=[Nobody])

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()


@strawberry.type
class Query:
    things: list[Thing]
    broken: list[Thing | None]


def _thing(index: int, **changes: Any) -> Thing:
    values: dict[str, Any] = {
        "id": strawberry.ID(f"t{index}"),
        "name": f"thing {index}",
        "nickname": None if index % 2 else f"t{index}",
        "size": index,
        "colour": Colour.RED if index % 2 else Colour.BLUE,
        "since": date(2026, 1, index + 1) if index else None,
        "secret": "s",
    }
    return Thing(**{**values, **changes})


ROOT = Query(
    things=[_thing(i) for i in range(3)],
    broken=[_thing(0, name=None), _thing(1, size="many"), _thing(2)],
)

QUERY = "{ things { id name nickname size colour since shout alias: name } }"
BROKEN = "{ broken { id name size } }"
SECRET = "{ things { name secret } }"


def _schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    plain = strawberry.Schema(query=Query)
    served = strawberry.Schema(query=Query)
    serve_column_fields(served)
    return plain, served


async def _both(query: str) -> tuple[Any, Any]:
    plain, served = _schemas()
    first = await plain.execute(query, root_value=ROOT)
    second = await served.execute(query, root_value=ROOT)
    return first, second


async def test_values_as_through_graphql_core() -> None:
    plain, served = await _both(QUERY)
    assert served.errors is None
    assert served.data == plain.data
    assert served.data["things"][1] == {
        "id": "t1",
        "name": "thing 1",
        "nickname": None,
        "size": 1,
        "colour": "RED",
        "since": "2026-01-02",
        "shout": "THING 1",
        "alias": "thing 1",
    }


async def test_errors_as_through_graphql_core() -> None:
    plain, served = await _both(BROKEN)
    assert served.data == plain.data
    assert [(e.message, e.path) for e in served.errors or []] == [
        (e.message, e.path) for e in plain.errors or []
    ]
    assert [e.path for e in served.errors or []] == [["broken", 0, "name"], ["broken", 1, "size"]]


async def test_a_permission_still_applies() -> None:
    plain, served = await _both(SECRET)
    assert served.data == plain.data is None
    assert [e.message for e in served.errors or []] == ["not for you"]


async def test_column_fields_skip_the_resolve_info(monkeypatch: Any) -> None:
    asked: list[str] = []
    original = ColumnFieldsContext.build_resolve_info

    def counting(self: Any, field_def: Any, field_nodes: Any, *args: Any) -> Any:
        asked.append(field_nodes[0].name.value)
        return original(self, field_def, field_nodes, *args)

    monkeypatch.setattr(ColumnFieldsContext, "build_resolve_info", counting)
    _, served = _schemas()
    result = await served.execute(QUERY, root_value=ROOT)
    assert result.errors is None
    # the list and the resolver field only; never a column
    assert sorted(set(asked)) == ["shout", "things"]


def test_which_fields_are_columns() -> None:
    _, served = _schemas()
    columns = served.execution_context_class.columns  # type: ignore[attr-defined]
    assert sorted(name for type_name, name in columns if type_name == "Thing") == [
        "colour",
        "id",
        "name",
        "nickname",
        "since",
        "size",
    ]

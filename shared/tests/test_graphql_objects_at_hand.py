"""Objects at hand (an instance of exactly the Python class of the field's object type) are
completed without graphql-core's type dispatch and Strawberry's `is_type_of`
(koko_shared.graphql.column_fields) and answer exactly as through them: nested objects, lists,
nulls, types with an interface. What the check refuses is still refused: an object of another
class, an object cast to another type, a type with an `is_type_of` of its own."""

from __future__ import annotations

from typing import Any

import strawberry

from koko_shared.graphql.column_fields import serve_column_fields


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Person(Named):
    age: int


@strawberry.type
class Place:
    city: str
    owner: Person | None


@strawberry.type
class Impostor:
    name: str
    age: int


@strawberry.type
class Picky:
    city: str

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, cls) and obj.city == "Tuesday"


@strawberry.type
class Query:
    @strawberry.field
    def places(self) -> list[Place]:
        return [
            Place(city="Magdeburg", owner=Person(name="Ada", age=36)),
            Place(city="Halle", owner=None),
        ]

    @strawberry.field
    def person(self) -> Person:
        return Person(name="Bea", age=41)

    @strawberry.field
    def wrong(self) -> Person:
        return Impostor(name="Eve", age=1)  # type: ignore[return-value]

    @strawberry.field
    def cast_away(self) -> Person | None:
        return strawberry.cast(Place, Person(name="Cy", age=2))

    @strawberry.field
    def pickies(self) -> list[Picky | None]:
        return [Picky(city="Tuesday"), Picky(city="Monday")]


QUERY = "{ places { city owner { name age } } person { name age } }"


def _schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    plain = strawberry.Schema(query=Query, types=[Person])
    served = strawberry.Schema(query=Query, types=[Person])
    serve_column_fields(served)
    return plain, served


async def _both(query: str) -> tuple[Any, Any]:
    plain, served = _schemas()
    return await plain.execute(query), await served.execute(query)


def _errors(result: Any) -> list[tuple[str, Any]]:
    return [(e.message, e.path) for e in result.errors or []]


async def test_values_as_through_graphql_core() -> None:
    plain, served = await _both(QUERY)
    assert served.errors is None
    assert served.data == plain.data
    assert served.data["places"][0]["owner"] == {"name": "Ada", "age": 36}
    assert served.data["places"][1]["owner"] is None


async def test_objects_at_hand_skip_the_type_check(monkeypatch: Any) -> None:
    # given: the served schema's context counting graphql-core's object completions
    _, served = _schemas()
    context_class: Any = served.execution_context_class
    completed: list[str] = []
    original = context_class.complete_object_value

    def counting(self: Any, return_type: Any, *args: Any) -> Any:
        completed.append(return_type.name)
        return original(self, return_type, *args)

    monkeypatch.setattr(context_class, "complete_object_value", counting)
    # when
    result = await served.execute(QUERY)
    # then: the places, their owner and the person were completed directly
    assert result.errors is None
    assert completed == []


async def test_an_object_of_another_class_is_still_refused() -> None:
    plain, served = await _both("{ wrong { name } }")
    assert served.data == plain.data is None
    assert _errors(served) == _errors(plain)
    assert _errors(served) == [
        ("Expected value of type 'Person' but got: <Impostor instance>.", ["wrong"])
    ]


async def test_an_object_cast_to_another_type_is_still_refused() -> None:
    plain, served = await _both("{ castAway { name } }")
    assert served.data == plain.data == {"castAway": None}
    assert _errors(served) == _errors(plain)
    assert [path for _, path in _errors(served)] == [["castAway"]]


async def test_a_type_with_its_own_check_is_still_checked() -> None:
    plain, served = await _both("{ pickies { city } }")
    assert served.data == plain.data == {"pickies": [{"city": "Tuesday"}, None]}
    assert _errors(served) == _errors(plain)
    assert [path for _, path in _errors(served)] == [["pickies", 1]]

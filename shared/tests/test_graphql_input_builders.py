"""An input type built in one step (koko_shared.graphql.input_builders) is the same value
Strawberry's field-by-field conversion builds, with the same errors, and costs one conversion
call instead of one per field."""

from dataclasses import asdict
from datetime import date
from enum import Enum
from unittest import mock

import pytest
import strawberry
from strawberry.types import arguments

from koko_shared.graphql.input_builders import build_directly


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


def inputs() -> tuple[type, type]:
    @strawberry.input
    class Window:
        from_: date | None = strawberry.field(name="from", default=None)
        to: date | None = None

    @strawberry.input
    class Filter:
        search: str | None = None
        codes: list[str] | None = None
        colours: list[Colour] | None = None
        colour: Colour | None = None
        ids: list[strawberry.ID] | None = None
        flag: bool | None = None
        radius: float = 5.0
        window: Window | None = None
        windows: list[Window] | None = None

    return Filter, Window


def schema_with(filter_type: type) -> strawberry.Schema:
    @strawberry.type
    class Query:
        @strawberry.field
        def echo(self, filter: filter_type | None = None) -> str:  # type: ignore[valid-type]
            return repr(asdict(filter)) if filter is not None else "none"

    return strawberry.Schema(query=Query)


PLAIN, _ = inputs()
DIRECT, DIRECT_WINDOW = inputs()
build_directly(DIRECT)
build_directly(DIRECT_WINDOW)

FILTERS = [
    "{}",
    '{search: "Kurs", codes: ["a", "b"], colours: [RED, BLUE], colour: BLUE, ids: ["x"]}',
    '{flag: false, radius: 2.5, window: {from: "2026-01-02"}, windows: [{to: "2026-02-03"}]}',
    "{search: null, colours: null, window: null}",
]


@pytest.mark.parametrize("given", FILTERS)
def test_the_value_is_the_one_strawberry_builds(given: str) -> None:
    query = f"{{ echo(filter: {given}) }}"
    plain = schema_with(PLAIN).execute_sync(query)
    direct = schema_with(DIRECT).execute_sync(query)
    assert plain.errors is None and direct.errors is None, (plain.errors, direct.errors)
    assert direct.data == plain.data


def test_variables_and_their_defaults_too() -> None:
    query = 'query ($f: Filter = {codes: ["z"], colours: [RED]}) { echo(filter: $f) }'
    for variables in (None, {"f": {"colours": ["BLUE"], "window": {"to": "2026-03-04"}}}):
        plain = schema_with(PLAIN).execute_sync(query, variable_values=variables)
        direct = schema_with(DIRECT).execute_sync(query, variable_values=variables)
        assert direct.errors is None and direct.data == plain.data


def test_errors_are_the_same() -> None:
    for query in ("{ echo(filter: {colours: [GREEN]}) }", '{ echo(filter: {radius: "x"}) }'):
        plain = schema_with(PLAIN).execute_sync(query)
        direct = schema_with(DIRECT).execute_sync(query)
        assert direct.errors and plain.errors
        assert [e.message for e in direct.errors] == [e.message for e in plain.errors]


def test_one_conversion_call_instead_of_one_per_field() -> None:
    query = '{ echo(filter: {search: "Kurs", codes: ["a"], colours: [RED], flag: true}) }'
    counts: dict[str, int] = {}
    for name, filter_type in (("plain", PLAIN), ("direct", DIRECT)):
        schema = schema_with(filter_type)
        with mock.patch.object(
            arguments, "convert_argument", wraps=arguments.convert_argument
        ) as convert:
            assert schema.execute_sync(query).errors is None
        counts[name] = convert.call_count
    # the argument, then its type inside `Filter | None`
    assert counts["direct"] == 2 and counts["plain"] > 10, counts


def test_a_type_strawberry_builds_otherwise_is_refused() -> None:
    @strawberry.type
    class Output:
        name: str

    with pytest.raises(TypeError):
        build_directly(Output)
    with pytest.raises(TypeError):
        build_directly(DIRECT)  # already built directly

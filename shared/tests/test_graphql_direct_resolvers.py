"""Resolver fields called by graphql-core directly answer as through Strawberry's wrapper, and a
field the direct path could serve differently is refused when the schema is built."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
import strawberry
from strawberry.permission import BasePermission
from strawberry.schema import schema_converter
from strawberry.types import Info

from koko_shared.graphql.direct_resolvers import resolve_directly


@strawberry.type
class Thing:
    label: str

    @strawberry.field
    def greeting(self, info: Info[dict[str, str], None], lang: str | None = None) -> str:
        assert isinstance(info, Info)
        return f"{info.context['hello']} {self.label} ({lang or info.context['lang']})"

    @strawberry.field
    async def shout(self, times: int = 1, loud_voice: bool = False) -> str:
        return (self.label.upper() if loud_voice else self.label) * times

    @strawberry.field
    def maybe_later(self, info: Info[dict[str, str], None]) -> str:
        async def later() -> str:
            return "later"

        return later() if self.label == "b" else "now"  # type: ignore[return-value]


@strawberry.type
class Query:
    things: list[Thing]


ROOT = Query(things=[Thing(label="a"), Thing(label="b")])


QUERY = """{ things { label greeting lang: greeting(lang: "ar") shout(times: 2, loudVoice: true)
    maybeLater } }"""
EXPECTED = {
    "things": [
        {
            "label": "a",
            "greeting": "hi a (de)",
            "lang": "hi a (ar)",
            "shout": "AA",
            "maybeLater": "now",
        },
        {
            "label": "b",
            "greeting": "hi b (de)",
            "lang": "hi b (ar)",
            "shout": "BB",
            "maybeLater": "later",
        },
    ]
}
CONTEXT = {"hello": "hi", "lang": "de"}


async def test_direct_resolvers_answer_as_strawberry_does(monkeypatch: pytest.MonkeyPatch) -> None:
    # given the same schema served through Strawberry's wrapper and directly
    wrapped = strawberry.Schema(query=Query)
    direct = strawberry.Schema(query=Query)
    resolve_directly(direct, "Thing")

    # then both give the same answer
    through_wrapper = await wrapped.execute(QUERY, root_value=ROOT, context_value=CONTEXT)
    assert through_wrapper.errors is None and through_wrapper.data == EXPECTED

    # when Strawberry's per-field argument handling is broken, the direct fields do not notice
    def broken(**_: Any) -> Any:
        raise AssertionError("Strawberry's wrapper was called")

    monkeypatch.setattr(schema_converter, "get_arguments", broken)
    directly = await direct.execute(QUERY, root_value=ROOT, context_value=CONTEXT)
    assert directly.errors is None and directly.data == EXPECTED
    # ... while the schema that wraps them does
    assert (await wrapped.execute(QUERY, root_value=ROOT, context_value=CONTEXT)).errors


class Mood(Enum):
    HAPPY = "happy"


class Nobody(BasePermission):
    message = "no"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return False


@strawberry.type
class WithEnumArgument:
    @strawberry.field
    def feeling(self, mood: Mood) -> str:
        return mood.value


@strawberry.type
class WithPermission:
    @strawberry.field(permission_classes=[Nobody])
    def secret(self) -> str:
        return "secret"


@strawberry.type
class Refused:
    enum_argument: WithEnumArgument
    permission: WithPermission


@pytest.mark.parametrize(
    ("type_name", "problem"),
    [("WithEnumArgument", "argument mood"), ("WithPermission", "field extensions")],
)
def test_fields_strawberry_must_wrap_are_refused(type_name: str, problem: str) -> None:
    schema = strawberry.Schema(query=Refused)
    with pytest.raises(TypeError, match=problem):
        resolve_directly(schema, type_name)

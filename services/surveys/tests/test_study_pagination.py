"""The `studies` connection pages both ways (Relay): a backward walk returns the forward walk's
studies in reverse, with `hasPreviousPage`/`startCursor` set as the spec says."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .conftest import create_setup, graphql_data

PAGE = """query ($first: Int, $after: String, $last: Int, $before: String) {
  studies(first: $first, after: $after, last: $last, before: $before) {
    edges { node { code } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  } }"""


async def _walk(client: httpx.AsyncClient, headers: dict[str, str], *, backward: bool) -> list[str]:
    codes: list[str] = []
    cursor: str | None = None
    for _ in range(20):
        variables: dict[str, Any] = (
            {"last": 2, "before": cursor} if backward else {"first": 2, "after": cursor}
        )
        page = (await graphql_data(client, PAGE, variables, headers))["studies"]
        names = [e["node"]["code"] for e in page["edges"]]
        info = page["pageInfo"]
        codes = names + codes if backward else codes + names
        more = info["hasPreviousPage"] if backward else info["hasNextPage"]
        if not more:
            return codes
        cursor = info["startCursor"] if backward else info["endCursor"]
    raise AssertionError("the walk did not end")


async def test_a_backward_walk_returns_the_forward_walk_in_the_same_order(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    analyst: dict[str, str],
) -> None:
    # given five studies the analyst may see (more than two pages of two)
    for _ in range(5):
        await create_setup(sessionmaker)
    # when
    forward = await _walk(client, analyst, backward=False)
    backward = await _walk(client, analyst, backward=True)
    # then
    assert len(forward) >= 5
    assert backward == forward
    assert forward == sorted(forward)


async def test_first_and_last_together_are_one_clear_error(
    client: httpx.AsyncClient, analyst: dict[str, str]
) -> None:
    # when
    response = await client.post(
        "/graphql", json={"query": PAGE, "variables": {"first": 2, "last": 2}}, headers=analyst
    )
    # then
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "first or last" in error["message"]


async def test_a_cursor_that_is_none_is_refused_in_the_request_language(
    client: httpx.AsyncClient,
) -> None:
    # when: a made-up cursor, forwards and backwards, asked in German, Arabic and English
    answers = {}
    for language, variables in (
        ("de", {"first": 2, "after": "nope"}),
        ("ar", {"last": 2, "before": "nope"}),
        ("en", {"first": 2, "after": "nope"}),
    ):
        response = await client.post(
            "/graphql",
            json={"query": PAGE, "variables": variables},
            headers={"accept-language": language},
        )
        answers[language] = response.json()["errors"][0]["message"]
    # then: the shared paging rule speaks the caller's language, naming the argument
    assert answers == {
        "de": "after: Cursor ist ungültig",
        "ar": "before: المؤشر غير صالح",
        "en": "after: cursor is not valid",
    }

"""Round trips to the database per page of offers, as the service runs (sessions of its engine,
not a test's rolled-back connection): an anonymous finder's page is one statement with its
relations and no transaction block around it (koko_shared.database.statement_sessions); a
signed-in caller's request keeps its transaction; a filter beyond region and status needs no
settings of its own (the database plans every statement with its values, migration 0020)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import asyncpg
import httpx
import pytest
from asyncpg.prepared_stmt import PreparedStatement

from koko_offers.app import SPEC
from koko_offers.settings import OffersSettings
from koko_shared.auth.actor import Role
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.demo_regions import MAGDEBURG
from koko_shared.testing.database import fresh_database
from koko_shared.testing.identity import TestTokens

from .conftest import Given, app_client
from .test_offer_page_relations import FINDER_NODE, twenty_offers

PAGE = (
    f'{{ offers(first: 20, filter: {{regionArs: "{MAGDEBURG}"}}) '
    f"{{ edges {{ node {{ {FINDER_NODE} }} }} }} }}"
)


@pytest.fixture
async def served(settings: OffersSettings) -> AsyncIterator[httpx.AsyncClient]:
    """The app on a database of its own holding 20 committed offers, with the sessions the
    service makes in production."""
    async with fresh_database("offers_round_trips", SPEC.migrations_dir) as url:
        engine = create_engine(url, pool_size=1)
        maker = create_sessionmaker(engine)
        try:
            async with maker() as session, session.begin():
                await twenty_offers(Given(session))
            async with app_client(settings, engine, url) as client:
                yield client
        finally:
            await engine.dispose()


@contextmanager
def round_trips() -> Iterator[list[str]]:
    """What the driver sends, one entry per round trip: simple queries (BEGIN, COMMIT, ...),
    preparations of statements it has not prepared on this connection yet, executions."""
    sent: list[str] = []
    patch = pytest.MonkeyPatch()

    def counted(method: Any, kind: str, sql: Any) -> Any:
        async def call(self: Any, *args: Any, **kwargs: Any) -> Any:
            sent.append(f"{kind} {sql(self, args)}")
            return await method(self, *args, **kwargs)

        return call

    patch.setattr(
        asyncpg.Connection,
        "execute",
        counted(asyncpg.Connection.execute, "query", lambda _, args: args[0]),
    )
    patch.setattr(
        asyncpg.Connection,
        "prepare",
        counted(asyncpg.Connection.prepare, "prepare", lambda _, args: args[0][:60]),
    )
    patch.setattr(
        PreparedStatement,
        "fetch",
        counted(PreparedStatement.fetch, "execute", lambda self, _: self.get_query()[:60]),
    )
    try:
        yield sent
    finally:
        patch.undo()


async def _page(
    client: httpx.AsyncClient, query: str = PAGE, headers: dict[str, str] | None = None
) -> tuple[dict[str, Any], list[str]]:
    await client.post("/graphql", json={"query": query}, headers=headers)  # statements prepared
    with round_trips() as sent:
        response = await client.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body, sent


async def test_an_anonymous_finder_page_is_one_round_trip(served: httpx.AsyncClient) -> None:
    # when a page of 20 offers with their providers, locations and next starts is asked for
    body, sent = await _page(served)
    # then it is one statement, without BEGIN and COMMIT around it
    assert len(body["data"]["offers"]["edges"]) == 20
    assert len(sent) == 1, sent
    assert sent[0].startswith("execute SELECT page.id"), sent


async def test_a_signed_in_callers_page_keeps_its_transaction(
    served: httpx.AsyncClient, tokens: TestTokens
) -> None:
    # when a coordinator (who may read what they just wrote) asks for the same page
    body, sent = await _page(served, headers=tokens.for_role(Role.COORDINATOR, MAGDEBURG))
    # then the page is still one statement, inside the request's transaction
    assert len(body["data"]["offers"]["edges"]) == 20
    assert _kinds(sent) == [("query", "BEGIN"), ("execute", "SELECT"), ("query", "COMMIT")], sent


async def test_a_filter_planned_with_its_values_is_one_round_trip(
    served: httpx.AsyncClient,
) -> None:
    # when an anonymous caller's filter goes beyond region and status (how many offers it
    # selects depends on its values)
    query = PAGE.replace(f'regionArs: "{MAGDEBURG}"', f'regionArs: "{MAGDEBURG}", childcare: false')
    body, sent = await _page(served, query)
    # then the page is one statement as well: planned with its values by the database's
    # default (migration 0020), no transaction-local settings and so no block around it
    assert len(body["data"]["offers"]["edges"]) == 20
    assert _kinds(sent) == [("execute", "SELECT")], sent
    assert sent[0].startswith("execute SELECT page.id"), sent


def _kinds(sent: list[str]) -> list[tuple[str, str]]:
    """Each round trip's kind and first word of SQL."""
    return [(entry.split()[0], entry.split()[1].rstrip(";")) for entry in sent]


async def test_the_page_its_count_and_its_facets_of_a_filter_are_three_statements(
    served: httpx.AsyncClient,
) -> None:
    # when a finder asks for a page, its count and its facets of a filter beyond region
    narrowed = f'regionArs: "{MAGDEBURG}", childcare: false'
    query = (
        f"{{ offers(first: 5, filter: {{{narrowed}}}) {{ totalCount edges {{ node {{ id }} }} }} "
        f"offerFacets(filter: {{{narrowed}}}) {{ categories {{ value count }} }} }}"
    )
    body, sent = await _page(served, query)
    # then: three statements, no settings and no transaction block
    assert len(body["data"]["offers"]["edges"]) == 5
    assert [kind for kind, _ in _kinds(sent)] == ["execute"] * 3, sent

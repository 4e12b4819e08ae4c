"""The pool keeps its connections alive without a round trip per request: a checkout sends
nothing to the server, and a connection the server has closed is replaced on checkout."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from koko_shared.database.engine import create_engine
from koko_shared.database.url import asyncpg_dsn, server_url
from koko_shared.testing.database import data_dir_for_tests
from koko_shared.testing.waiting import wait_until_async


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    engine = create_engine(server_url(data_dir_for_tests()), pool_size=1)
    yield engine
    await engine.dispose()


async def test_a_checkout_sends_no_statement_of_its_own(engine: AsyncEngine) -> None:
    # given a pooled connection whose statements are logged by the driver
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
        driver = (await connection.get_raw_connection()).driver_connection
    sent: list[str] = []
    driver.add_query_logger(lambda record: sent.append(record.query))

    # when it is checked out three times for one statement each
    for n in range(3):
        async with engine.connect() as connection:
            await connection.execute(text(f"SELECT {n}"))

    # then the driver sent only the transaction around each statement (the statements go as
    # prepared statements, which the logger does not see), no liveness ping (`;` in a
    # transaction of its own: three round trips)
    assert sent == ["BEGIN;", "ROLLBACK;"] * 3, sent


async def test_a_connection_the_server_closed_is_replaced_on_checkout(engine: AsyncEngine) -> None:
    # given the pool's one connection, back in the pool
    async with engine.connect() as connection:
        first_pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        driver = (await connection.get_raw_connection()).driver_connection

    # when the server terminates it (as a restart or an administrator would)
    admin = await asyncpg.connect(**asyncpg_dsn(server_url(data_dir_for_tests())))  # type: ignore[arg-type]
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", first_pid)
    finally:
        await admin.close()
    # the driver learns it when the event loop reads the socket the server closed
    await wait_until_async(driver.is_closed, seconds=10, what="the driver saw the close")

    # then the next request gets a fresh connection instead of an error
    async with engine.connect() as connection:
        pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    assert pid != first_pid

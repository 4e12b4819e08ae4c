"""A statement session (koko_shared.database.statement_sessions) sends plain reads without a
transaction block, and opens the block before the first statement that needs one: a write, a
locking read, transaction-local settings; from there on the request commits or rolls back the
block as any session's."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Integer, column, func, insert, literal, select, table, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.database.statement_sessions import in_transaction_block, statement_sessionmaker
from koko_shared.database.url import server_url
from koko_shared.testing.database import data_dir_for_tests

PROBE = table("statement_session_probe", column("n", Integer))


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    # One connection, so that the temporary table is seen by every session.
    engine = create_engine(server_url(data_dir_for_tests()), pool_size=1)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TEMPORARY TABLE statement_session_probe (n int)"))
    yield engine
    await engine.dispose()


@pytest.fixture
def maker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    made = statement_sessionmaker(create_sessionmaker(engine))
    assert made is not None
    return made


async def _sent(engine: AsyncEngine) -> list[str]:
    """The simple queries the pool's connection sends from now on (BEGIN, COMMIT, ROLLBACK)."""
    sent: list[str] = []
    async with engine.connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        await connection.rollback()
    driver.add_query_logger(lambda record: sent.append(record.query.split()[0].rstrip(";")))
    return sent


async def test_plain_reads_send_no_begin_and_no_commit(
    engine: AsyncEngine, maker: async_sessionmaker[AsyncSession]
) -> None:
    # given
    sent = await _sent(engine)
    # when
    async with maker() as session, session.begin():
        await session.execute(select(literal(1)))
        await session.scalar(select(func.count()).select_from(PROBE))
        block = in_transaction_block(session)
    # then
    assert sent == []
    assert not block


async def test_a_write_opens_the_block_which_an_error_rolls_back(
    engine: AsyncEngine, maker: async_sessionmaker[AsyncSession]
) -> None:
    # given
    sent = await _sent(engine)
    # when a request reads, writes, and then fails
    with pytest.raises(RuntimeError):
        async with maker() as session, session.begin():
            await session.execute(select(literal(1)))
            await session.execute(insert(PROBE).values(n=1))
            raise RuntimeError("the request failed")
    # then the block began before the write and its rollback undid it
    assert sent == ["BEGIN", "ROLLBACK"]
    async with maker() as session:
        assert await session.scalar(select(func.count()).select_from(PROBE)) == 0


async def test_a_write_that_succeeds_is_committed(
    engine: AsyncEngine, maker: async_sessionmaker[AsyncSession]
) -> None:
    # given
    sent = await _sent(engine)
    # when
    async with maker() as session, session.begin():
        await session.execute(insert(PROBE).values(n=2))
    # then
    assert sent == ["BEGIN", "COMMIT"]
    async with maker() as session:
        assert await session.scalar(select(func.sum(PROBE.c.n))) == 2


@pytest.mark.parametrize(
    "settings",
    [
        select(func.set_config("work_mem", "5MB", True)),
        text("SET LOCAL work_mem = '5MB'"),
    ],
    ids=["set_config", "SET LOCAL"],
)
async def test_transaction_local_settings_hold_for_the_statements_after_them(
    engine: AsyncEngine, maker: async_sessionmaker[AsyncSession], settings: object
) -> None:
    # given
    sent = await _sent(engine)
    # when
    async with maker() as session, session.begin():
        await session.execute(settings)  # type: ignore[call-overload]
        seen = await session.scalar(select(func.current_setting("work_mem")))
    # then
    assert seen == "5MB"
    assert sent == ["BEGIN", "COMMIT"]


async def test_a_locking_read_opens_the_block(
    engine: AsyncEngine, maker: async_sessionmaker[AsyncSession]
) -> None:
    # given
    sent = await _sent(engine)
    # when
    async with maker() as session, session.begin():
        await session.execute(select(PROBE.c.n).with_for_update())
    # then: the lock is held until the request ends, not released after the statement
    assert sent == ["BEGIN", "COMMIT"]


async def test_sessions_bound_to_one_connection_are_left_as_they_are(engine: AsyncEngine) -> None:
    # given a test's sessionmaker, bound to its rolled-back connection
    async with engine.connect() as connection:
        bound = async_sessionmaker(connection)
        # then no statement sessions are made of it
        assert statement_sessionmaker(bound) is None


async def test_on_a_replicas_read_only_engine_reads_and_settings_work() -> None:
    # given statement sessions of an engine whose transactions are READ ONLY (a replica's)
    engine = create_engine(server_url(data_dir_for_tests()), pool_size=1, read_only=True)
    maker = statement_sessionmaker(create_sessionmaker(engine))
    assert maker is not None
    try:
        # when a request reads, makes transaction-local settings and reads again
        async with maker() as session, session.begin():
            first = await session.scalar(select(literal(1)))
            await session.execute(select(func.set_config("work_mem", "5MB", True)))
            seen = await session.scalar(select(func.current_setting("work_mem")))
        # then
        assert (first, seen) == (1, "5MB")
    finally:
        await engine.dispose()

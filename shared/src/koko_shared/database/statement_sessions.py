"""Sessions for requests that can only read, without a transaction block they do not need
(issue 18: BEGIN and COMMIT were two of the four round trips of a page of offers).

Every request runs at READ COMMITTED, where each statement reads its own snapshot whether or not
a transaction block surrounds it: a block adds nothing to what a request that only reads sees.
What must read one snapshot is one statement (a page of offers and its relations). So a
*statement session* sends its plain reads as statements of their own (the connection in
autocommit: no BEGIN before the first, no COMMIT after the last), and opens the request's
transaction block, as any session has it, before the first statement that needs one:

- a write (an INSERT, UPDATE or DELETE, an ORM flush),
- a locking read (`FOR UPDATE`, `FOR SHARE`),
- transaction-local settings (`set_config(..., true)` as a column, `SET LOCAL`), which a later
  statement must see,
- any textual statement (its effects cannot be told from its text cheaply).

From there on the block is the request's, committed on success and rolled back on error in one
place (`koko_shared.database.engine.request_session`), as before. The statements sent as SQL
text by `koko_shared.database.driver_statements` are selects without locks: plain reads.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, TextClause, event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.functions import Function

from koko_shared.database.engine import RequestSession

_SETTINGS = "set_config"
# session.info key: the transaction block is open (or the session was never in autocommit).
_IN_BLOCK = "koko_transaction_block"


class StatementSyncSession(Session):
    """The sync side of a statement session: opens the block when a statement needs one."""


class StatementSession(RequestSession):
    sync_session_class = StatementSyncSession


def statement_sessionmaker(
    maker: async_sessionmaker[AsyncSession],
) -> async_sessionmaker[AsyncSession] | None:
    """`maker` for statement sessions: the same engine (and pool), each connection in
    autocommit while the session holds it; None when `maker` is bound to something else than an
    engine (a test's connection, whose outer transaction must stay the only one) or is no
    sessionmaker (a test's wrapper around one)."""
    settings: dict[str, Any] = getattr(maker, "kw", {})
    bind = settings.get("bind")
    if not isinstance(bind, AsyncEngine):
        return None
    return async_sessionmaker(
        bind.execution_options(isolation_level="AUTOCOMMIT"),
        class_=StatementSession,
        expire_on_commit=settings.get("expire_on_commit", False),
        autoflush=settings.get("autoflush", False),
    )


def in_transaction_block(session: AsyncSession) -> bool:
    """Whether the session's statements from now on run in one transaction block."""
    return not isinstance(session, StatementSession) or bool(session.info.get(_IN_BLOCK))


def open_transaction_block(session: Session) -> None:
    """Turn autocommit off on the session's connection: the next statement sends BEGIN and the
    request's session commits or rolls back the block at its end. The asyncpg adapter's switch
    is a flag (no round trip); the pool sets the connection back to its default on return."""
    if session.info.get(_IN_BLOCK):
        return
    session.info[_IN_BLOCK] = True
    connection = session.connection()
    dialect, driver = connection.dialect, connection.connection.dbapi_connection
    # The level the pool's connections have outside statement sessions (READ COMMITTED).
    level = dialect.default_isolation_level
    assert driver is not None and level is not None
    dialect.set_isolation_level(driver, level)


def _needs_block(statement: Any) -> bool:
    if isinstance(statement, TextClause):
        return True
    if getattr(statement, "is_dml", False):
        return True
    if isinstance(statement, Select):
        if statement._for_update_arg is not None:
            return True
        return any(
            isinstance(column, Function) and column.name == _SETTINGS
            for column in statement._raw_columns
        )
    return not getattr(statement, "is_select", False)


@event.listens_for(StatementSyncSession, "do_orm_execute")
def _before_statement(state: ORMExecuteState) -> None:
    if not state.session.info.get(_IN_BLOCK) and _needs_block(state.statement):
        open_transaction_block(state.session)


@event.listens_for(StatementSyncSession, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    open_transaction_block(session)

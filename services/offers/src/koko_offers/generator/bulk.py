"""Loading a large synthetic catalogue fast (a million offers, five million runs): the rows go
in with COPY while the big tables have no secondary indexes and the course runs' triggers are
off; then the indexes are built once, and what those triggers keep (an offer's
`free_seats_until`, the sums in `course_run_supply`) is computed once for all rows. All of it
in the caller's transaction: a failed load leaves nothing behind.

Inserting into a GIN index or a trigram index row by row, and summing five million runs in
statement triggers chunk by chunk, took most of the 55 minutes the row-by-row load needed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

# Tables whose secondary indexes are dropped during the load and built afterwards.
BULK_TABLES = ("offer", "course_run", "change_log")
# Course-run triggers switched off during the load (ALTER TABLE ... DISABLE TRIGGER USER: the
# free seats of offers and the supply sums; foreign keys are still checked).
TRIGGERED_TABLE = "course_run"

_SECONDARY_INDEXES = text(
    """
    SELECT c.relname AS table_name, i.indexrelid::regclass::text AS name,
           pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index AS i
      JOIN pg_class AS c ON c.oid = i.indrelid
     WHERE c.relname = ANY(CAST(:tables AS text[]))
       AND c.relnamespace = current_schema()::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_constraint AS k WHERE k.conindid = i.indexrelid)
     ORDER BY 1, 2
    """
)


@dataclass(frozen=True, slots=True)
class DeferredIndex:
    table: str
    name: str
    definition: str


async def drop_secondary_indexes(
    session: AsyncSession, tables: Sequence[str] = BULK_TABLES
) -> list[DeferredIndex]:
    """Drop the indexes of `tables` that no constraint owns (primary keys and unique
    constraints stay) and return their definitions for `create_indexes`."""
    rows = await session.execute(_SECONDARY_INDEXES, {"tables": list(tables)})
    dropped = [DeferredIndex(*row) for row in rows.all()]
    for index in dropped:
        await session.execute(text(f"DROP INDEX {index.name}"))
    return dropped


async def create_indexes(
    session: AsyncSession, indexes: Iterable[DeferredIndex], table: str | None = None
) -> None:
    """Build the dropped indexes again (those of `table`, or all)."""
    await session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    for index in indexes:
        if table is None or index.table == table:
            await session.execute(text(index.definition))


async def analyze(session: AsyncSession, tables: Sequence[str]) -> None:
    """Statistics of the freshly copied rows (ANALYZE sees the transaction's own rows): the
    statements computing derived values and search vectors are planned on them (without,
    the planner takes the new tables for empty and joins with nested loops: minutes).
    """
    await session.execute(text(f"ANALYZE {', '.join(tables)}"))


async def switch_run_triggers(session: AsyncSession, *, on: bool) -> None:
    action = "ENABLE" if on else "DISABLE"
    await session.execute(text(f"ALTER TABLE {TRIGGERED_TABLE} {action} TRIGGER USER"))


async def copy_rows(
    session: AsyncSession, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """COPY the rows (tuples in the order of `columns`) into `table` on the session's
    connection, in its transaction. JSONB values go as JSON text; generated columns are left to
    the database."""
    if not rows:
        return
    as_json = [isinstance(table.c[name].type, JSONB) for name in columns]
    if any(as_json):
        rows = [
            tuple(json.dumps(v) if j else v for v, j in zip(row, as_json, strict=True))
            for row in rows
        ]
    connection = await session.connection()
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    await raw.copy_records_to_table(table.name, records=rows, columns=list(columns))

"""Binary `COPY` of new rows into a surveys table on the session's connection, inside the
request's transaction: the fastest way PostgreSQL takes rows (no statement text to parse, no
JSON to take apart, no `ON CONFLICT` arbitration per row).

`COPY` has no `ON CONFLICT`: a row that breaks a unique constraint fails the whole statement.
Ingest copies only rows it checked to be new and runs the copy in a savepoint; `CopyConflict`
tells it that a concurrent request stored one of them meanwhile, so it undoes the savepoint and
writes the batch again with `INSERT … ON CONFLICT`, which settles such races row by row."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg
from asyncpg.pgproto.pgproto import UUID as PgUUID
from sqlalchemy.ext.asyncio import AsyncSession


class CopyConflict(Exception):
    """A copied row broke a unique constraint (written meanwhile by a concurrent request)."""


def new_ids(count: int) -> list[UUID]:
    """`count` random version 4 ids from one read of the system's random source (`uuid4()`
    reads it once per id, a system call each; asyncpg's C UUID, which is a `uuid.UUID`, is
    built from the bytes in a fraction of the time `uuid.UUID` takes)."""
    blob = bytearray(os.urandom(16 * count))
    blob[6::16] = bytes((octet & 0x0F) | 0x40 for octet in blob[6::16])  # version 4
    blob[8::16] = bytes((octet & 0x3F) | 0x80 for octet in blob[8::16])  # RFC 4122 variant
    data = bytes(blob)
    return [PgUUID(data[at : at + 16]) for at in range(0, 16 * count, 16)]


async def copy_records(
    session: AsyncSession, table: str, columns: Sequence[str], records: Sequence[tuple[Any, ...]]
) -> None:
    """COPY `records` (tuples in the order of `columns`) into `table`; jsonb values go as JSON
    text (the codec SQLAlchemy's asyncpg dialect installs), omitted columns take their
    defaults."""
    if not records:
        return
    connection = await session.connection()
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    try:
        await raw.copy_records_to_table(table, records=records, columns=list(columns))
    except asyncpg.UniqueViolationError as exc:
        raise CopyConflict(f"{table}: {exc.constraint_name}") from exc

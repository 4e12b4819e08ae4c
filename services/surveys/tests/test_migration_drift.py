"""The tables the models declare are the tables the migrations build: Alembic's autogenerate
comparison of a database migrated to head with the models' metadata finds nothing to change
(a model moved between folders, or a column changed without a migration, fails here)."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from koko_shared.database.engine import create_engine
from koko_shared.testing.database import fresh_database
from koko_surveys import models
from koko_surveys.app import SPEC


def _differences(connection: Connection) -> list[Any]:
    return list(compare_metadata(MigrationContext.configure(connection), models.metadata))


async def test_the_migrations_build_exactly_the_tables_of_the_models() -> None:
    # given: a database migrated to head
    async with fresh_database("surveys_drift", SPEC.migrations_dir) as url:
        engine = create_engine(url, pool_size=1)
        try:
            # when
            async with engine.connect() as connection:
                differences = await connection.run_sync(_differences)
        finally:
            await engine.dispose()
    # then
    assert differences == []

"""every statement on the offers database planned with its values (plan_cache_mode)

asyncpg prepares every statement, and after five runs PostgreSQL may switch a prepared statement
to a generic plan, one made without the values. Searches and filters beyond region and status
already made `plan_cache_mode = force_custom_plan` in their transaction; a page by region alone
did not, and its generic plan does not know how many offers a region range holds: 100 offers of
the whole state by last update (90,000 offers in the range) were read by a bitmap of the range
and a sort, 105 ms, instead of a walk of the last-update index that stops after 101 rows, 0.7 ms
(100,000 offers; docs/benchmarks.md, "A page by region planned with its values"). The database's
default now plans every statement with its values; a session may still change it.

Set for new sessions of the database (`ALTER DATABASE ... SET`, kept in pg_db_role_setting and
so on replicas too); a role without the right to alter the database gets a warning and keeps the
transaction-local settings the code makes for searches and filters.

Revision ID: 0020_custom_plans
Revises: 0019_location_area_index
Create Date: 2026-12-07 07:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020_custom_plans"
down_revision: str | None = "0019_location_area_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _alter(setting: str) -> str:
    return f"""
    DO $$
    BEGIN
        EXECUTE format('ALTER DATABASE %I {setting}', current_database());
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE WARNING 'cannot alter database % (plan_cache_mode left as it is)',
            current_database();
    END
    $$
    """


def upgrade() -> None:
    op.execute(_alter("SET plan_cache_mode = force_custom_plan"))


def downgrade() -> None:
    op.execute(_alter("RESET plan_cache_mode"))

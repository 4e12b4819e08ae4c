"""record keys from the strong random source

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 21:00:00

`random()` is a fast generator whose state could in principle be reconstructed; the cell key
method needs record keys nobody can predict. The first 32 bits of `gen_random_uuid()` come from
the operating system's strong random source (pg_strong_random) and are all random in a UUIDv4.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STRONG = "('x' || left(gen_random_uuid()::text, 8))::bit(32)::bigint"


def upgrade() -> None:
    op.alter_column('submission', 'record_key', server_default=sa.text(STRONG))


def downgrade() -> None:
    op.alter_column(
        'submission', 'record_key', server_default=sa.text('floor(random() * 4294967296)::bigint')
    )

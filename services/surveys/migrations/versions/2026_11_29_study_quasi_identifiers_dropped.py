"""the export's k covers every released quasi-identifier: the per-study list goes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 20:30:00

A coordinator could narrow the list (even to nothing) and so switch k-anonymity off; the export
now computes k over every quasi-identifier it releases, so the column has no use left.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_column('study', 'quasi_identifiers')


def downgrade() -> None:
    op.add_column(
        'study',
        sa.Column(
            'quasi_identifiers',
            postgresql.ARRAY(sa.TEXT()),
            server_default='{sex,age_group,origin_group,area_code}',
            nullable=False,
        ),
    )

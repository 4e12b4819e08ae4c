"""an index for the corrections of a writer's submissions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 15:00:00

Issue 18. Whether a stored submission was corrected (a later submission of the same writer names
it in `supersedes`) was answered by reading every submission of that writer in the study: an
idempotent re-send of a large batch read the study once per row. The partial index holds only
corrections, which are few.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_submission_correction ON submission (study_id, writer, supersedes) "
        "WHERE supersedes IS NOT NULL"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_submission_correction")

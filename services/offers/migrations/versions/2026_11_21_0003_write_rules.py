"""write rules: booked seats within capacity, time of day from its code list

The mutations check both before writing; these constraints are the safety net. They are added
NOT VALID so that databases holding older rows migrate; new and changed rows are checked.

Revision ID: 0003_write_rules
Revises: 0002_webhooks
Create Date: 2026-11-21 20:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_write_rules"
down_revision: str | None = "0002_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE course_run ADD CONSTRAINT ck_course_run_seats_within_capacity "
        "CHECK (capacity_max IS NULL OR seats_booked <= capacity_max) NOT VALID"
    )
    op.execute(
        "ALTER TABLE course_run ADD CONSTRAINT ck_course_run_time_of_day "
        "CHECK (time_of_day IN ('full_time', 'part_time', 'evening', 'weekend')) NOT VALID"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE course_run DROP CONSTRAINT IF EXISTS ck_course_run_time_of_day")
    op.execute(
        "ALTER TABLE course_run DROP CONSTRAINT IF EXISTS ck_course_run_seats_within_capacity"
    )

"""When a newcomer can still register for a course run: one rule, in the two forms it is needed
in — a SQL clause for filters (`hasFreeSeats`, supply, next start) and a predicate for a loaded
run (`CourseRun.acceptsRegistrations`). A test checks that both agree on every case."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import col

from koko_offers.course_run.models import CourseRun

OPEN_STATUSES = ("planned", "open")


def accepts_registrations(run: CourseRun, today: date) -> bool:
    status_ok = run.status in OPEN_STATUSES or (run.status == "running" and run.rolling_entry)
    deadline_ok = (
        run.registration_deadline is None or run.registration_deadline >= today or run.rolling_entry
    )
    return status_ok and deadline_ok and (run.start_date >= today or run.rolling_entry)


def accepts_registrations_clause(today: date) -> ColumnElement[bool]:
    return and_(
        or_(
            col(CourseRun.status).in_(OPEN_STATUSES),
            and_(col(CourseRun.status) == "running", col(CourseRun.rolling_entry)),
        ),
        or_(
            col(CourseRun.registration_deadline).is_(None),
            col(CourseRun.registration_deadline) >= today,
            col(CourseRun.rolling_entry),
        ),
        or_(col(CourseRun.start_date) >= today, col(CourseRun.rolling_entry)),
    )

"""The registration rule has a SQL form (filters) and a Python form (the GraphQL field); they must
give the same answer for every kind of run, or search and detail pages would disagree."""

from __future__ import annotations

import itertools
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from koko_offers.course_run.models import CourseRun
from koko_offers.course_run.registration import (
    accepts_registrations,
    accepts_registrations_clause,
)

from .conftest import TODAY, Given

STATUSES = ("planned", "open", "full", "running", "finished", "cancelled")


async def test_sql_and_python_forms_of_the_rule_agree(given: Given, session: AsyncSession) -> None:
    # given runs of every status, past and future starts, deadlines and rolling entry
    offer = await given.offer("Integrationskurs")
    runs: list[CourseRun] = []
    for status, rolling, starts_in, deadline_in in itertools.product(
        STATUSES, (False, True), (-10, 10), (None, -1, 1)
    ):
        start = TODAY + timedelta(days=starts_in)
        deadline = None if deadline_in is None else TODAY + timedelta(days=deadline_in)
        if deadline is not None and deadline > start and not rolling:
            continue  # refused by the database (deadline after start without rolling entry)
        runs.append(
            await given.run(
                offer,
                starts_in,
                status=status,
                rolling_entry=rolling,
                registration_deadline=deadline,
            )
        )
    # when
    selected = set(
        (
            await session.execute(
                select(CourseRun.id).where(
                    col(CourseRun.offer_id) == offer.id, accepts_registrations_clause(TODAY)
                )
            )
        ).scalars()
    )
    # then both forms agree on each run, and the rule is not trivially all or nothing
    expected = {run.id for run in runs if accepts_registrations(run, TODAY)}
    assert selected == expected
    assert 0 < len(expected) < len(runs)

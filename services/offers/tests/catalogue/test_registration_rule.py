"""The registration rule has a SQL form (filters), a stored form (the runs'
`registration_open_until` and the offers' `free_seats_until`, migration 0016) and a Python form
(the GraphQL field); they must give the same answer for every kind of run, or search and detail
pages would disagree."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy import text
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


async def test_stored_last_day_of_registration_agrees_with_the_rule_on_every_day(
    given: Given, session: AsyncSession
) -> None:
    # given runs of every status, past and future starts, deadlines and rolling entry
    offer = await given.offer("Integrationskurs")
    runs: list[CourseRun] = []
    for status, rolling, starts_in, deadline_in in itertools.product(
        STATUSES, (False, True), (-10, 10), (None, -1, 1, 5)
    ):
        start = TODAY + timedelta(days=starts_in)
        deadline = None if deadline_in is None else TODAY + timedelta(days=deadline_in)
        if deadline is not None and deadline > start and not rolling:
            continue
        runs.append(
            await given.run(
                offer,
                starts_in,
                status=status,
                rolling_entry=rolling,
                registration_deadline=deadline,
            )
        )
    for shift in range(-12, 13):
        day = TODAY + timedelta(days=shift)
        # when the runs open on that day are read from the stored column (migration 0016)
        selected = set(
            (
                await session.execute(
                    text(
                        "SELECT id FROM course_run WHERE offer_id = :offer "
                        "AND registration_open_until >= :day"
                    ),
                    {"offer": offer.id, "day": day},
                )
            ).scalars()
        )
        # then they are the runs the rule lets register on that day
        assert selected == {run.id for run in runs if accepts_registrations(run, day)}, day


async def test_bulk_writes_of_runs_keep_each_offers_free_seats_current(
    given: Given, session: AsyncSession
) -> None:
    # given three offers without runs
    offers = [await given.offer(f"Sprachkurs {n}") for n in range(3)]

    async def free_seats_until() -> list[date | None]:
        rows = await session.execute(
            text("SELECT id, free_seats_until FROM offer WHERE id = ANY(:ids)"),
            {"ids": [o.id for o in offers]},
        )
        by_id = dict(rows.all())
        return [by_id[o.id] for o in offers]

    assert await free_seats_until() == [None, None, None]
    # when one statement inserts runs for all of them (an import): free, full, unlimited
    await session.execute(
        text(
            "INSERT INTO course_run (id, offer_id, region_ars, start_date, capacity_max, "
            "seats_booked, status, rolling_entry, weekly_slots, time_of_day, waitlist_length, "
            "childcare, version, updated_at) "
            "SELECT gen_random_uuid(), o.id, o.region_ars, CAST(:today AS date) + v.days, "
            "v.capacity, v.booked, 'open', false, '[]', 'part_time', 0, false, 1, now() "
            "FROM (VALUES (CAST(:a AS uuid), 5, 16, 4), (CAST(:b AS uuid), 6, 16, 16), "
            "(CAST(:c AS uuid), 7, NULL, 0)) AS v(id, days, capacity, booked) "
            "JOIN offer AS o ON o.id = v.id"
        ),
        {"today": TODAY, "a": offers[0].id, "b": offers[1].id, "c": offers[2].id},
    )
    # then each offer is open until its free run's start, the full one not at all
    assert await free_seats_until() == [
        TODAY + timedelta(days=5),
        None,
        TODAY + timedelta(days=7),
    ]
    # when one statement books out every run and another frees the second offer's
    await session.execute(
        text(
            "UPDATE course_run SET seats_booked = coalesce(capacity_max, 0) "
            "WHERE offer_id = ANY(:ids)"
        ),
        {"ids": [o.id for o in offers]},
    )
    await session.execute(
        text("UPDATE course_run SET seats_booked = 0 WHERE offer_id = :id"), {"id": offers[1].id}
    )
    # then only the unlimited run and the freed one remain
    assert await free_seats_until() == [None, TODAY + timedelta(days=6), TODAY + timedelta(days=7)]
    # when the runs are deleted in one statement, no offer has free seats left
    await session.execute(
        text("DELETE FROM course_run WHERE offer_id = ANY(:ids)"),
        {"ids": [o.id for o in offers]},
    )
    assert await free_seats_until() == [None, None, None]

"""The language course supply is read from sums the writes keep (`course_run_supply`, migration
0017). After every kind of write it must equal the plain aggregate over the runs, their offers
and course types, for today, a day ahead and a past day, for the state and its districts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.course_run import repository
from koko_offers.course_run.repository import SupplyRow
from koko_shared.auth.actor import ars_prefix

from .conftest import BOERDE, MAGDEBURG, STATE, Catalogue

TODAY = date.today()
DAYS = (TODAY, TODAY + timedelta(weeks=10), TODAY - timedelta(days=30))
REGIONS = [STATE, MAGDEBURG, BOERDE]

# The supply as it was computed before the sums: every run of the window, joined and summed.
PLAIN = text(
    """
    SELECT ct.code, ct.target_level, count(*), COALESCE(sum(r.free_seats), 0)
      FROM course_run AS r
      JOIN offer AS o ON o.id = r.offer_id
      JOIN course_type AS ct ON ct.id = o.course_type_id
     WHERE o.status = 'published'
       AND ct.family IN ('integration_course', 'job_language_course')
       AND ct.target_level IS NOT NULL
       AND r.region_ars BETWEEN :low AND :high
       AND r.start_date BETWEEN :on AND :on + 182
       AND CASE WHEN :on >= :today THEN r.registration_open_until >= :on
                ELSE r.status <> 'cancelled' END
     GROUP BY 1, 2
    """
)
# The sums as the runs give them now, against what the table holds.
STORED = text(
    "SELECT start_date, region_ars, course_type_id, open_until, starts, free_seats "
    "FROM course_run_supply WHERE starts <> 0 ORDER BY 1, 2, 3, 4"
)
RECOMPUTED = text(
    """
    SELECT r.start_date, r.region_ars, o.course_type_id,
           COALESCE(r.registration_open_until, '-infinity'::date), count(*)::integer,
           COALESCE(sum(r.free_seats), 0)::bigint
      FROM course_run AS r JOIN offer AS o ON o.id = r.offer_id
     WHERE o.status = 'published' AND o.course_type_id IS NOT NULL AND r.status <> 'cancelled'
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    """
)


def _prefix_range(ars: str) -> tuple[str, str]:
    return ars_prefix(ars).ljust(12, "0"), ars_prefix(ars).ljust(12, "9")


async def _assert_exact(session: AsyncSession) -> None:
    stored = (await session.execute(STORED)).all()
    assert stored == (await session.execute(RECOMPUTED)).all()
    for on in DAYS:
        supply = await repository.language_course_supply(session, REGIONS, TODAY, on)
        for ars in REGIONS:
            low, high = _prefix_range(ars)
            plain = {
                (code, level): (int(starts), int(seats))
                for code, level, starts, seats in (
                    await session.execute(
                        PLAIN, {"low": low, "high": high, "on": on, "today": TODAY}
                    )
                ).all()
            }
            assert _sums(supply[ars]) == plain, (ars, on)


def _sums(rows: list[SupplyRow]) -> dict[tuple[str, str], tuple[int, int]]:
    return {
        (row.course_type_code, row.level): (row.upcoming_starts, row.free_seats) for row in rows
    }


async def _write(session: AsyncSession, sql: str, **params: Any) -> None:
    await session.execute(text(sql), params)
    await _assert_exact(session)


async def test_the_stored_sums_follow_every_write(
    session: AsyncSession, catalogue: Catalogue
) -> None:
    # given language courses in Magdeburg and Börde: open, booked out, without a maximum,
    # with a deadline, running with rolling entry, cancelled, ahead and past
    ik, ik_run = await catalogue.language_course(start=TODAY + timedelta(days=14), seats_booked=5)
    bsk, _ = await catalogue.language_course(
        code="BSK_B2", level="B2", start=TODAY + timedelta(weeks=12), seats_booked=20
    )
    boerde, boerde_run = await catalogue.language_course(
        region_ars=BOERDE, start=TODAY + timedelta(days=30), capacity_max=None, city="Haldensleben"
    )
    await catalogue.run(ik, TODAY + timedelta(days=40), registration_deadline=TODAY + timedelta(3))
    await catalogue.run(ik, TODAY - timedelta(days=20), status="running", rolling_entry=True)
    await catalogue.run(bsk, TODAY + timedelta(days=14), status="cancelled")
    await catalogue.run(bsk, TODAY - timedelta(days=10), status="finished")
    other = await catalogue.course_type("BSK_A2", level="A2")
    not_a_language_course = await catalogue.course_type("SPORT", family="sport")
    await _assert_exact(session)
    assert _sums((await repository.language_course_supply(session, [MAGDEBURG], TODAY))[MAGDEBURG])

    # when runs change seats, dates, deadlines, status and region (a bulk update too)
    await _write(session, "UPDATE course_run SET seats_booked = 12 WHERE id = :id", id=ik_run.id)
    await _write(
        session,
        "UPDATE course_run SET start_date = start_date + 60, registration_deadline = NULL "
        "WHERE offer_id = :id AND start_date > :today",
        id=ik.id,
        today=TODAY,
    )
    await _write(session, "UPDATE course_run SET status = 'cancelled' WHERE id = :id", id=ik_run.id)
    await _write(session, "UPDATE course_run SET status = 'open' WHERE id = :id", id=ik_run.id)
    await _write(
        session,
        "UPDATE course_run SET region_ars = :ars WHERE id = :id",
        ars=MAGDEBURG,
        id=boerde_run.id,
    )
    await _write(
        session, "UPDATE course_run SET capacity_max = 30 WHERE id = :id", id=boerde_run.id
    )
    # when offers are unpublished, published again, archived, or change their course type
    await _write(session, "UPDATE offer SET status = 'draft' WHERE id = :id", id=ik.id)
    await _write(session, "UPDATE offer SET status = 'published' WHERE id = :id", id=ik.id)
    await _write(
        session, "UPDATE offer SET course_type_id = :ct WHERE id = :id", ct=other.id, id=bsk.id
    )
    await _write(session, "UPDATE offer SET course_type_id = NULL WHERE id = :id", id=boerde.id)
    await _write(
        session,
        "UPDATE offer SET course_type_id = :ct WHERE id = :id",
        ct=not_a_language_course.id,
        id=boerde.id,
    )
    await _write(
        session,
        "UPDATE offer SET status = CASE WHEN id = :a THEN 'archived' ELSE status END, "
        "course_type_id = CASE WHEN id = :b THEN :ct ELSE course_type_id END "
        "WHERE id IN (:a, :b)",
        a=bsk.id,
        b=boerde.id,
        ct=other.id,
    )
    await _write(session, "UPDATE offer SET status = 'published' WHERE id = :id", id=bsk.id)
    # when a run moves to another offer, and runs are deleted
    await _write(
        session, "UPDATE course_run SET offer_id = :to WHERE id = :id", to=bsk.id, id=ik_run.id
    )
    await _write(session, "DELETE FROM course_run WHERE id = :id", id=ik_run.id)
    # then an offer and its runs deleted in one statement, by a cascade
    await session.execute(
        text(
            "ALTER TABLE course_run DROP CONSTRAINT fk_course_run_offer_id_offer, "
            "ADD CONSTRAINT fk_course_run_offer_id_offer FOREIGN KEY (offer_id) "
            "REFERENCES offer (id) ON DELETE CASCADE"
        )
    )
    await _write(session, "DELETE FROM offer WHERE id = :id", id=ik.id)
    await _write(session, "DELETE FROM offer WHERE id = :id", id=boerde.id)
    await _write(session, "DELETE FROM course_run")
    # and nothing is left over: every sum went back to nothing
    assert (await session.execute(text("SELECT count(*) FROM course_run_supply"))).scalar() == 0

"""The synthetic catalogue generator's bulk load: every row in, every index and trigger back,
and what the run triggers keep (free seats of offers, the supply sums) equal to the plain
aggregate of the runs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.demo import load_into
from koko_offers.generator import generate

INDEXES = text(
    "SELECT tablename, indexname, indexdef FROM pg_indexes "
    "WHERE tablename IN ('offer', 'course_run', 'change_log') ORDER BY 1, 2"
)
TRIGGERS = text(
    "SELECT tgname, tgenabled::text FROM pg_trigger "
    "WHERE tgrelid = 'course_run'::regclass AND NOT tgisinternal ORDER BY 1"
)
# The supply as the plain aggregate of the runs (the definition of migration 0017).
PLAIN_SUPPLY = text(
    """
    SELECT r.start_date, r.region_ars, o.course_type_id,
           COALESCE(r.registration_open_until, '-infinity'::date) AS open_until,
           count(*) AS starts, sum(COALESCE(r.free_seats, 0)) AS free_seats
      FROM course_run AS r JOIN offer AS o ON o.id = r.offer_id
     WHERE o.status = 'published' AND o.course_type_id IS NOT NULL AND r.status <> 'cancelled'
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    """
)
STORED_SUPPLY = text(
    "SELECT start_date, region_ars, course_type_id, open_until, starts, free_seats "
    "FROM course_run_supply WHERE starts <> 0 ORDER BY 1, 2, 3, 4"
)
# Offers whose stored last day with free seats differs from their runs' (migration 0016).
WRONG_FREE_SEATS = text(
    """
    SELECT count(*) FROM offer AS o
     WHERE o.free_seats_until IS DISTINCT FROM (
           SELECT max(r.registration_open_until) FROM course_run AS r
            WHERE r.offer_id = o.id AND r.registration_open_until IS NOT NULL
              AND (r.free_seats > 0 OR r.capacity_max IS NULL))
    """
)


async def _count(session: AsyncSession, sql: str) -> int:
    return int((await session.execute(text(sql))).scalar_one())


async def test_bulk_load_keeps_indexes_triggers_and_derived_values(session: AsyncSession) -> None:
    # given: the demo catalogue, whose runs went in through the triggers
    await load_into(session, today=date.today())
    indexes_before = (await session.execute(INDEXES)).all()
    triggers_before = (await session.execute(TRIGGERS)).all()
    offers_before = await _count(session, "SELECT count(*) FROM offer")
    runs_before = await _count(session, "SELECT count(*) FROM course_run")
    log_before = await _count(session, "SELECT count(*) FROM change_log")
    # when
    summary = await generate(session, offers=600, runs=2_000, seed=11)
    # then: every row is in, with its change log entry and search vector
    assert (summary.offers, summary.course_runs) == (600, 2_000)
    assert await _count(session, "SELECT count(*) FROM offer") == offers_before + 600
    assert await _count(session, "SELECT count(*) FROM course_run") == runs_before + 2_000
    assert (
        await _count(session, "SELECT count(*) FROM change_log")
        == log_before + summary.providers + summary.locations + 600 + 2_000
    )
    assert await _count(session, "SELECT count(*) FROM offer WHERE search_vector IS NULL") == 0
    assert (
        await _count(
            session,
            "SELECT count(*) FROM offer AS o LEFT JOIN location AS l ON l.id = o.location_id "
            "WHERE o.location_id IS NOT NULL AND l.provider_id IS DISTINCT FROM o.provider_id",
        )
        == 0
    )
    # the dropped indexes are back as they were, the run triggers on again
    assert (await session.execute(INDEXES)).all() == indexes_before
    assert (await session.execute(TRIGGERS)).all() == triggers_before
    assert all(enabled == "O" for _, enabled in triggers_before)
    # what the triggers keep equals the plain aggregate
    assert await _count(session, str(WRONG_FREE_SEATS)) == 0
    assert await _count(session, "SELECT count(*) FROM offer WHERE free_seats_until IS NOT NULL")
    plain = (await session.execute(PLAIN_SUPPLY)).all()
    assert len(plain) > 100
    assert (await session.execute(STORED_SUPPLY)).all() == plain


# What a seed gives, as generator version 3 wrote it row by row (GENERATOR_VERSION in
# generator/database.py: change both together when the data changes).
FINGERPRINT = text(
    """
    SELECT md5(string_agg(concat_ws('|', o.id, o.title, o.status, o.region_ars,
                                    o.course_type_id IS NULL, o.location_id IS NULL,
                                    (SELECT string_agg(concat_ws(',', r.id, r.start_date,
                                                                 r.capacity_max, r.seats_booked,
                                                                 r.status), ';' ORDER BY r.id)
                                       FROM course_run AS r WHERE r.offer_id = o.id),
                                    (SELECT string_agg(t.language, ',' ORDER BY t.language)
                                       FROM translation AS t WHERE t.entity_id = o.id)),
                          '/' ORDER BY o.id))
      FROM offer AS o JOIN change_log AS l ON l.entity_id = o.id
     WHERE l.actor_subject = 'synthetic-generator'
    """
)


async def test_a_seed_gives_the_catalogue_it_always_gave(session: AsyncSession) -> None:
    # when
    await generate(session, offers=300, runs=1_000, seed=42, today=date(2026, 12, 1))
    # then
    fingerprint = (await session.execute(FINGERPRINT)).scalar_one()
    assert fingerprint == "2d8035d685b6af3b635a42ba165cb51e"

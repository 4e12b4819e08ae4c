"""the language course supply pre-aggregated per region, course type, start and last day of
registration, kept by the writes in their own transaction

`Region.supply(on:)` summed every run of the window (about 180,000 for the state at 500,000
runs, 136 ms of SQL on a quiet machine, 6.7 s at 5,000,000 runs). The answer only depends on
the runs' (region, start day, last day of registration, free seats), on their offers' status
and course type, so those sums are stored:

- `course_run_supply`: per (start_date, region_ars, course_type_id, open_until) the number of
  runs not cancelled of published offers and their free seats (runs without a maximum count as
  starts and add no seats). `open_until` is the runs' `registration_open_until` (migration
  0016), `-infinity` when they take no registrations. The supply from a day d on counts the
  rows with `open_until >= d`; a past day's supply counts every row (runs not cancelled).
- statement triggers on `course_run` (insert, update, delete; transition tables) add the new
  rows' contributions and subtract the old ones', reading the offer's status and course type;
  a row trigger on `offer` (when its status or course type changes) moves the contributions of
  the offer's runs; a row trigger before an offer is deleted subtracts what its runs still
  contribute (runs deleted with it by a cascade then find no offer and subtract nothing);
  truncating the runs empties the table. Deltas are applied in key order (no deadlock between
  two writers) with `INSERT ... ON CONFLICT DO UPDATE`; rows reaching zero starts are deleted.
- every course type is summed (the query filters the language course families), so that a
  change of the code list needs no rebuild.

Revision ID: 0017_course_run_supply
Revises: 0016_free_seats_until
Create Date: 2026-12-06 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017_course_run_supply"
down_revision: str | None = "0016_free_seats_until"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = "start_date, region_ars, course_type_id, open_until"
# Rows without starts are deleted after each write; a row another transaction holds is left
# for a later write (no waiting, no deadlock), and a reader sums zeros anyway.
DELETE_EMPTY = (
    f"DELETE FROM course_run_supply WHERE ({KEY}) IN "
    f"(SELECT {KEY} FROM course_run_supply WHERE starts = 0 FOR UPDATE SKIP LOCKED)"
)
# A run with its offer's values: what decides its contribution.
RUN = (
    "r.start_date, r.region_ars, r.registration_open_until, r.free_seats, r.status, "
    "o.status AS offer_status, o.course_type_id"
)


def _apply(signed_runs: str) -> str:
    """One statement adding to course_run_supply the contributions of `signed_runs` (rows of
    `sign` and RUN), summed per key and applied in key order; then rows left without starts
    are deleted."""
    return f"""
    WITH delta AS (
        SELECT start_date, region_ars, course_type_id,
               COALESCE(registration_open_until, '-infinity'::date) AS open_until,
               sum(sign)::integer AS starts,
               sum(sign * COALESCE(free_seats, 0))::bigint AS free_seats
          FROM ({signed_runs}) AS r
         WHERE offer_status = 'published' AND course_type_id IS NOT NULL
           AND status <> 'cancelled'
         GROUP BY 1, 2, 3, 4
        HAVING sum(sign) <> 0 OR sum(sign * COALESCE(free_seats, 0)) <> 0
    )
    INSERT INTO course_run_supply AS s ({KEY}, starts, free_seats)
    SELECT {KEY}, starts, free_seats FROM delta ORDER BY {KEY}
    ON CONFLICT ({KEY}) DO UPDATE
       SET starts = s.starts + EXCLUDED.starts, free_seats = s.free_seats + EXCLUDED.free_seats;
    {DELETE_EMPTY}
    """


def _runs(sign: int, runs: str, offers: str = "offer") -> str:
    return f"SELECT {sign} AS sign, {RUN} FROM {runs} AS r JOIN {offers} AS o ON o.id = r.offer_id"


# Runs written: their offers are as they are now (a run's write never changes its offer).
RUN_TRIGGERS = {
    "insert": _apply(_runs(1, "new_runs")),
    "update": _apply(f"{_runs(1, 'new_runs')} UNION ALL {_runs(-1, 'old_runs')}"),
    "delete": _apply(_runs(-1, "old_runs")),
}
TRANSITIONS = {
    "insert": "REFERENCING NEW TABLE AS new_runs",
    "update": "REFERENCING NEW TABLE AS new_runs OLD TABLE AS old_runs",
    "delete": "REFERENCING OLD TABLE AS old_runs",
}


def _offer_runs(sign: int, offer: str) -> str:
    """The runs of the offer of a row trigger, with the values of `offer` (OLD or NEW)."""
    return (
        f"SELECT {sign} AS sign, {RUN} FROM course_run AS r JOIN (SELECT {offer}.id, "
        f"{offer}.status, {offer}.course_type_id) AS o ON o.id = r.offer_id"
    )


# An offer's status or course type changed: its runs leave the old offer's sums and join the
# new one's.
OFFER_UPDATE = _apply(f"{_offer_runs(1, 'NEW')} UNION ALL {_offer_runs(-1, 'OLD')}")
# Before an offer is deleted: what its runs contribute now goes (runs deleted by a cascade
# afterwards find no offer and subtract nothing).
OFFER_DELETE = _apply(_offer_runs(-1, "OLD"))
BACKFILL = _apply(_runs(1, "course_run"))


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE course_run_supply (
            start_date date NOT NULL,
            region_ars varchar(12) NOT NULL,
            course_type_id uuid NOT NULL,
            open_until date NOT NULL,
            starts integer NOT NULL,
            free_seats bigint NOT NULL,
            PRIMARY KEY (start_date, region_ars, course_type_id, open_until)
        )
        """
    )
    op.execute(
        "CREATE INDEX ix_course_run_supply_empty ON course_run_supply (start_date) WHERE starts = 0"
    )
    for event, statement in RUN_TRIGGERS.items():
        _function(f"koko_supply_after_run_{event}", statement)
        op.execute(
            f"CREATE TRIGGER course_run_supply_{event} AFTER {event.upper()} ON course_run "
            f"{TRANSITIONS[event]} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION koko_supply_after_run_{event}()"
        )
    _function("koko_supply_after_run_truncate", "DELETE FROM course_run_supply")
    op.execute(
        "CREATE TRIGGER course_run_supply_truncate AFTER TRUNCATE ON course_run "
        "FOR EACH STATEMENT EXECUTE FUNCTION koko_supply_after_run_truncate()"
    )
    _function("koko_supply_after_offer_update", OFFER_UPDATE)
    op.execute(
        "CREATE TRIGGER offer_supply_update AFTER UPDATE OF status, course_type_id ON offer "
        "FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status "
        "OR OLD.course_type_id IS DISTINCT FROM NEW.course_type_id) "
        "EXECUTE FUNCTION koko_supply_after_offer_update()"
    )
    _function("koko_supply_before_offer_delete", OFFER_DELETE, returns="OLD")
    op.execute(
        "CREATE TRIGGER offer_supply_delete BEFORE DELETE ON offer FOR EACH ROW "
        "EXECUTE FUNCTION koko_supply_before_offer_delete()"
    )
    # The backfill's upsert (nothing to delete in a new table).
    op.execute(BACKFILL.split(";")[0])
    op.execute("ANALYZE course_run_supply")


def _function(name: str, statement: str, returns: str = "NULL") -> None:
    op.execute(
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {statement}; RETURN {returns}; END $$"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS offer_supply_delete ON offer")
    op.execute("DROP TRIGGER IF EXISTS offer_supply_update ON offer")
    op.execute("DROP FUNCTION IF EXISTS koko_supply_before_offer_delete()")
    op.execute("DROP FUNCTION IF EXISTS koko_supply_after_offer_update()")
    for event in (*RUN_TRIGGERS, "truncate"):
        op.execute(f"DROP TRIGGER IF EXISTS course_run_supply_{event} ON course_run")
        op.execute(f"DROP FUNCTION IF EXISTS koko_supply_after_run_{event}()")
    op.execute("DROP TABLE IF EXISTS course_run_supply")

"""free seats without visiting runs: until when a run, and an offer, takes registrations

`hasFreeSeats` (filter, facet, counts) asked for every candidate offer whether one of its runs
accepts registrations today and has free seats: a probe of the runs per offer, thousands per
count or facet of a broad filter. The answer only changes with the date and with writes of runs,
so it is stored where the writes keep it current:

- `course_run.registration_open_until` (generated): the last day the run accepts registrations
  (`course_run.registration.accepts_registrations`): its start or its registration deadline,
  whichever comes first; `infinity` with rolling entry; NULL when its status never accepts
  them (cancelled, full, running without rolling entry, finished). A run accepts registrations
  on day d exactly when `registration_open_until >= d`.
- `offer.free_seats_until`: the latest `registration_open_until` of the offer's runs with free
  seats (or without a maximum), NULL when none; written by statement triggers on `course_run`
  in the same transaction as every write of runs (mutations, bookings, imports, COPY). An offer
  has a run with free seats that accepts registrations on day d exactly when
  `free_seats_until >= d`.
- `ix_course_run_free_seats`: the runs with free seats by (offer, start) with their last day,
  for `hasFreeSeats` within `startsBetween` (index-only probes).
- `ix_course_run_supply`: the runs that take registrations by start, with region, offer and
  free seats: the language course supply of a region reads them without the runs' rows.
- `ix_offer_id_filters` (0013) also carries `free_seats_until`, so that counts and facets in id
  order read it from the index.

The backfill writes every offer row once (and adding the generated column rewrites the runs):
run `VACUUM ANALYZE offer, course_run` afterwards so that index-only scans apply again; on a
large catalogue `VACUUM (FULL) offer` in a quiet hour gives back the space of the old row
versions (the 100,000-offer benchmark catalogue: 259 -> 172 MB).

Revision ID: 0016_free_seats_until
Revises: 0015_webhook_owner_organization
Create Date: 2026-12-06 10:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016_free_seats_until"
down_revision: str | None = "0015_webhook_owner_organization"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_UNTIL = """
    CASE WHEN status IN ('planned', 'open') OR (status = 'running' AND rolling_entry)
         THEN CASE WHEN rolling_entry THEN 'infinity'::date
                   ELSE LEAST(start_date, COALESCE(registration_deadline, start_date)) END
    END
"""



def _free_run(run: str = "") -> str:
    """The runs counted by offer.free_seats_until (and indexed by ix_course_run_free_seats);
    `run`: the table's alias with its dot."""
    return (
        f"{run}registration_open_until IS NOT NULL "
        f"AND ({run}free_seats > 0 OR {run}capacity_max IS NULL)"
    )


REFRESH_FUNCTION = f"""
CREATE FUNCTION koko_refresh_free_seats_until(offer_ids uuid[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE offer AS o
       SET free_seats_until = fresh.until
      FROM (SELECT ids.id,
                   (SELECT max(r.registration_open_until) FROM course_run AS r
                     WHERE r.offer_id = ids.id AND {_free_run("r.")})
                       AS until
              FROM unnest(offer_ids) AS ids(id)) AS fresh
     WHERE o.id = fresh.id AND o.free_seats_until IS DISTINCT FROM fresh.until
$$
"""

# One trigger per event: a trigger with transition tables has exactly one event.
TRIGGER_FUNCTIONS = {
    "insert": "ARRAY(SELECT DISTINCT offer_id FROM new_runs)",
    "update": "ARRAY(SELECT offer_id FROM new_runs UNION SELECT offer_id FROM old_runs)",
    "delete": "ARRAY(SELECT DISTINCT offer_id FROM old_runs)",
}
TRANSITIONS = {
    "insert": "REFERENCING NEW TABLE AS new_runs",
    "update": "REFERENCING NEW TABLE AS new_runs OLD TABLE AS old_runs",
    "delete": "REFERENCING OLD TABLE AS old_runs",
}


def upgrade() -> None:
    op.execute(
        f"ALTER TABLE course_run ADD COLUMN registration_open_until date "
        f"GENERATED ALWAYS AS ({OPEN_UNTIL}) STORED"
    )
    op.execute("ALTER TABLE offer ADD COLUMN free_seats_until date")
    op.execute(REFRESH_FUNCTION)
    for event, ids in TRIGGER_FUNCTIONS.items():
        op.execute(
            f"CREATE FUNCTION koko_free_seats_after_run_{event}() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN PERFORM koko_refresh_free_seats_until({ids}); "
            "RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER course_run_free_seats_{event} AFTER {event.upper()} ON course_run "
            f"{TRANSITIONS[event]} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION koko_free_seats_after_run_{event}()"
        )
    op.execute(
        f"""
        UPDATE offer AS o SET free_seats_until = runs.until
          FROM (SELECT offer_id, max(registration_open_until) AS until FROM course_run
                 WHERE {_free_run()} GROUP BY offer_id) AS runs
         WHERE o.id = runs.offer_id
        """
    )
    op.execute(
        "CREATE INDEX ix_course_run_free_seats ON course_run "
        f"(offer_id, start_date) INCLUDE (registration_open_until) WHERE {_free_run()}"
    )
    op.execute(
        "CREATE INDEX ix_course_run_supply ON course_run (start_date) INCLUDE (region_ars, "
        "offer_id, free_seats, registration_open_until) "
        "WHERE registration_open_until IS NOT NULL"
    )
    op.execute("DROP INDEX IF EXISTS ix_offer_id_filters")
    op.execute(
        "CREATE INDEX ix_offer_id_filters ON offer (id) INCLUDE (status, region_ars, "
        "category_code, course_type_id, location_id, provider_id, childcare, target_groups, "
        "instruction_languages, support_languages, free_seats_until)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_offer_id_filters")
    op.execute(
        "CREATE INDEX ix_offer_id_filters ON offer (id) INCLUDE (status, region_ars, "
        "category_code, course_type_id, location_id, provider_id, childcare, target_groups, "
        "instruction_languages, support_languages)"
    )
    op.execute("DROP INDEX IF EXISTS ix_course_run_supply")
    op.execute("DROP INDEX IF EXISTS ix_course_run_free_seats")
    for event in TRIGGER_FUNCTIONS:
        op.execute(f"DROP TRIGGER IF EXISTS course_run_free_seats_{event} ON course_run")
        op.execute(f"DROP FUNCTION IF EXISTS koko_free_seats_after_run_{event}()")
    op.execute("DROP FUNCTION IF EXISTS koko_refresh_free_seats_until(uuid[])")
    op.execute("ALTER TABLE offer DROP COLUMN IF EXISTS free_seats_until")
    op.execute("ALTER TABLE course_run DROP COLUMN IF EXISTS registration_open_until")

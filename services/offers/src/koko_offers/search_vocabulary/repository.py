"""Every query on the search_vocabulary table (migration 0018)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer.search_plans import PLANNER_INPUTS, PlannerInputs
from koko_offers.offer.text_search import NO_TABLE_SCAN_SETTINGS

# The version (NULL, should the row be gone: then nothing is kept), whether the transaction
# has written anything (then it may see rows nobody else sees yet) and the offer table's
# planner inputs (`offer.search_plans`); one row in any case.
_CURRENT = (
    "SELECT (SELECT version FROM search_vocabulary), pg_current_xact_id_if_assigned() IS NULL, "
    f"{PLANNER_INPUTS}"
)
CURRENT = text(_CURRENT)
# The same, making a search's plan settings in the same round trip.
CURRENT_WITH_SETTINGS = text(f"{_CURRENT}, {NO_TABLE_SCAN_SETTINGS}")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The version of the synonyms, code-list labels and known words a statement of this
    transaction reads, and whether others read the same: `shared` is false once the
    transaction has written (its own changes are invisible to everyone else, and it may roll
    them back)."""

    version: UUID | None
    shared: bool
    # What the planner plans the search's statements from (None when not `shared`).
    planner_inputs: PlannerInputs | None = None


async def current(session: AsyncSession, *, with_search_settings: bool = False) -> Vocabulary:
    """The vocabulary's version, one statement; with `with_search_settings` it also makes the
    settings of a search without table scans (`text_search.CUSTOM_PLANS_NO_TABLE_SCANS`)."""
    statement = CURRENT_WITH_SETTINGS if with_search_settings else CURRENT
    row = (await session.execute(statement)).one()
    shared = row[0] is not None and bool(row[1])
    inputs = PlannerInputs.of(row[0], row[2:6]) if shared else None
    return Vocabulary(version=row[0], shared=shared, planner_inputs=inputs)

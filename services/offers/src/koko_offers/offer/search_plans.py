"""What the planner answered for a search's tier statements, and where its walks end, kept for as
long as the planner's inputs on the offer table stay the same (issue 18: a page by relevance
asked the planner once per tier, `EXPLAIN`, and looked up where each walk ends, each a round
trip; a popular search asks the same questions with the same values request after request).

The inputs are read in the search's first statement, beside the vocabulary's version
(`search_vocabulary.repository.current`): the offer table's size on disk, which the planner
scales its row estimates by, its row count and the times of its last ANALYZE. A kept answer
serves only requests that read the same inputs and the same vocabulary version (so never
another database), and never a transaction that has written (it may see rows nobody else sees).

Both are choices of a path, never results: every path of `offer.ranking` reads the same rows,
the walk's end only splits the rank order between a walk and what comes after it. An answer
kept while rows are updated in place reads the same rows by a path chosen a little earlier."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.bounded_cache import ByteLru, approximate_size

# A plan as kept (`_trimmed`) weighs a few hundred bytes, a walk's end ~300; the bound is
# `OffersSettings.search_plan_cache_bytes` (`configure`).
SEARCH_PLAN_BYTES = 2 * 1024 * 1024
# The columns `search_vocabulary.repository.current` adds to its statement, in this order.
PLANNER_INPUTS = (
    "pg_relation_size('offer'), "
    "(SELECT reltuples FROM pg_class WHERE oid = 'offer'::regclass), "
    "pg_stat_get_last_analyze_time('offer'::regclass), "
    "pg_stat_get_last_autoanalyze_time('offer'::regclass)"
)
# What the predicates of `offer.ranking` read of a plan node.
_PLAN_KEYS = ("Node Type", "Index Name", "Plan Rows")
# session.info key: the transaction and the inputs its search read (`remember`).
_INPUTS = "koko_offers_planner_inputs"


@dataclass(frozen=True, slots=True)
class PlannerInputs:
    """The vocabulary's version and the offer table's planner inputs one statement read."""

    version: UUID
    pages: int
    tuples: float
    analyzed: datetime | None
    autoanalyzed: datetime | None

    @classmethod
    def of(cls, version: UUID, columns: Sequence[Any]) -> PlannerInputs:
        pages, tuples, analyzed, autoanalyzed = columns
        return cls(version, int(pages), float(tuples), analyzed, autoanalyzed)


def remember(session: AsyncSession, inputs: PlannerInputs | None) -> None:
    """The inputs this transaction's search read; None: nothing may be kept or taken (the
    transaction has written, or the vocabulary row is gone)."""
    session.info[_INPUTS] = (session.get_transaction(), inputs)


def _inputs(session: AsyncSession) -> PlannerInputs | None:
    read = session.info.get(_INPUTS)
    if read is None or read[0] is not session.get_transaction():
        return None
    inputs: PlannerInputs | None = read[1]
    return inputs


class SearchPlans:
    """Trimmed plans by statement, values and settings; walk ends by position, direction and
    length; each for the planner inputs it was asked under."""

    def __init__(self, max_bytes: int = SEARCH_PLAN_BYTES) -> None:
        self._kept: ByteLru[Any] = ByteLru(max_bytes)

    def configure(self, max_bytes: int) -> None:
        """A new bound, emptying what is kept when it changes."""
        if max_bytes != self._kept.max_bytes:
            self._kept = ByteLru(max_bytes)

    @property
    def max_bytes(self) -> int:
        return self._kept.max_bytes

    @property
    def bytes(self) -> int:
        return self._kept.bytes

    def __len__(self) -> int:
        return len(self._kept)

    def clear(self) -> None:
        self._kept.clear()

    async def plan(
        self,
        session: AsyncSession,
        sql: str,
        values: Sequence[Any],
        settings: str,
        explain: Callable[[], Awaitable[Mapping[str, Any]]],
    ) -> Mapping[str, Any]:
        """The plan of `sql` with `values` under `settings` (which of the transaction's plan
        settings are in force), trimmed to what `offer.ranking` reads of it: kept, or `explain`ed
        and kept."""
        inputs = _inputs(session)
        if inputs is None:
            return await explain()
        digest = hashlib.blake2b(repr((sql, tuple(values))).encode(), digest_size=16).digest()
        key = ("plan", inputs, settings, digest)
        kept = self._kept.get(key)
        if kept is not None:
            return kept  # type: ignore[no-any-return]
        plan = _trimmed(await explain())
        self._kept.put(key, plan, approximate_size(key, plan))
        return plan

    async def walk_end(
        self,
        session: AsyncSession,
        where: tuple[Any, ...],
        find: Callable[[], Awaitable[tuple[int, UUID] | None]],
    ) -> tuple[int, UUID] | None:
        """Where a walk from `where` (position, direction, length) ends: kept, or found and
        kept."""
        inputs = _inputs(session)
        if inputs is None:
            return await find()
        key = ("walk end", inputs, where)
        if key in self._kept:
            end: tuple[int, UUID] | None = self._kept.get(key)
            return end
        end = await find()
        self._kept.put(key, end, approximate_size(key, end))
        return end


def _trimmed(node: Mapping[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {k: node[k] for k in _PLAN_KEYS if k in node}
    children = node.get("Plans")
    if children:
        kept["Plans"] = [_trimmed(child) for child in children]
    return kept


# One per process: every request of the process shares it (asyncio: one thread touches it).
SEARCH_PLANS = SearchPlans()

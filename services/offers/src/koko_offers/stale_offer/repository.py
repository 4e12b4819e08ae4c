"""Report query of stale offers. The latest confirmation is read from the change log (written by
`offerConfirm`), falling back to the offer's own `last_confirmed_at` and then its creation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

CONFIRM_ACTIONS = ("confirmed", "offer.confirmed")

_SELECT = """
    SELECT o.id AS offer_id, o.title, o.region_ars, o.provider_id, p.name AS provider_name,
           o.last_confirmed_by, c.confirmed_at AS logged_confirmation,
           COALESCE(GREATEST(c.confirmed_at, o.last_confirmed_at), o.created_at) AS confirmed_at,
           (c.confirmed_at IS NOT NULL OR o.last_confirmed_at IS NOT NULL) AS ever_confirmed
    FROM offer o
    JOIN provider p ON p.id = o.provider_id
    LEFT JOIN LATERAL (
        SELECT max(cl.occurred_at) AS confirmed_at FROM change_log cl
        WHERE cl.entity = 'offer' AND cl.entity_id = o.id AND cl.action = ANY(:actions)
    ) c ON true
    WHERE o.status = 'published' AND o.region_ars LIKE :prefix || '%'
      AND (CAST(:all_providers AS boolean) OR o.provider_id = ANY(:provider_ids))
"""


@dataclass(frozen=True, slots=True)
class StaleOfferRow:
    offer_id: UUID
    title: str
    region_ars: str
    provider_id: UUID
    provider_name: str
    last_confirmed_by: str | None
    logged_confirmation: datetime | None
    confirmed_at: datetime
    ever_confirmed: bool


async def stale(
    session: AsyncSession,
    *,
    region_prefix: str,
    provider_ids: Sequence[UUID] | None,
    threshold: datetime,
    first: int,
    after: tuple[datetime, UUID] | None,
    backward: bool = False,
) -> list[StaleOfferRow]:
    """Stale offers oldest confirmation first, `first + 1` rows after the keyset `after`; with
    `backward`, the rows before it, nearest first."""
    params = _params(region_prefix, provider_ids, threshold)
    keyset = ""
    if after is not None:
        beyond = "<" if backward else ">"
        keyset = f"AND (s.confirmed_at, s.offer_id) {beyond} (:after_at, :after_id)"
        params.update(after_at=after[0], after_id=after[1])
    direction = "DESC" if backward else "ASC"
    rows = await session.execute(
        text(
            f"SELECT * FROM ({_SELECT}) s WHERE s.confirmed_at < :threshold {keyset} "
            f"ORDER BY s.confirmed_at {direction}, s.offer_id {direction} LIMIT :limit"
        ),
        {**params, "limit": first + 1},
    )
    return [StaleOfferRow(**row._mapping) for row in rows]


async def count_stale(
    session: AsyncSession,
    *,
    region_prefix: str,
    provider_ids: Sequence[UUID] | None,
    threshold: datetime,
) -> int:
    row = await session.execute(
        text(f"SELECT count(*) FROM ({_SELECT}) s WHERE s.confirmed_at < :threshold"),
        _params(region_prefix, provider_ids, threshold),
    )
    return int(row.scalar_one())


def _params(
    region_prefix: str, provider_ids: Sequence[UUID] | None, threshold: datetime
) -> dict[str, object]:
    return {
        "actions": list(CONFIRM_ACTIONS),
        "prefix": region_prefix,
        "all_providers": provider_ids is None,
        "provider_ids": list(provider_ids or []),
        "threshold": threshold,
    }

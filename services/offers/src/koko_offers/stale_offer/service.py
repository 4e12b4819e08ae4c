"""Who sees which stale offers, and after how many days an offer is stale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.offer.visibility import read_scope
from koko_offers.region.settings import region_settings, stale_after_days
from koko_offers.stale_offer import repository
from koko_offers.stale_offer.repository import StaleOfferRow
from koko_shared.auth.actor import Actor, Role, ars_prefix
from koko_shared.errors import PermissionDenied
from koko_shared.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True)
class StalePage:
    page: Page[StaleOfferRow]
    total_count: int
    stale_after_days: int
    now: datetime


async def stale_offers(
    session: AsyncSession,
    actor: Actor,
    *,
    region_ars: str,
    default_days: int,
    request: PageRequest,
    now: datetime | None = None,
) -> StalePage:
    """Coordinators see every stale offer of the region, providers only their own."""
    provider_ids: list[UUID] | None = None
    if not actor.has_role(Role.COORDINATOR, region_ars):
        if not actor.has_role(Role.PROVIDER, region_ars):
            raise PermissionDenied(
                "only coordinators and providers of this region see stale offers"
            )
        provider_ids = list(read_scope(actor).provider_ids)
    values = request.decode(datetime.fromisoformat, UUID)
    keyset = (values[0], values[1]) if values is not None else None
    now = now or datetime.now(UTC)
    days = stale_after_days(await region_settings(session, region_ars), default_days)
    threshold = now - timedelta(days=days)
    prefix = ars_prefix(region_ars)
    rows = await repository.stale(
        session,
        region_prefix=prefix,
        provider_ids=provider_ids,
        threshold=threshold,
        first=request.size,
        after=keyset,
        backward=request.backward,
    )
    total = await repository.count_stale(
        session, region_prefix=prefix, provider_ids=provider_ids, threshold=threshold
    )
    keys: list[tuple[str, str]] = [
        (row.confirmed_at.isoformat(), str(row.offer_id)) for row in rows
    ]
    return StalePage(Page.from_overfetch(rows, keys, request), total, days, now)

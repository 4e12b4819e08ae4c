"""Provider self-service: offers not confirmed for the region's number of days are stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.change_log import repository as change_log_repository
from koko_offers.change_log.models import ChangeLogEntry
from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

from .conftest import MAGDEBURG, Catalogue

STALE = """
query($ars: String!, $first: Int, $after: String) {
  staleOffers(regionArs: $ars, first: $first, after: $after) {
    totalCount staleAfterDays
    pageInfo { hasNextPage endCursor }
    edges { node { title providerName stale lastConfirmedAt daysSinceConfirmation } }
  }
}
"""


async def _stale(
    client: httpx.AsyncClient, headers: dict[str, str], **variables: Any
) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": STALE, "variables": {"ars": MAGDEBURG, **variables}},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return response.json()


def _ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


async def _confirm(session: AsyncSession, offer_id: Any, *, days_ago: int) -> None:
    """A confirmation as `offerConfirm` records it, back-dated in the change log."""
    await change_log_repository.add(
        session,
        ChangeLogEntry(
            occurred_at=_ago(days_ago),
            actor_subject="provider-user",
            region_ars=MAGDEBURG,
            entity="offer",
            entity_id=offer_id,
            action="confirmed",
        ),
    )


async def test_coordinator_sees_offers_unconfirmed_longer_than_default_days(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens, session: AsyncSession
) -> None:
    # given: default 30 days; one confirmed 40 days ago (offer field), one confirmed in the
    # change log 2 days ago although the offer field is old, one never confirmed but created
    # today, one draft
    provider = await catalogue.provider()
    old = await catalogue.offer(provider, title="Alt", last_confirmed_at=_ago(40))
    recent = await catalogue.offer(provider, title="Frisch", last_confirmed_at=_ago(90))
    await _confirm(session, recent.id, days_ago=2)
    await catalogue.offer(provider, title="Neu")
    await catalogue.offer(provider, title="Entwurf", status="draft", last_confirmed_at=_ago(99))
    # when
    body = await _stale(client, tokens.for_role(Role.COORDINATOR, MAGDEBURG))
    # then
    page = body["data"]["staleOffers"]
    assert page["staleAfterDays"] == 30
    assert [e["node"]["title"] for e in page["edges"]] == ["Alt"]
    assert page["edges"][0]["node"]["stale"] is True
    assert page["edges"][0]["node"]["daysSinceConfirmation"] == 40
    assert old.title == "Alt"


async def test_region_setting_overrides_days_and_pages_oldest_first(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens, session: AsyncSession
) -> None:
    # given: the region flags offers after 7 days
    await catalogue.region(MAGDEBURG, stale_after_days=7)
    provider = await catalogue.provider()
    for days in (10, 20, 30):
        offer = await catalogue.offer(provider, title=f"{days} Tage")
        await _confirm(session, offer.id, days_ago=days)
    await catalogue.offer(provider, title="5 Tage", last_confirmed_at=_ago(5))
    headers = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    # when
    first = await _stale(client, headers, first=2)
    rest = await _stale(
        client, headers, first=2, after=first["data"]["staleOffers"]["pageInfo"]["endCursor"]
    )
    # then
    page = first["data"]["staleOffers"]
    assert (page["staleAfterDays"], page["totalCount"]) == (7, 3)
    assert [e["node"]["title"] for e in page["edges"]] == ["30 Tage", "20 Tage"]
    assert page["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["title"] for e in rest["data"]["staleOffers"]["edges"]] == ["10 Tage"]


async def test_provider_sees_only_its_own_stale_offers(
    client: httpx.AsyncClient, catalogue: Catalogue, tokens: TestTokens
) -> None:
    # given
    mine = await catalogue.provider(name="Mein Träger")
    other = await catalogue.provider(name="Anderer Träger")
    await catalogue.offer(mine, title="Meins", last_confirmed_at=_ago(60))
    await catalogue.offer(other, title="Fremd", last_confirmed_at=_ago(60))
    # when
    body = await _stale(
        client, tokens.for_role(Role.PROVIDER, MAGDEBURG, organization=str(mine.id))
    )
    public = await _stale(client, {})
    # then
    assert [e["node"]["title"] for e in body["data"]["staleOffers"]["edges"]] == ["Meins"]
    assert public["data"] is None

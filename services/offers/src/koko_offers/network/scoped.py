"""The request's view of each region's network, and look-ups by id through the SQL scopes of
network/visibility.py. A row's region (hence the caller's view of it) is known only once the row
is read, so a look-up reads the rows (the request's plain loader, shared by every caller of it
in this request) and then asks the database, in one statement, which of them the caller's views
of their regions see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import col, select
from strawberry.dataloader import DataLoader

from koko_offers.graphql.context import OffersContext
from koko_offers.network.visibility import NetworkView, network_view
from koko_shared.graphql.loaders import loader


class NetworkRow(Protocol):
    id: UUID
    region_ars: str


def view_of(context: OffersContext, region_ars: str) -> NetworkView:
    """The caller's view of a region's network, worked out once per request."""
    key = f"network_view:{region_ars}"
    view: NetworkView | None = context.loaders.get(key)
    if view is None:
        view = context.loaders[key] = network_view(context.actor, region_ars)
    return view


def visible_by_id(
    context: OffersContext,
    name: str,
    model: Any,
    scope: Callable[[NetworkView], ColumnElement[bool]],
    rows_by_id: Callable[[OffersContext], DataLoader[UUID, Any]],
) -> DataLoader[UUID, Any]:
    """The request's loader `name` of the rows of `model` by id that the caller sees (`scope`
    of its view of each row's region); others load as None."""

    async def load(session: Any, ids: Sequence[UUID]) -> dict[UUID, Any]:
        rows = [r for r in await rows_by_id(context).load_many(list(ids)) if r is not None]
        by_region: dict[str, list[UUID]] = defaultdict(list)
        for row in rows:
            by_region[row.region_ars].append(row.id)
        if not by_region:
            return {}
        condition = or_(
            *(
                and_(col(model.id).in_(region_ids), scope(view_of(context, region)))
                for region, region_ids in by_region.items()
            )
        )
        seen = set((await session.execute(select(col(model.id)).where(condition))).scalars())
        return {row.id: row for row in rows if row.id in seen}

    return loader(context, name, load)

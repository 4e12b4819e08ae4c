"""Dataloaders of course runs: by id (for entity references) and per offer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from koko_offers.course_run import repository
from koko_offers.course_run.models import CourseRun
from koko_offers.course_run.repository import SupplyRow
from koko_offers.graphql.context import OffersContext
from koko_offers.offer.visibility import read_scope
from koko_shared.graphql.loaders import loader


def course_run_by_id(context: OffersContext) -> DataLoader[UUID, CourseRun | None]:
    scope = read_scope(context.actor)

    async def load(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, CourseRun]:
        return await repository.get_many(session, ids, scope)

    return loader(context, "course_run_by_id", load)


def runs_of_offer(
    context: OffersContext, *, include_past: bool
) -> DataLoader[UUID, list[CourseRun]]:
    """Runs of an offer by start date; without `include_past` only those not over yet."""

    async def load(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, list[CourseRun]]:
        ending_from = None if include_past else date.today()
        return await repository.for_offers(session, ids, ending_from=ending_from)

    name = "runs_of_offer_all" if include_past else "runs_of_offer_current"
    return loader(context, name, load, default=[])


def next_start_of_offer(context: OffersContext) -> DataLoader[UUID, date | None]:
    """The next start of each offer (not cancelled or finished, from today on)."""

    async def load(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, date]:
        return await repository.next_starts(session, ids, date.today())

    return loader(context, "next_start_of_offer", load)


def language_course_supply(
    context: OffersContext, on: date | None = None
) -> DataLoader[str, list[SupplyRow]]:
    """Supply of each region asked for in one request (e.g. a batch of `Region` entities), from
    `on` (default today): one loader per day asked for."""

    async def load(session: AsyncSession, ars_list: Sequence[str]) -> dict[str, list[SupplyRow]]:
        return await repository.language_course_supply(session, ars_list, date.today(), on)

    name = "language_course_supply" if on is None else f"language_course_supply:{on}"
    return loader(context, name, load, default=[])

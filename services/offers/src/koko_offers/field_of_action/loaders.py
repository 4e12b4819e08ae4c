"""The field-of-action code list by code, read once per request."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from koko_offers.field_of_action import repository
from koko_offers.field_of_action.models import FieldOfAction
from koko_offers.graphql.context import OffersContext
from koko_shared.graphql.loaders import loader


def field_of_action_by_code(context: OffersContext) -> DataLoader[str, FieldOfAction | None]:
    async def load(session: AsyncSession, codes: Sequence[str]) -> dict[str, FieldOfAction]:
        return await repository.by_code(session)

    return loader(context, "field_of_action_by_code", load)

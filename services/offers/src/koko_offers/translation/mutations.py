"""`translationUpsert`: store the translation of one field into one language."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.payloads import run_mutation
from koko_offers.translation import service
from koko_offers.translation.inputs import TranslationUpsertInput
from koko_offers.translation.models import Translation as TranslationRow
from koko_offers.translation.payloads import TranslationPayload


@strawberry.type
class TranslationMutations:
    @strawberry.mutation(
        description="Store a translation made from the current German text (its sha256 is "
        "kept); it becomes outdated when the German text changes in a major edit."
    )
    async def translation_upsert(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            TranslationUpsertInput,
            strawberry.argument(
                description="The record, field and language, and the translated text."
            ),
        ],
    ) -> TranslationPayload:
        context = info.context

        async def run() -> TranslationRow:
            return await service.upsert(context.session, context.actor, input.to_upsert())

        row, violations = await run_mutation(context, run)
        return TranslationPayload.of(row, violations, context.language)

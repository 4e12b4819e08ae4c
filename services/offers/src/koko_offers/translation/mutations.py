"""`translationUpsert`: store the translation of one field into one language."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.errors import invalid
from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.payloads import run_mutation
from koko_offers.translation import service
from koko_offers.translation.inputs import TranslationUpsertInput
from koko_offers.translation.models import Translation as TranslationRow
from koko_offers.translation.payloads import TranslationPayload
from koko_shared.errors import InvalidInput
from koko_shared.graphql.ids import from_global_id


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
            try:
                type_name, entity_id = from_global_id(input.entity_id, field="entityId")
            except InvalidInput as exc:
                raise invalid("entityId", "invalid_id", value=input.entity_id[:60]) from exc
            entity = service.ENTITY_OF_TYPE.get(type_name)
            if entity is None:
                raise invalid(
                    "entityId",
                    "wrong_id_type",
                    value=input.entity_id[:60],
                    expected=", ".join(service.ENTITY_OF_TYPE),
                )
            return await service.upsert(
                context.session,
                context.actor,
                entity=entity,
                entity_id=entity_id,
                field=input.field,
                language=input.language,
                text=input.text,
                state=str(input.state.value),
            )

        row, violations = await run_mutation(context, run)
        return TranslationPayload.of(row, violations, context.language)

"""Pathway mutations (coordinators): `pathwayCreate`, `pathwayUpdate`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.payloads import run_mutation
from koko_offers.pathway import service
from koko_offers.pathway.inputs import PathwayCreateInput, PathwayUpdateInput
from koko_offers.pathway.models import Pathway as PathwayRow
from koko_offers.pathway.models import PathwayStep as PathwayStepRow
from koko_offers.pathway.payloads import PathwayPayload
from koko_offers.validation import decode_id


@strawberry.type
class PathwayMutations:
    @strawberry.mutation(description="Create a pathway with ordered steps (coordinators).")
    async def pathway_create(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            PathwayCreateInput, strawberry.argument(description="The pathway to create.")
        ],
    ) -> PathwayPayload:
        context = info.context

        async def run() -> tuple[PathwayRow, list[PathwayStepRow]]:
            return await service.create(
                context.session,
                context.actor,
                region_ars=input.region_ars,
                new=input.to_create(),
            )

        result, violations = await run_mutation(context, run)
        return PathwayPayload.of(result, violations, context.language)

    @strawberry.mutation(description="Edit a pathway; `steps` replace its steps in order.")
    async def pathway_update(
        self,
        info: Info[OffersContext, None],
        input: Annotated[
            PathwayUpdateInput,
            strawberry.argument(
                description="The pathway, its expected version and the fields to change."
            ),
        ],
    ) -> PathwayPayload:
        context = info.context

        async def run() -> tuple[PathwayRow, list[PathwayStepRow]]:
            return await service.update(
                context.session,
                context.actor,
                pathway_id=decode_id(input.id, "Pathway", "id"),
                expected_version=input.expected_version,
                change=input.to_change(),
                major_edit=input.major_edit,
            )

        result, violations = await run_mutation(context, run)
        return PathwayPayload.of(result, violations, context.language)

"""Payload of `indicatorDefine`."""

from __future__ import annotations

import strawberry

from koko_shared.graphql.schema import MutationError
from koko_surveys.indicator.types import IndicatorDefinition


@strawberry.type(description="Result of indicatorDefine.")
class IndicatorPayload:
    indicator: IndicatorDefinition | None = strawberry.field(
        description="The indicator; null on failure."
    )
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )

"""Results of provider mutations: the provider and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.provider.models import Provider as ProviderRow
from koko_offers.provider.types import Provider
from koko_shared.graphql.mutations import mutation_errors
from koko_shared.graphql.schema import MutationError


@strawberry.type(description="Result of a provider mutation: the provider, or the errors.")
class ProviderPayload:
    provider: Provider | None = strawberry.field(
        description="The provider as stored; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: ProviderRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            provider=Provider.from_row(row) if row is not None and not violations else None,
            errors=mutation_errors(violations, language),
        )

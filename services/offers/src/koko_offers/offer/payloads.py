"""Results of offer mutations: the offer and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.offer.models import Offer as OfferRow
from koko_offers.offer.types import Offer
from koko_shared.graphql.mutations import mutation_errors
from koko_shared.graphql.schema import MutationError


@strawberry.type(description="Result of a offer mutation: the offer, or the errors.")
class OfferPayload:
    offer: Offer | None = strawberry.field(description="The offer as stored; null on errors.")
    errors: list[MutationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: OfferRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            offer=Offer.from_row(row) if row is not None and not violations else None,
            errors=mutation_errors(violations, language),
        )

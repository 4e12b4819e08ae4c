"""Results of offer mutations: the offer and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.graphql.payloads import payload_errors
from koko_offers.offer.models import Offer as OfferRow
from koko_offers.offer.types import Offer
from koko_shared.errors import ErrorCode


@strawberry.type(description="An expected failure of an offer mutation.")
class OfferError:
    field: str | None = strawberry.field(description="The input field (camelCase), or null.")
    code: ErrorCode = strawberry.field(description="What kind of failure.")
    message: str = strawberry.field(description="Human-readable, in the request language.")


@strawberry.type(description="Result of a offer mutation: the offer, or the errors.")
class OfferPayload:
    offer: Offer | None = strawberry.field(description="The offer as stored; null on errors.")
    errors: list[OfferError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: OfferRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            offer=Offer.from_row(row) if row is not None and not violations else None,
            errors=payload_errors(violations, language, OfferError),
        )

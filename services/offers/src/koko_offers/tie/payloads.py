"""Results of tie mutations: the tie and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.graphql.payloads import payload_errors
from koko_offers.tie.models import Tie as TieRow
from koko_offers.tie.types import Tie
from koko_shared.errors import ErrorCode


@strawberry.type(description="An expected failure of a tie mutation.")
class TieError:
    field: str | None = strawberry.field(description="The input field (camelCase), or null.")
    code: ErrorCode = strawberry.field(description="What kind of failure.")
    message: str = strawberry.field(description="Human-readable, in the request language.")


@strawberry.type(description="Result of a tie mutation: the tie, or the errors.")
class TiePayload:
    tie: Tie | None = strawberry.field(description="The tie as stored; null on errors.")
    errors: list[TieError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: TieRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            tie=Tie.from_row(row) if row is not None and not violations else None,
            errors=payload_errors(violations, language, TieError),
        )

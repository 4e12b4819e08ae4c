"""Results of tie mutations: the tie and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.tie.models import Tie as TieRow
from koko_offers.tie.types import Tie
from koko_shared.graphql.mutations import mutation_errors
from koko_shared.graphql.schema import MutationError


@strawberry.type(description="Result of a tie mutation: the tie, or the errors.")
class TiePayload:
    tie: Tie | None = strawberry.field(description="The tie as stored; null on errors.")
    errors: list[MutationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: TieRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            tie=Tie.from_row(row) if row is not None and not violations else None,
            errors=mutation_errors(violations, language),
        )

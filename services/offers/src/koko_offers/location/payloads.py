"""Results of location mutations: the location and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.location.models import Location as LocationRow
from koko_offers.location.types import Location
from koko_shared.graphql.mutations import mutation_errors
from koko_shared.graphql.schema import MutationError


@strawberry.type(description="Result of a location mutation: the location, or the errors.")
class LocationPayload:
    location: Location | None = strawberry.field(
        description="The location as stored; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: LocationRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            location=Location.from_row(row) if row is not None and not violations else None,
            errors=mutation_errors(violations, language),
        )

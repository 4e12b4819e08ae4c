"""Results of location mutations: the location and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.graphql.payloads import payload_errors
from koko_offers.location.models import Location as LocationRow
from koko_offers.location.types import Location
from koko_shared.errors import ErrorCode


@strawberry.type(description="An expected failure of a location mutation.")
class LocationError:
    field: str | None = strawberry.field(description="The input field (camelCase), or null.")
    code: ErrorCode = strawberry.field(description="What kind of failure.")
    message: str = strawberry.field(description="Human-readable, in the request language.")


@strawberry.type(description="Result of a location mutation: the location, or the errors.")
class LocationPayload:
    location: Location | None = strawberry.field(
        description="The location as stored; null on errors."
    )
    errors: list[LocationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: LocationRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            location=Location.from_row(row) if row is not None and not violations else None,
            errors=payload_errors(violations, language, LocationError),
        )

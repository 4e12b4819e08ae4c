"""Results of location mutations: the location and typed errors."""

from __future__ import annotations

from enum import Enum
from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.graphql.payloads import payload_errors
from koko_offers.location.models import Location as LocationRow
from koko_offers.location.types import Location


@strawberry.enum(description="Why a location mutation failed.")
class LocationErrorCode(Enum):
    INVALID = "invalid"
    TOO_LONG = "too_long"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    PERMISSION_DENIED = "permission_denied"


@strawberry.type(description="An expected failure of a location mutation.")
class LocationError:
    field: str | None = strawberry.field(description="The input field (camelCase), or null.")
    code: LocationErrorCode
    message: str = strawberry.field(description="Human-readable, in the request language.")


@strawberry.type
class LocationPayload:
    location: Location | None
    errors: list[LocationError]

    @classmethod
    def of(cls, row: LocationRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            location=Location.from_row(row) if row is not None and not violations else None,
            errors=payload_errors(violations, language, LocationError, LocationErrorCode),
        )

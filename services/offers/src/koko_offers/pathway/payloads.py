"""Results of pathway mutations: the pathway with its steps and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.graphql.payloads import payload_errors
from koko_offers.pathway.models import Pathway as PathwayRow
from koko_offers.pathway.models import PathwayStep as PathwayStepRow
from koko_offers.pathway.types import Pathway
from koko_shared.errors import ErrorCode


@strawberry.type(description="An expected failure of a pathway mutation.")
class PathwayError:
    field: str | None = strawberry.field(
        description="The input field (camelCase, `steps.2.title` for a step), or null."
    )
    code: ErrorCode = strawberry.field(description="What kind of failure.")
    message: str = strawberry.field(description="Human-readable, in the request language.")


@strawberry.type(description="Result of a pathway mutation: the pathway, or the errors.")
class PathwayPayload:
    pathway: Pathway | None = strawberry.field(description="The pathway as stored; null on errors.")
    errors: list[PathwayError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(
        cls,
        result: tuple[PathwayRow, list[PathwayStepRow]] | None,
        violations: list[Violation],
        language: str,
    ) -> Self:
        return cls(
            pathway=Pathway.from_row(*result) if result is not None and not violations else None,
            errors=payload_errors(violations, language, PathwayError),
        )

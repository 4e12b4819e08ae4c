"""Results of pathway mutations: the pathway with its steps and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.pathway.models import Pathway as PathwayRow
from koko_offers.pathway.models import PathwayStep as PathwayStepRow
from koko_offers.pathway.types import Pathway
from koko_shared.graphql.mutations import mutation_errors
from koko_shared.graphql.schema import MutationError


@strawberry.type(description="Result of a pathway mutation: the pathway, or the errors.")
class PathwayPayload:
    pathway: Pathway | None = strawberry.field(description="The pathway as stored; null on errors.")
    errors: list[MutationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(
        cls,
        result: tuple[PathwayRow, list[PathwayStepRow]] | None,
        violations: list[Violation],
        language: str,
    ) -> Self:
        return cls(
            pathway=Pathway.from_row(*result) if result is not None and not violations else None,
            errors=mutation_errors(violations, language),
        )

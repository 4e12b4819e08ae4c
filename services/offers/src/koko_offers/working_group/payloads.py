"""Results of working group mutations: the group and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.working_group.models import WorkingGroup as WorkingGroupRow
from koko_offers.working_group.types import WorkingGroup
from koko_shared.graphql.mutations import mutation_errors
from koko_shared.graphql.schema import MutationError


@strawberry.type(description="Result of a working group mutation: the group, or the errors.")
class WorkingGroupPayload:
    working_group: WorkingGroup | None = strawberry.field(
        description="The group as stored; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: WorkingGroupRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            working_group=WorkingGroup.from_row(row)
            if row is not None and not violations
            else None,
            errors=mutation_errors(violations, language),
        )

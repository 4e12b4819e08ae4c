"""Results of working group mutations: the group and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.graphql.payloads import payload_errors
from koko_offers.working_group.models import WorkingGroup as WorkingGroupRow
from koko_offers.working_group.types import WorkingGroup
from koko_shared.errors import ErrorCode


@strawberry.type(description="An expected failure of a working group mutation.")
class WorkingGroupError:
    field: str | None = strawberry.field(description="The input field (camelCase), or null.")
    code: ErrorCode = strawberry.field(description="What kind of failure.")
    message: str = strawberry.field(description="Human-readable, in the request language.")


@strawberry.type(description="Result of a working group mutation: the group, or the errors.")
class WorkingGroupPayload:
    working_group: WorkingGroup | None = strawberry.field(
        description="The group as stored; null on errors."
    )
    errors: list[WorkingGroupError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: WorkingGroupRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            working_group=WorkingGroup.from_row(row)
            if row is not None and not violations
            else None,
            errors=payload_errors(violations, language, WorkingGroupError),
        )

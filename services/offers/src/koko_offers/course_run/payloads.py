"""Results of course run mutations: the run and typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.course_run.models import CourseRun as CourseRunRow
from koko_offers.course_run.types import CourseRun
from koko_offers.errors import Violation
from koko_shared.graphql.mutations import mutation_errors
from koko_shared.graphql.schema import MutationError


@strawberry.type(description="Result of a course run mutation: the course run, or the errors.")
class CourseRunPayload:
    course_run: CourseRun | None = strawberry.field(
        description="The course run as stored; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: CourseRunRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            course_run=CourseRun.from_row(row) if row is not None and not violations else None,
            errors=mutation_errors(violations, language),
        )

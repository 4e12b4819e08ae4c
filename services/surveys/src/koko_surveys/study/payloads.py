"""Payload of `studyCreate`."""

from __future__ import annotations

import strawberry

from koko_shared.graphql.schema import MutationError
from koko_surveys.study.types import Study


@strawberry.type(description="Result of studyCreate.")
class StudyPayload:
    study: Study | None = strawberry.field(description="The study; null on failure.")
    errors: list[MutationError] = strawberry.field(
        description="Why the mutation failed; empty on success."
    )

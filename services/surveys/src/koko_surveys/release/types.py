"""GraphQL types of releases."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from koko_shared.graphql.ids import to_global_id
from koko_surveys.release.models import Release


@strawberry.type(
    description="A release of a study: its figures frozen at a cut-off (or for closed waves). "
    "Readers without the analyst role see figures from releases only."
)
class StudyRelease:
    id: strawberry.ID = strawberry.field(description="Global id of the release.")
    number: int = strawberry.field(description="Number of the release in its study, from 1.")
    cut_off_at: datetime = strawberry.field(
        description="Submissions stored up to this moment are in the release."
    )
    published_at: datetime | None = strawberry.field(description="When the release was published.")
    submission_count: int | None = strawberry.field(
        description="Submissions frozen in the release: a true count, so only for the study's "
        "coordinators, analysts and integrators (null for everyone else)."
    )
    new_submission_count: int | None = strawberry.field(
        description="Submissions the previous release did not hold (like submissionCount)."
    )

    @classmethod
    def from_row(cls, row: Release, *, internal: bool = False) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("StudyRelease", row.id)),
            number=row.number,
            cut_off_at=row.cut_off_at,
            published_at=row.published_at,
            submission_count=row.submission_count if internal else None,
            new_submission_count=row.new_submission_count if internal else None,
        )

"""GraphQL types of releases."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from koko_shared.graphql.ids import to_global_id
from koko_surveys.release.models import Release


@strawberry.type(
    description="A release of a wave: its tables computed once from the wave's table plan and "
    "their published values stored. Readers without the analyst role read stored values only."
)
class StudyRelease:
    id: strawberry.ID = strawberry.field(description="Global id of the release.")
    number: int = strawberry.field(description="Number of the release in its study, from 1.")
    wave_id: strawberry.ID | None = strawberry.field(
        description="Global id of the wave released (null for releases from before releases "
        "were per wave; they publish nothing)."
    )
    revision: int = strawberry.field(
        description="0 for the wave's first release, then 1, 2, ... per accepted revision."
    )
    plan_version: int | None = strawberry.field(
        description="Version of the study's table plan the release publishes."
    )
    cut_off_at: datetime = strawberry.field(description="When the release was computed.")
    published_at: datetime | None = strawberry.field(description="When the release was published.")
    submission_count: int | None = strawberry.field(
        description="Interviews of the wave in the release: a true count, so only for the "
        "study's coordinators, analysts and integrators (null for everyone else)."
    )
    new_submission_count: int | None = strawberry.field(
        description="People whose figures changed against the wave's previous release (all "
        "people for a first release); like submissionCount."
    )

    @classmethod
    def from_row(cls, row: Release, *, internal: bool = False) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("StudyRelease", row.id)),
            number=row.number,
            wave_id=strawberry.ID(to_global_id("Wave", row.wave_id)) if row.wave_id else None,
            revision=row.revision,
            plan_version=row.plan_version,
            cut_off_at=row.cut_off_at,
            published_at=row.published_at,
            submission_count=row.submission_count if internal else None,
            new_submission_count=row.new_submission_count if internal else None,
        )

"""Input of `studyCreate`."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON


@strawberry.input(description="A new study of a region with its disclosure settings.")
class StudyCreateInput:
    region_ars: str = strawberry.field(
        description="Regionalschlüssel (12 digits) of the study's region."
    )
    code: str = strawberry.field(description="Code of the study, unique in the region.")
    title: JSON = strawberry.field(description='Title by language, e.g. {"de": "Verbleib"}.')
    kind: str = strawberry.field(description="destination, intake, follow_up, employer or other.")
    aggregates_public: bool = strawberry.field(
        default=False,
        description="Whether the study's aggregates are public (visible without a role).",
    )
    min_cell_count: int = strawberry.field(
        default=3, description="Smallest count shown; smaller counts are suppressed (at least 3)."
    )
    min_rate_denominator: int = strawberry.field(
        default=10, description="Smallest denominator a rate is shown for (at least 10)."
    )
    k_anonymity: int = strawberry.field(
        default=5, description="Smallest group size in an export (k-anonymity, at least 5)."
    )
    retention_days: int | None = strawberry.field(
        default=None,
        description="Days after a wave closes before its submissions are deleted; null: kept.",
    )
    release_min_submissions: int = strawberry.field(
        default=10,
        description="New submissions a release needs since the previous one (at least 10).",
    )

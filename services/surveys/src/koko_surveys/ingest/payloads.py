"""Payload of `submissionsIngest`."""

from __future__ import annotations

import strawberry

from koko_shared.graphql.schema import MutationError
from koko_surveys.ingest.types import SubmissionResult


@strawberry.type(description="Result of submissionsIngest: one result per submission and counts.")
class SubmissionsIngestPayload:
    results: list[SubmissionResult] = strawberry.field(
        description="One result per submission, in the order sent."
    )
    created: int = strawberry.field(description="Submissions stored.")
    unchanged: int = strawberry.field(description="Submissions already stored as sent.")
    conflict: int = strawberry.field(description="Submissions that conflict with stored ones.")
    rejected: int = strawberry.field(description="Submissions refused.")
    errors: list[MutationError] = strawberry.field(
        description="Failures of the whole batch (e.g. too many rows); empty otherwise."
    )

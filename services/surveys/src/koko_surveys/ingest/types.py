"""GraphQL types of the submission mutation (small writes; bulk goes over REST): the batch
mode and the result of one submission."""

from __future__ import annotations

import strawberry

from koko_shared.graphql.schema import MutationError

SubmissionMode = strawberry.enum(
    __import__("koko_surveys.ingest.service", fromlist=["Mode"]).Mode,
    name="SubmissionMode",
    description="How a batch of submissions is stored.",
)
_MODE_DESCRIPTIONS = {
    "partial": "Store every valid submission; the others are reported per row.",
    "atomic": "Store all submissions or, when one fails, none (BATCH_REJECTED).",
    "dry_run": "Check every submission and report per row, but store nothing.",
}
for _value in getattr(SubmissionMode, "__strawberry_definition__").values:  # noqa: B009
    _value.description = _MODE_DESCRIPTIONS[str(_value.value)]


@strawberry.type(description="What happened to one submission of the batch.")
class SubmissionResult:
    row: int = strawberry.field(description="Position of the submission in the batch, from 1.")
    submission_id: str | None = strawberry.field(
        description="The submission's id; null when it could not be read."
    )
    status: str = strawberry.field(description="created, unchanged, conflict or rejected.")
    errors: list[MutationError] = strawberry.field(
        description="Why it was rejected or conflicts; empty otherwise."
    )

"""GraphQL types of the submission mutation (small writes; bulk goes over REST)."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from koko_shared.graphql.schema import MutationError

SubmissionMode = strawberry.enum(
    __import__("koko_surveys.submission.service", fromlist=["Mode"]).Mode,
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


@strawberry.input(description="One submission, as in the REST batch (camelCase fields).")
class SubmissionInput:
    submission_id: str = strawberry.field(
        description="The sender's id of the submission; sending it again is idempotent."
    )
    subject: str = strawberry.field(description="HMAC-SHA256(K1, normalized id): 64 lowercase hex.")
    instrument_version: str = strawberry.field(
        description="`code@version` of a version used in the wave."
    )
    answers: JSON = strawberry.field(description="Answers by question name (JSON object).")
    supersedes: str | None = strawberry.field(
        default=None,
        description="submissionId of an earlier submission this one corrects; null: none.",
    )
    submitted_at: str | None = strawberry.field(
        default=None,
        description="When the interview took place (ISO 8601); must lie in the wave's field "
        "window.",
    )
    informant: JSON | None = strawberry.field(
        default=None, description="Who gave the answers: kind and code (JSON); null: not given."
    )
    attributes: JSON | None = strawberry.field(
        default=None, description="Subject attributes such as regionArs, cohort and groups (JSON)."
    )
    consents: JSON | None = strawberry.field(
        default=None, description="Consent scopes given or withdrawn (JSON)."
    )


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

"""GraphQL types of the submission mutation (small writes; bulk goes over REST)."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from koko_shared.graphql.schema import MutationError

SubmissionMode = strawberry.enum(
    __import__("koko_surveys.submission.service", fromlist=["Mode"]).Mode,
    name="SubmissionMode",
)


@strawberry.input(description="One submission, as in the REST batch (camelCase fields).")
class SubmissionInput:
    submission_id: str
    subject: str = strawberry.field(description="HMAC-SHA256(K1, normalized id): 64 lowercase hex.")
    instrument_version: str = strawberry.field(
        description="`code@version` of a version used in the wave."
    )
    answers: JSON
    supersedes: str | None = None
    submitted_at: str | None = None
    informant: JSON | None = None
    attributes: JSON | None = None
    consents: JSON | None = None


@strawberry.type
class SubmissionResult:
    row: int
    submission_id: str | None
    status: str
    errors: list[MutationError]


@strawberry.type
class SubmissionsIngestPayload:
    results: list[SubmissionResult]
    created: int
    unchanged: int
    conflict: int
    rejected: int
    errors: list[MutationError]

"""Input of `submissionsIngest`: one submission, as in the REST batch."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON


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

"""Results of meeting and follow-up mutations and their typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.graphql.payloads import payload_errors
from koko_offers.meeting.models import FollowUp as FollowUpRow
from koko_offers.meeting.models import Meeting as MeetingRow
from koko_offers.meeting.types import FollowUp, Meeting
from koko_shared.errors import ErrorCode


@strawberry.type(description="An expected failure of a meeting mutation.")
class MeetingError:
    field: str | None = strawberry.field(
        description="The input field (camelCase, `topics.2` in lists), or null."
    )
    code: ErrorCode = strawberry.field(description="What kind of failure.")
    message: str = strawberry.field(description="Human-readable, in the request language.")


@strawberry.type(description="Result of a meeting mutation: the meeting, or the errors.")
class MeetingPayload:
    meeting: Meeting | None = strawberry.field(description="The meeting as stored; null on errors.")
    errors: list[MeetingError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: MeetingRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            meeting=Meeting.from_row(row) if row is not None and not violations else None,
            errors=payload_errors(violations, language, MeetingError),
        )


@strawberry.type(description="An expected failure of a follow-up mutation.")
class FollowUpError:
    field: str | None = strawberry.field(description="The input field (camelCase), or null.")
    code: ErrorCode = strawberry.field(description="What kind of failure.")
    message: str = strawberry.field(description="Human-readable, in the request language.")


@strawberry.type(description="Result of a follow-up mutation: the follow-up, or the errors.")
class FollowUpPayload:
    follow_up: FollowUp | None = strawberry.field(
        description="The follow-up as stored; null on errors."
    )
    errors: list[FollowUpError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: FollowUpRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            follow_up=FollowUp.from_row(row) if row is not None and not violations else None,
            errors=payload_errors(violations, language, FollowUpError),
        )

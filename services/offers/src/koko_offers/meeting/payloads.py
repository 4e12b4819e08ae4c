"""Results of meeting and follow-up mutations and their typed errors."""

from __future__ import annotations

from typing import Self

import strawberry

from koko_offers.errors import Violation
from koko_offers.meeting.models import FollowUp as FollowUpRow
from koko_offers.meeting.models import Meeting as MeetingRow
from koko_offers.meeting.types import FollowUp, Meeting
from koko_shared.graphql.mutations import mutation_errors
from koko_shared.graphql.schema import MutationError


@strawberry.type(description="Result of a meeting mutation: the meeting, or the errors.")
class MeetingPayload:
    meeting: Meeting | None = strawberry.field(description="The meeting as stored; null on errors.")
    errors: list[MutationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: MeetingRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            meeting=Meeting.from_row(row) if row is not None and not violations else None,
            errors=mutation_errors(violations, language),
        )


@strawberry.type(description="Result of a follow-up mutation: the follow-up, or the errors.")
class FollowUpPayload:
    follow_up: FollowUp | None = strawberry.field(
        description="The follow-up as stored; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, row: FollowUpRow | None, violations: list[Violation], language: str) -> Self:
        return cls(
            follow_up=FollowUp.from_row(row) if row is not None and not violations else None,
            errors=mutation_errors(violations, language),
        )

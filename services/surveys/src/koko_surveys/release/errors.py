"""Errors of releases."""

from __future__ import annotations

from uuid import UUID

from koko_shared.errors import Conflict, ErrorCode, InvalidInput, NotFound


class ReleaseNotFound(NotFound):
    def __init__(self, release_id: UUID | str) -> None:
        super().__init__(
            "no release {id} of this study", field="releaseId", params={"id": str(release_id)}
        )


class WaveNotClosed(InvalidInput):
    code = ErrorCode.WAVE_NOT_CLOSED


class TablePlanMissing(InvalidInput):
    code = ErrorCode.TABLE_PLAN_MISSING


class RevisionTooSmall(Conflict):
    """A revision whose difference to the stored release would point at a few people."""

    code = ErrorCode.REVISION_TOO_SMALL


class ReleaseUnchanged(Conflict):
    code = ErrorCode.RELEASE_UNCHANGED

"""Errors of releases."""

from __future__ import annotations

from uuid import UUID

from koko_shared.errors import Conflict, ErrorCode, InvalidInput, NotFound


class ReleaseNotFound(NotFound):
    def __init__(self, release_id: UUID | str) -> None:
        super().__init__(f"no release {release_id} of this study", field="releaseId")


class TooFewNewSubmissions(Conflict):
    """A release so close to the previous one would let its difference point at a person."""

    code = ErrorCode.TOO_FEW_NEW_SUBMISSIONS


class WaveNotClosed(InvalidInput):
    code = ErrorCode.WAVE_NOT_CLOSED

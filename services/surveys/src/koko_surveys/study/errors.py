"""Errors of studies and waves."""

from __future__ import annotations

from uuid import UUID

from koko_shared.errors import NotFound


class StudyNotFound(NotFound):
    def __init__(self, study_id: UUID | str) -> None:
        super().__init__(f"no study {study_id}", field="studyId")


class WaveNotFound(NotFound):
    def __init__(self, wave_id: UUID | str) -> None:
        super().__init__(f"no wave {wave_id} in this study", field="waveId")

"""Errors of studies."""

from __future__ import annotations

from uuid import UUID

from koko_shared.errors import NotFound


class StudyNotFound(NotFound):
    def __init__(self, study_id: UUID | str) -> None:
        super().__init__("no study {id}", field="studyId", params={"id": str(study_id)})

"""Request and response models of the batch route, as the surveys OpenAPI document describes
them (components `BatchResult`, `RowResult`, `FieldError`, `Problem`, `OwnSubmission`,
`OwnSubmissionPage`; query parameter `mode`).
`tests/test_openapi_drift.py` compares them with the document the service serves."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

BATCH_PATH = "/v1/studies/{study_id}/waves/{wave_id}/submissions:batch"
OWN_SUBMISSIONS_PATH = "/v1/studies/{study_id}/waves/{wave_id}/submissions"
CODEBOOK_PATH = "/v1/studies/{study_id}/waves/{wave_id}/codebook"
CONTENT_TYPES = ("application/json", "application/x-ndjson", "text/csv")


class Mode(StrEnum):
    PARTIAL = "partial"
    ATOMIC = "atomic"
    DRY_RUN = "dry_run"


class FieldError(BaseModel):
    field: str | None
    code: str
    message: str


class RowResult(BaseModel):
    row: int
    submissionId: str | None
    status: Literal["created", "unchanged", "conflict", "rejected"]
    errors: list[FieldError]


class BatchResult(BaseModel):
    mode: Literal["partial", "atomic", "dry_run"]
    summary: dict[str, int]
    results: list[RowResult]


class Problem(BaseModel):
    """An RFC 9457 problem; a refused atomic batch carries every row's result as well."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] | None = None

    @property
    def code(self) -> str:
        return self.type.rsplit("/", 1)[-1]

    def batch(self) -> BatchResult | None:
        """The rows' results of a refused atomic batch (422 BATCH_REJECTED), else None."""
        extra: dict[str, Any] = self.model_extra or {}
        if "results" not in extra:
            return None
        return BatchResult.model_validate(extra)


class OwnSubmission(BaseModel):
    """One of your submissions as listed (`GET .../waves/{wave}/submissions`)."""

    submissionId: str
    status: Literal["stored", "corrected"]
    correctedBy: str | None
    supersedes: str | None
    wave: str
    waveId: str
    instrumentVersion: str
    submittedAt: str | None
    receivedAt: str


class OwnSubmissionPage(BaseModel):
    items: list[OwnSubmission]
    nextCursor: str | None

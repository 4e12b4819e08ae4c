"""OpenAPI models of a writer's own submissions as read back over REST (`endpoints.py`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class OwnSubmission(BaseModel):
    submissionId: str
    status: Literal["stored", "corrected"] = Field(
        description="`corrected`: a later submission of yours supersedes it (`correctedBy`)."
    )
    correctedBy: str | None
    supersedes: str | None
    wave: str = Field(description="Code of the wave.")
    waveId: str
    instrumentVersion: str = Field(description="`code@version` of the instrument version.")
    submittedAt: str | None = Field(description="When the interview took place (ISO 8601).")
    receivedAt: str = Field(description="When Koko stored it (ISO 8601).")


class OwnSubmissionPage(BaseModel):
    items: list[OwnSubmission]
    nextCursor: str | None = Field(description="`after` for the next page; null on the last.")


class StoredAttributes(BaseModel):
    regionArs: str
    areaCode: str | None
    sex: str | None = Field(description="f, m, d or x as stored.")
    ageGroup: str | None = Field(description="Age group at the wave's reference date.")
    originGroup: str | None
    cohort: str | None
    offerId: str | None


class OwnSubmissionDetail(OwnSubmission):
    attributes: StoredAttributes
    answers: dict[str, Any] = Field(description="Answers as read (typed), by question name.")

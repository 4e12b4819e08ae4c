"""OpenAPI models of the codebook (`endpoints.py`); the content is built in `service.py`."""

from __future__ import annotations

from pydantic import BaseModel, Field


class CodebookStudy(BaseModel):
    id: str
    code: str
    title: dict[str, str]


class CodebookWave(BaseModel):
    id: str
    code: str
    label: str
    referenceDate: str
    fieldOpensDate: str
    fieldClosesDate: str
    closed: bool


class CodebookChoice(BaseModel):
    code: str
    label: dict[str, str] = Field(description="Label by language.")


class CodebookQuestion(BaseModel):
    name: str = Field(description="The key in `answers` (JSON).")
    csvColumn: str = Field(description="The CSV column of the answer.")
    type: str = Field(description="A key of `types`.")
    label: dict[str, str]
    required: bool
    choices: list[CodebookChoice]
    relevant: str | None = Field(description="Asked only when this expression holds.")
    constraint: str | None
    constraintMessage: str | None
    minimum: float | None = None
    maximum: float | None = None


class CodebookVersion(BaseModel):
    reference: str = Field(description="`code@version`: the row's `instrumentVersion`.")
    id: str
    instrument: str
    version: int
    formVersion: str | None
    title: dict[str, str]
    questions: list[CodebookQuestion]


class CodebookAttribute(BaseModel):
    field: str = Field(description="The key in `attributes` (JSON).")
    csvColumn: str
    type: str
    description: str


class CodebookCohort(BaseModel):
    code: str
    label: str


class CodebookConsents(BaseModel):
    required: list[str] = Field(description="Scopes every row of this wave needs.")
    scopes: list[str] = Field(description="Every consent scope.")


class TypeFormats(BaseModel):
    description: str
    formats: list[str] = Field(description="The formats ingest reads for this type.")


class Codebook(BaseModel):
    study: CodebookStudy
    wave: CodebookWave
    batchPath: str
    instrumentVersions: list[CodebookVersion]
    attributes: list[CodebookAttribute]
    cohorts: list[CodebookCohort]
    consents: CodebookConsents
    types: dict[str, TypeFormats]

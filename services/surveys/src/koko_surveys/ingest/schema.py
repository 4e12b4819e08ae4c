"""OpenAPI description of the batch endpoint: its three body formats and its answer.

The endpoint reads the body itself (after authorization, row by row), so these models only
document; the rules are in `rows.py` and `formats.py`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from koko_surveys.settings import SurveysSettings

_DEFAULTS = SurveysSettings.model_fields
MAX_ROWS: int = _DEFAULTS["max_batch_rows"].default
MAX_BYTES: int = _DEFAULTS["max_batch_bytes"].default


_DATETIME = (
    "ISO 8601 date-time (no offset: UTC) or German notation DD.MM.YYYY HH:MM[:SS], "
    "DD.MM.YY HH:MM or DD.MM.YYYY (German local time)"
)


class _Camel(BaseModel):
    model_config = ConfigDict(extra="allow")


class Informant(_Camel):
    kind: Literal["teacher", "school", "employer", "intake_desk", "counsellor", "self"]
    code: str = Field(max_length=32)


class Attributes(_Camel):
    regionArs: str | None = Field(None, pattern=r"^[0-9]{12}$")
    areaCode: str | None = Field(None, max_length=32)
    sex: str | None = Field(
        None,
        max_length=16,
        description="f, m, d or x; also German w (weiblich), männlich, divers, ohne Angabe "
        "(any case). Stored as f, m, d or x.",
    )
    birthYear: int | None = Field(None, ge=1900, description="A JSON integer, e.g. 2007.")
    originGroup: str | None = Field(None, max_length=32)
    cohort: str | None = None
    offerId: str | None = Field(None, max_length=200)


class Consent(_Camel):
    scope: Literal["participation", "panel_follow_up", "linkage"]
    textVersion: str = Field(max_length=32)
    legalBasis: str = Field(max_length=32)
    givenAt: str = Field(description=_DATETIME)
    withdrawnAt: str | None = None


class SubmissionRow(_Camel):
    """One submission. Answers are typed by the instrument's questions: integer questions
    take JSON integers (not "19"), decimals JSON numbers, booleans true/false, select_multiple
    a list of codes, dates "YYYY-MM-DD", "DD.MM.YYYY" or "DD.MM.YY". The codebook of the
    wave (`GET .../codebook`) lists every question and the formats each type accepts."""

    submissionId: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,99}$")
    subject: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="HMAC-SHA256(K1, normalized id), 64 hex"
    )
    instrumentVersion: str = Field(description="`code@version` of a version used in the wave")
    answers: dict[str, Any]
    supersedes: str | None = None
    submittedAt: str | None = Field(None, description=_DATETIME)
    informant: Informant | None = None
    attributes: Attributes | None = None
    consents: list[Consent] | None = None


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


_CSV_DESCRIPTION = (
    "One row per line with a header: `submission_id`, `subject`, `instrument_version`, "
    "optional `supersedes`, `submitted_at`, `informant_kind`, `informant_code`, `region_ars`, "
    "`area_code`, `sex`, `birth_year`, `origin_group`, `cohort`, `offer_id`, `consent_scopes` "
    "(space-separated), `consent_text_version`, `consent_legal_basis`, `consent_given_at`; "
    "every other column is the answer to the question it names. UTF-8 (BOM or not), UTF-16 "
    "with BOM or Windows-1252; comma, semicolon or tab (or an Excel `sep=` line). Cells are "
    "read as German Excel writes them: decimal commas, dates DD.MM.YYYY or DD.MM.YY, "
    "date-times DD.MM.YYYY HH:MM (German local time), booleans WAHR/FALSCH, ja/nein, x, 1/0, "
    "sex w/m/d/x; the codebook lists every accepted format."
)


def batch_components() -> dict[str, Any]:
    """Schemas the batch body refers to, for the OpenAPI components."""
    row_schema = SubmissionRow.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions: dict[str, Any] = row_schema.pop("$defs", {})
    return {"SubmissionRow": row_schema, **definitions}


BATCH_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": f"At most {MAX_ROWS} rows and {MAX_BYTES} bytes (413 beyond, while "
        "the body streams). A row that breaks a rule is rejected on its own in partial mode.",
        "content": {
            "application/json": {
                "schema": {
                    "type": "array",
                    "maxItems": MAX_ROWS,
                    "items": {"$ref": "#/components/schemas/SubmissionRow"},
                }
            },
            "application/x-ndjson": {
                "schema": {
                    "type": "string",
                    "description": "One SubmissionRow JSON object per line; a line that "
                    "is not JSON is that row's rejection.",
                }
            },
            "text/csv": {"schema": {"type": "string", "description": _CSV_DESCRIPTION}},
        },
    },
}

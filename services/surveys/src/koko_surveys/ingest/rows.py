"""Validation of one submission row against its wave: identifiers, pseudonym format,
instrument version, informant and answers (types, choices, relevance, constraints); attributes
and consents are validated in `subject_fields`. Also the row's result and prepared forms."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

import orjson

from koko_shared.errors import ErrorCode, FieldError, value_error
from koko_shared.i18n import Message
from koko_surveys.ingest.subject_fields import validate_attributes, validate_consents
from koko_surveys.ingest.values import SHORT_CODE, one_of, parse_datetime
from koko_surveys.ingest.wave_context import WaveContext
from koko_surveys.subject.pseudonym import PseudonymKeys, StudyRekeyer, client_pseudonym_problem

SUBMISSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,99}$")
INFORMANT_KINDS = {"teacher", "school", "employer", "intake_desk", "counsellor", "self"}
ROW_FIELDS = {
    "submissionId",
    "subject",
    "instrumentVersion",
    "supersedes",
    "submittedAt",
    "informant",
    "attributes",
    "consents",
    "answers",
}


class TextRow(dict[str, Any]):
    """A row whose values are text cells (CSV): numbers and booleans are read from their text.
    Rows from JSON and NDJSON are plain dicts and strictly typed."""


class ParsedRows(list[Any]):
    """The rows of a request body, and whether the body holds no U+0000 anywhere (in any
    encoding or escape): then no row needs to be searched for one, value by value."""

    def __init__(self, rows: list[Any], *, nul_free: bool) -> None:
        super().__init__(rows)
        self.nul_free = nul_free


@dataclass(frozen=True, slots=True)
class UnreadableRow:
    """A line of a line-based body (NDJSON) that could not be read: that row's rejection."""

    problem: Message


class Status(StrEnum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    REJECTED = "rejected"


@dataclass(slots=True)
class RowResult:
    row: int
    submission_id: str | None
    status: Status
    errors: list[FieldError] = field(default_factory=list)

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        return {
            "row": self.row,
            "submissionId": self.submission_id,
            "status": self.status.value,
            "errors": [e.as_dict(language) for e in self.errors],
        }


@dataclass(slots=True)
class PreparedRow:
    index: int
    result: RowResult
    submission_id: str
    pseudonym: str  # study pseudonym under the current key
    candidates: dict[int, str]
    version_id: UUID
    supersedes: str | None
    submitted_at: datetime | None
    informant: tuple[str, str] | None
    dims: dict[str, str | None]
    cohort_id: UUID | None
    consents: list[tuple[str, str, str, datetime, datetime | None]]
    answers: dict[str, Any]
    content_hash: str
    subject_id: UUID | None = None
    record_key: int | None = None  # of the subject, when it is stored already
    # Another writer interviewed the subject in this wave: stored, but not current.
    held: bool = False


def prepare_row(
    index: int,
    raw: Any,
    context: WaveContext,
    keys: PseudonymKeys,
    rekeyer: StudyRekeyer,
    *,
    nul_free: bool = False,
) -> PreparedRow | RowResult:
    """Validate one row; every problem of the row is reported at once. `nul_free`: the body
    was seen to hold no U+0000 (see `ParsedRows`)."""
    errors: list[FieldError] = []
    if isinstance(raw, UnreadableRow):
        return RowResult(
            index,
            None,
            Status.REJECTED,
            [FieldError(ErrorCode.BAD_USER_INPUT, raw.problem.msgid, None, raw.problem.params)],
        )
    if not isinstance(raw, dict):
        return RowResult(
            index,
            None,
            Status.REJECTED,
            [FieldError(ErrorCode.BAD_USER_INPUT, "a row is a JSON object", None)],
        )
    text_cells = isinstance(raw, TextRow)
    nul_at = None if nul_free else _nul_path(raw, "")
    if nul_at is not None:
        # PostgreSQL stores no U+0000 in text or jsonb; refused before anything echoes it.
        message = "contains a NUL character (U+0000), which cannot be stored"
        return RowResult(
            index,
            None,
            Status.REJECTED,
            [FieldError(ErrorCode.BAD_USER_INPUT, message, nul_at or None)],
        )
    submission_id = raw.get("submissionId")
    if not isinstance(submission_id, str) or not SUBMISSION_ID.match(submission_id):
        errors.append(
            FieldError(
                ErrorCode.BAD_USER_INPUT,
                "submissionId is 1–100 letters, digits or ._:@/-",
                "submissionId",
            )
        )
        submission_id = submission_id[:100] if isinstance(submission_id, str) else None
    if "csvRow" in raw:
        errors.append(
            FieldError(ErrorCode.BAD_USER_INPUT, "CSV row {row}", None, {"row": raw["csvRow"]})
        )
    for unknown in sorted(set(raw) - ROW_FIELDS - {"csvRow"}):
        errors.append(
            FieldError(
                ErrorCode.UNKNOWN_FIELD,
                "unknown field '{name}'",
                str(unknown)[:64],
                {"name": unknown},
            )
        )
    subject = raw.get("subject")
    problem = client_pseudonym_problem(subject)
    if problem:
        errors.append(
            FieldError(ErrorCode.INVALID_PSEUDONYM, problem, "subject", {"field": "subject"})
        )
    version_ref = raw.get("instrumentVersion")
    form_entry = context.forms.get(version_ref) if isinstance(version_ref, str) else None
    if form_entry is None:
        errors.append(
            FieldError(
                ErrorCode.UNKNOWN_INSTRUMENT_VERSION,
                "instrument version '{version}' is not used in wave '{wave}' (accepted: "
                "{accepted})",
                "instrumentVersion",
                {
                    "version": version_ref,
                    "wave": context.wave.code,
                    "accepted": sorted(k for k in context.forms if "@" in k),
                },
            )
        )
    supersedes = raw.get("supersedes")
    if supersedes is not None and (
        not isinstance(supersedes, str) or not SUBMISSION_ID.match(supersedes)
    ):
        errors.append(
            FieldError(ErrorCode.BAD_USER_INPUT, "supersedes names a submissionId", "supersedes")
        )
        supersedes = None
    if supersedes is not None and supersedes == submission_id:
        errors.append(
            FieldError(
                ErrorCode.BAD_USER_INPUT, "a submission cannot supersede itself", "supersedes"
            )
        )
    submitted_at: datetime | None = None
    if raw.get("submittedAt") is not None:
        try:
            submitted_at = parse_datetime(raw["submittedAt"])
            wave = context.wave
            opens, closes = context.field_opens, context.field_closes
            assert opens is not None and closes is not None
            if not opens <= submitted_at.date() <= closes:
                errors.append(
                    FieldError(
                        ErrorCode.OUTSIDE_FIELD_WINDOW,
                        "submittedAt lies outside the field window {opens}–{closes}",
                        "submittedAt",
                        {"opens": wave.field_opens_date, "closes": wave.field_closes_date},
                    )
                )
        except ValueError as exc:
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "submittedAt: {problem}",
                    "submittedAt",
                    {"problem": value_error(ErrorCode.BAD_USER_INPUT, exc, None)},
                )
            )
    informant: tuple[str, str] | None = None
    raw_informant = raw.get("informant")
    if raw_informant is not None:
        if (
            not isinstance(raw_informant, dict)
            or not one_of(raw_informant.get("kind"), INFORMANT_KINDS)
            or not isinstance(raw_informant.get("code"), str)
            or not SHORT_CODE.match(raw_informant["code"])
        ):
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "informant is {{kind: one of {kinds}, code}}",
                    "informant",
                    {"kinds": sorted(INFORMANT_KINDS)},
                )
            )
        else:
            informant = (raw_informant["kind"], raw_informant["code"])
    dims, cohort_id = validate_attributes(raw.get("attributes") or {}, context, errors, text_cells)
    consents = validate_consents(raw.get("consents") or [], errors)
    answers_raw = raw.get("answers")
    answers: dict[str, Any] = {}
    if not isinstance(answers_raw, dict):
        errors.append(
            FieldError(
                ErrorCode.BAD_USER_INPUT,
                "answers is an object of question name to value",
                "answers",
            )
        )
    elif form_entry is not None:
        answers, answer_errors = form_entry[1].validate(answers_raw, text_cells=text_cells)
        errors.extend(answer_errors)
    if errors:
        return RowResult(index, submission_id, Status.REJECTED, errors)
    assert isinstance(subject, str) and isinstance(submission_id, str) and form_entry is not None
    content = {
        "v": str(form_entry[0]),
        "s": supersedes,
        "t": submitted_at.isoformat() if submitted_at else None,
        "i": informant,
        "d": dims,
        "c": consents,
        "a": answers,
    }
    content_hash = hashlib.sha256(
        orjson.dumps(content, option=orjson.OPT_SORT_KEYS, default=str)
    ).hexdigest()
    candidates = rekeyer.candidates(subject)
    return PreparedRow(
        index=index,
        result=RowResult(index, submission_id, Status.CREATED),
        submission_id=submission_id,
        pseudonym=candidates[keys.current_version],
        candidates=candidates,
        version_id=form_entry[0],
        supersedes=supersedes,
        submitted_at=submitted_at,
        informant=informant,
        dims=dims,
        cohort_id=cohort_id,
        consents=consents,
        answers=answers,
        content_hash=content_hash,
    )


def _nul_path(value: Any, path: str) -> str | None:
    """The field path of the first string (value or key) holding U+0000, else None. Iterative:
    a row may nest as deep as the JSON parser allows, deeper than Python's recursion."""
    pending: list[tuple[Any, str]] = [(value, path)]
    while pending:
        item, where = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return where
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                name = str(key).replace("\x00", "\ufffd")[:64]
                inner = f"{where}.{name}" if where else name
                if "\x00" in str(key):
                    return inner
                pending.append((child, inner))
        elif isinstance(item, list):
            for position in range(len(item) - 1, -1, -1):
                pending.append((item[position], f"{where}.{position}" if where else str(position)))
    return None

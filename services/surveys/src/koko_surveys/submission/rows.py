"""Validation of one submission row against its wave: identifiers, pseudonym format,
instrument version, answers (types, choices, relevance, constraints), attributes and consents."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, TypeGuard
from uuid import UUID

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import ars_prefix
from koko_shared.errors import ErrorCode, FieldError
from koko_surveys.instrument.questions import CompiledForm
from koko_surveys.study import repository as study_repository
from koko_surveys.study.models import Study, Wave
from koko_surveys.study.service import CONSENT_SCOPES
from koko_surveys.subject.pseudonym import PseudonymKeys, StudyRekeyer, client_pseudonym_problem

SUBMISSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,99}$")
SHORT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,31}$")
ARS = re.compile(r"^[0-9]{12}$")
SEXES = {"f", "m", "d", "x"}
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
ATTRIBUTE_FIELDS = {"regionArs", "areaCode", "sex", "birthYear", "originGroup", "cohort", "offerId"}


class TextRow(dict[str, Any]):
    """A row whose values are text cells (CSV): numbers and booleans are read from their text.
    Rows from JSON and NDJSON are plain dicts and strictly typed."""


@dataclass(frozen=True, slots=True)
class UnreadableRow:
    """A line of a line-based body (NDJSON) that could not be read: that row's rejection."""

    problem: str


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "submissionId": self.submission_id,
            "status": self.status.value,
            "errors": [e.as_dict() for e in self.errors],
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


@dataclass(slots=True)
class WaveContext:
    """What validating rows of one wave needs, loaded once per batch."""

    study: Study
    wave: Wave
    forms: dict[str, tuple[UUID, CompiledForm]]  # "code@version" and id -> form
    cohorts: dict[str, UUID]
    region_prefix: str


_FORM_CACHE: dict[UUID, CompiledForm] = {}


async def wave_context(session: AsyncSession, study: Study, wave: Wave) -> WaveContext:
    forms: dict[str, tuple[UUID, CompiledForm]] = {}
    for version, instrument in await study_repository.wave_versions(session, wave.id):
        if version.status != "published":
            continue
        # Published versions are immutable, so a compiled form can be cached by id for good.
        form = _FORM_CACHE.get(version.id)
        if form is None:
            form = _FORM_CACHE.setdefault(version.id, CompiledForm.from_specs(version.questions))
        forms[f"{instrument.code}@{version.version}"] = (version.id, form)
        forms[str(version.id)] = (version.id, form)
    cohorts = {c.code: c.id for c in await study_repository.cohorts_of(session, study.id)}
    return WaveContext(study, wave, forms, cohorts, ars_prefix(study.region_ars))


def age_group(birth_year: int, reference: date) -> str:
    age = reference.year - birth_year
    if age < 16:
        return "under_16"
    if age < 18:
        return "16_17"
    if age < 21:
        return "18_20"
    if age < 27:
        return "21_26"
    return "27_plus"


def _parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("expected an ISO 8601 date-time")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def prepare_row(
    index: int, raw: Any, context: WaveContext, keys: PseudonymKeys, rekeyer: StudyRekeyer
) -> PreparedRow | RowResult:
    """Validate one row; every problem of the row is reported at once."""
    errors: list[FieldError] = []
    if isinstance(raw, UnreadableRow):
        return RowResult(
            index, None, Status.REJECTED, [FieldError(ErrorCode.BAD_USER_INPUT, raw.problem, None)]
        )
    if not isinstance(raw, dict):
        return RowResult(
            index,
            None,
            Status.REJECTED,
            [FieldError(ErrorCode.BAD_USER_INPUT, "a row is a JSON object", None)],
        )
    text_cells = isinstance(raw, TextRow)
    nul_at = _nul_path(raw, "")
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
        errors.append(FieldError(ErrorCode.BAD_USER_INPUT, f"CSV row {raw['csvRow']}", None))
    for unknown in sorted(set(raw) - ROW_FIELDS - {"csvRow"}):
        errors.append(
            FieldError(ErrorCode.UNKNOWN_FIELD, f"unknown field '{unknown}'", str(unknown)[:64])
        )
    subject = raw.get("subject")
    problem = client_pseudonym_problem(subject)
    if problem:
        errors.append(FieldError(ErrorCode.INVALID_PSEUDONYM, f"subject {problem}", "subject"))
    version_ref = raw.get("instrumentVersion")
    form_entry = context.forms.get(version_ref) if isinstance(version_ref, str) else None
    if form_entry is None:
        errors.append(
            FieldError(
                ErrorCode.UNKNOWN_INSTRUMENT_VERSION,
                f"instrument version '{version_ref}' is not used in wave '{context.wave.code}' "
                f"(accepted: {sorted(k for k in context.forms if '@' in k)})",
                "instrumentVersion",
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
            submitted_at = _parse_datetime(raw["submittedAt"])
            wave = context.wave
            if not wave.field_opens_date <= submitted_at.date() <= wave.field_closes_date:
                errors.append(
                    FieldError(
                        ErrorCode.OUTSIDE_FIELD_WINDOW,
                        "submittedAt lies outside the field window "
                        f"{wave.field_opens_date}–{wave.field_closes_date}",
                        "submittedAt",
                    )
                )
        except ValueError:
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT, "submittedAt is an ISO 8601 date-time", "submittedAt"
                )
            )
    informant: tuple[str, str] | None = None
    raw_informant = raw.get("informant")
    if raw_informant is not None:
        if (
            not isinstance(raw_informant, dict)
            or not _one_of(raw_informant.get("kind"), INFORMANT_KINDS)
            or not isinstance(raw_informant.get("code"), str)
            or not SHORT_CODE.match(raw_informant["code"])
        ):
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    f"informant is {{kind: one of {sorted(INFORMANT_KINDS)}, code}}",
                    "informant",
                )
            )
        else:
            informant = (raw_informant["kind"], raw_informant["code"])
    dims, cohort_id = _attributes(raw.get("attributes") or {}, context, errors, text_cells)
    consents = _consents(raw.get("consents") or [], errors)
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


def _one_of(value: Any, allowed: set[str]) -> TypeGuard[str]:
    return isinstance(value, str) and value in allowed


def _birth_year(value: Any, text_cells: bool) -> int | None:
    """A JSON integer (2007, not 2007.5 or "2007"); in a CSV cell, its digits."""
    if text_cells and isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _attributes(
    raw: Any, context: WaveContext, errors: list[FieldError], text_cells: bool = False
) -> tuple[dict[str, str | None], UUID | None]:
    dims: dict[str, str | None] = {
        "region_ars": context.study.region_ars,
        "area_code": None,
        "sex": None,
        "age_group": None,
        "origin_group": None,
        "cohort_code": None,
        "offer_id": None,
    }
    if not isinstance(raw, dict):
        errors.append(FieldError(ErrorCode.BAD_USER_INPUT, "attributes is an object", "attributes"))
        return dims, None
    for unknown in sorted(set(raw) - ATTRIBUTE_FIELDS):
        errors.append(
            FieldError(
                ErrorCode.UNKNOWN_FIELD,
                f"unknown attribute '{unknown}'",
                f"attributes.{str(unknown)[:64]}",
            )
        )
    region = raw.get("regionArs")
    if region is not None:
        study_prefix = context.region_prefix
        if not isinstance(region, str) or not ARS.match(region):
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "regionArs has exactly 12 digits",
                    "attributes.regionArs",
                )
            )
        elif not region.startswith(study_prefix):
            errors.append(
                FieldError(
                    ErrorCode.OUTSIDE_REGION,
                    f"{region} is not inside the study's region {context.study.region_ars}",
                    "attributes.regionArs",
                )
            )
        else:
            dims["region_ars"] = region
    for key, column in (("areaCode", "area_code"), ("originGroup", "origin_group")):
        value = raw.get(key)
        if value is not None:
            if not isinstance(value, str) or not SHORT_CODE.match(value):
                errors.append(
                    FieldError(
                        ErrorCode.BAD_USER_INPUT, f"{key} is a short code", f"attributes.{key}"
                    )
                )
            else:
                dims[column] = value
    sex = raw.get("sex")
    if sex is not None:
        if not _one_of(sex, SEXES):
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT, f"sex is one of {sorted(SEXES)}", "attributes.sex"
                )
            )
        else:
            dims["sex"] = sex
    birth_year = raw.get("birthYear")
    if birth_year is not None:
        year = _birth_year(birth_year, text_cells)
        if year is None or not 1900 <= year <= context.wave.reference_date.year:
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "birthYear is a whole year (a JSON integer such as 2007) from 1900 to the "
                    "wave's reference date",
                    "attributes.birthYear",
                )
            )
        else:
            dims["age_group"] = age_group(year, context.wave.reference_date)
    cohort_id = None
    cohort = raw.get("cohort")
    if cohort is not None:
        cohort_id = context.cohorts.get(cohort) if isinstance(cohort, str) else None
        if cohort_id is None:
            errors.append(
                FieldError(
                    ErrorCode.UNKNOWN_COHORT,
                    f"no cohort '{cohort}' in this study",
                    "attributes.cohort",
                )
            )
        else:
            dims["cohort_code"] = cohort
    offer = raw.get("offerId")
    if offer is not None:
        if not isinstance(offer, str) or len(offer) > 200:
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT, "offerId is the id of an offer", "attributes.offerId"
                )
            )
        else:
            dims["offer_id"] = offer
    return dims, cohort_id


def _consents(
    raw: Any, errors: list[FieldError]
) -> list[tuple[str, str, str, datetime, datetime | None]]:
    consents: list[tuple[str, str, str, datetime, datetime | None]] = []
    if not isinstance(raw, list):
        errors.append(FieldError(ErrorCode.BAD_USER_INPUT, "consents is a list", "consents"))
        return consents
    for position, item in enumerate(raw):
        where = f"consents.{position}"
        if not isinstance(item, dict):
            errors.append(FieldError(ErrorCode.BAD_USER_INPUT, "a consent is an object", where))
            continue
        scope, text_version, basis = (
            item.get("scope"),
            item.get("textVersion"),
            item.get("legalBasis"),
        )
        if not _one_of(scope, CONSENT_SCOPES):
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    f"scope is one of {sorted(CONSENT_SCOPES)}",
                    f"{where}.scope",
                )
            )
            continue
        if not isinstance(text_version, str) or not SHORT_CODE.match(text_version):
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "textVersion names the consent text shown",
                    f"{where}.textVersion",
                )
            )
            continue
        if not isinstance(basis, str) or not SHORT_CODE.match(basis):
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "legalBasis is required (e.g. consent, public_task)",
                    f"{where}.legalBasis",
                )
            )
            continue
        try:
            given = _parse_datetime(item.get("givenAt"))
            withdrawn = _parse_datetime(item["withdrawnAt"]) if item.get("withdrawnAt") else None
        except ValueError:
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT, "givenAt/withdrawnAt are ISO 8601 date-times", where
                )
            )
            continue
        consents.append((scope, text_version, basis, given, withdrawn))
    return consents

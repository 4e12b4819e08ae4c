"""Bulk ingest of submissions: validate every row in Python, then write with a few set-based
statements. Idempotent by client `submission_id`: the same row again is `unchanged`, the same id
with other content a `conflict`; corrections name the submission they `supersede`."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor, ars_prefix
from koko_shared.errors import DomainError, FieldError
from koko_surveys import authorization
from koko_surveys.audit import service as audit
from koko_surveys.instrument.questions import CompiledForm
from koko_surveys.study import repository as study_repository
from koko_surveys.study.models import Study, Wave
from koko_surveys.study.service import CONSENT_SCOPES, wave_is_open
from koko_surveys.subject import repository as subject_repository
from koko_surveys.subject.pseudonym import PseudonymKeys, client_pseudonym_problem
from koko_surveys.submission import repository

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


class Mode(StrEnum):
    PARTIAL = "partial"
    ATOMIC = "atomic"
    DRY_RUN = "dry_run"


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
class BatchResult:
    mode: Mode
    results: list[RowResult]

    def summary(self) -> dict[str, int]:
        counts = {status.value: 0 for status in Status}
        for result in self.results:
            counts[result.status.value] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode.value,
            "summary": self.summary(),
            "results": [r.as_dict() for r in self.results],
        }


class BatchRejected(DomainError):
    """Atomic mode: one row failed, so nothing was stored."""

    code = "batch_rejected"
    status = 422

    def __init__(self, batch: BatchResult) -> None:
        failed = [r for r in batch.results if r.status in (Status.REJECTED, Status.CONFLICT)]
        errors = [
            FieldError(e.code, f"row {r.row}: {e.message}", e.field)
            for r in failed
            for e in (r.errors or [FieldError(r.status.value, r.status.value)])
        ]
        super().__init__(
            f"{len(failed)} of {len(batch.results)} rows failed; atomic mode stored nothing",
            errors=errors,
        )
        self.batch = batch


@dataclass(slots=True)
class _Row:
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


def _prepare(
    index: int, raw: Any, context: WaveContext, keys: PseudonymKeys, rekeyer: Any
) -> _Row | RowResult:
    """Validate one row; every problem of the row is reported at once."""
    errors: list[FieldError] = []
    if not isinstance(raw, dict):
        return RowResult(
            index, None, Status.REJECTED, [FieldError("invalid", "a row is a JSON object", None)]
        )
    submission_id = raw.get("submissionId")
    if not isinstance(submission_id, str) or not SUBMISSION_ID.match(submission_id):
        errors.append(
            FieldError("invalid", "submissionId is 1–100 letters, digits or ._:@/-", "submissionId")
        )
        submission_id = submission_id[:100] if isinstance(submission_id, str) else None
    if "csvRow" in raw:
        errors.append(FieldError("invalid", f"CSV row {raw['csvRow']}", None))
    for unknown in sorted(set(raw) - ROW_FIELDS - {"csvRow"}):
        errors.append(FieldError("unknown_field", f"unknown field '{unknown}'", str(unknown)[:64]))
    subject = raw.get("subject")
    problem = client_pseudonym_problem(subject)
    if problem:
        errors.append(FieldError("invalid_pseudonym", f"subject {problem}", "subject"))
    version_ref = raw.get("instrumentVersion")
    form_entry = context.forms.get(version_ref) if isinstance(version_ref, str) else None
    if form_entry is None:
        errors.append(
            FieldError(
                "unknown_instrument_version",
                f"instrument version '{version_ref}' is not used in wave '{context.wave.code}' "
                f"(accepted: {sorted(k for k in context.forms if '@' in k)})",
                "instrumentVersion",
            )
        )
    supersedes = raw.get("supersedes")
    if supersedes is not None and (
        not isinstance(supersedes, str) or not SUBMISSION_ID.match(supersedes)
    ):
        errors.append(FieldError("invalid", "supersedes names a submissionId", "supersedes"))
        supersedes = None
    if supersedes is not None and supersedes == submission_id:
        errors.append(FieldError("invalid", "a submission cannot supersede itself", "supersedes"))
    submitted_at: datetime | None = None
    if raw.get("submittedAt") is not None:
        try:
            submitted_at = _parse_datetime(raw["submittedAt"])
            wave = context.wave
            if not wave.field_opens_date <= submitted_at.date() <= wave.field_closes_date:
                errors.append(
                    FieldError(
                        "outside_field_window",
                        "submittedAt lies outside the field window "
                        f"{wave.field_opens_date}–{wave.field_closes_date}",
                        "submittedAt",
                    )
                )
        except ValueError:
            errors.append(
                FieldError("invalid", "submittedAt is an ISO 8601 date-time", "submittedAt")
            )
    informant: tuple[str, str] | None = None
    raw_informant = raw.get("informant")
    if raw_informant is not None:
        if (
            not isinstance(raw_informant, dict)
            or raw_informant.get("kind") not in INFORMANT_KINDS
            or not isinstance(raw_informant.get("code"), str)
            or not SHORT_CODE.match(raw_informant["code"])
        ):
            errors.append(
                FieldError(
                    "invalid",
                    f"informant is {{kind: one of {sorted(INFORMANT_KINDS)}, code}}",
                    "informant",
                )
            )
        else:
            informant = (raw_informant["kind"], raw_informant["code"])
    dims, cohort_id = _attributes(raw.get("attributes") or {}, context, errors)
    consents = _consents(raw.get("consents") or [], errors)
    answers_raw = raw.get("answers")
    answers: dict[str, Any] = {}
    if not isinstance(answers_raw, dict):
        errors.append(
            FieldError("invalid", "answers is an object of question name to value", "answers")
        )
    elif form_entry is not None:
        answers, answer_errors = form_entry[1].validate(answers_raw)
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
    return _Row(
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


def _attributes(
    raw: Any, context: WaveContext, errors: list[FieldError]
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
        errors.append(FieldError("invalid", "attributes is an object", "attributes"))
        return dims, None
    for unknown in sorted(set(raw) - ATTRIBUTE_FIELDS):
        errors.append(
            FieldError(
                "unknown_field", f"unknown attribute '{unknown}'", f"attributes.{str(unknown)[:64]}"
            )
        )
    region = raw.get("regionArs")
    if region is not None:
        study_prefix = context.region_prefix
        if not isinstance(region, str) or not ARS.match(region):
            errors.append(
                FieldError("invalid", "regionArs has exactly 12 digits", "attributes.regionArs")
            )
        elif not region.startswith(study_prefix):
            errors.append(
                FieldError(
                    "outside_region",
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
                errors.append(FieldError("invalid", f"{key} is a short code", f"attributes.{key}"))
            else:
                dims[column] = value
    sex = raw.get("sex")
    if sex is not None:
        if sex not in SEXES:
            errors.append(FieldError("invalid", f"sex is one of {sorted(SEXES)}", "attributes.sex"))
        else:
            dims["sex"] = sex
    birth_year = raw.get("birthYear")
    if birth_year is not None:
        try:
            year = int(birth_year)
            if not 1900 <= year <= context.wave.reference_date.year:
                raise ValueError
            dims["age_group"] = age_group(year, context.wave.reference_date)
        except (TypeError, ValueError):
            errors.append(
                FieldError(
                    "invalid",
                    "birthYear is a year not after the wave's reference date",
                    "attributes.birthYear",
                )
            )
    cohort_id = None
    cohort = raw.get("cohort")
    if cohort is not None:
        cohort_id = context.cohorts.get(cohort) if isinstance(cohort, str) else None
        if cohort_id is None:
            errors.append(
                FieldError(
                    "unknown_cohort", f"no cohort '{cohort}' in this study", "attributes.cohort"
                )
            )
        else:
            dims["cohort_code"] = cohort
    offer = raw.get("offerId")
    if offer is not None:
        if not isinstance(offer, str) or len(offer) > 200:
            errors.append(
                FieldError("invalid", "offerId is the id of an offer", "attributes.offerId")
            )
        else:
            dims["offer_id"] = offer
    return dims, cohort_id


def _consents(
    raw: Any, errors: list[FieldError]
) -> list[tuple[str, str, str, datetime, datetime | None]]:
    consents: list[tuple[str, str, str, datetime, datetime | None]] = []
    if not isinstance(raw, list):
        errors.append(FieldError("invalid", "consents is a list", "consents"))
        return consents
    for position, item in enumerate(raw):
        where = f"consents.{position}"
        if not isinstance(item, dict):
            errors.append(FieldError("invalid", "a consent is an object", where))
            continue
        scope, text_version, basis = (
            item.get("scope"),
            item.get("textVersion"),
            item.get("legalBasis"),
        )
        if scope not in CONSENT_SCOPES:
            errors.append(
                FieldError("invalid", f"scope is one of {sorted(CONSENT_SCOPES)}", f"{where}.scope")
            )
            continue
        if not isinstance(text_version, str) or not SHORT_CODE.match(text_version):
            errors.append(
                FieldError(
                    "invalid", "textVersion names the consent text shown", f"{where}.textVersion"
                )
            )
            continue
        if not isinstance(basis, str) or not SHORT_CODE.match(basis):
            errors.append(
                FieldError(
                    "invalid",
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
                FieldError("invalid", "givenAt/withdrawnAt are ISO 8601 date-times", where)
            )
            continue
        consents.append((scope, text_version, basis, given, withdrawn))
    return consents


async def ingest(
    session: AsyncSession,
    actor: Actor,
    *,
    study: Study,
    wave: Wave,
    rows: Sequence[Any],
    mode: Mode,
    keys: PseudonymKeys,
    today: date | None = None,
) -> BatchResult:
    authorization.require(
        authorization.can_write(actor, study), "this actor may not write to this study"
    )
    today = today or datetime.now(UTC).date()
    context = await wave_context(session, study, wave)
    if study.pseudonym_salt is None:
        closed = "the study's pseudonym key was destroyed at panel end; it takes no new data"
        return _all_rejected(rows, mode, FieldError("study_closed", closed, None))
    if not wave_is_open(wave, today):
        closed = (
            f"wave '{wave.code}' is closed (field window "
            f"{wave.field_opens_date}–{wave.field_closes_date})"
        )
        return _all_rejected(rows, mode, FieldError("wave_closed", closed, "waveId"))
    rekeyer = keys.for_study(study.id, study.pseudonym_salt)
    prepared: list[_Row] = []
    results: list[RowResult] = []
    for index, raw in enumerate(rows, start=1):
        outcome = _prepare(index, raw, context, keys, rekeyer)
        if isinstance(outcome, RowResult):
            results.append(outcome)
        else:
            prepared.append(outcome)
            results.append(outcome.result)

    fresh = await _classify_existing(session, study, wave, prepared)
    await _check_consents_and_corrections(session, study, wave, fresh)
    await _check_one_interview_per_wave(session, wave, fresh)
    fresh = [row for row in fresh if row.result.status == Status.CREATED]
    batch = BatchResult(mode, results)
    failed = any(r.status in (Status.REJECTED, Status.CONFLICT) for r in results)
    if mode == Mode.DRY_RUN:
        return batch
    if mode == Mode.ATOMIC and failed:
        raise BatchRejected(batch)
    if fresh:
        await _write(session, study, wave, fresh, keys.current_version)
        if mode == Mode.ATOMIC and any(r.status == Status.CONFLICT for r in results):
            raise BatchRejected(batch)  # a concurrent request won a race; roll back everything
    await audit.record(
        session,
        actor,
        "submissions.ingested",
        study.id,
        {"wave": wave.code, "mode": mode.value, **batch.summary()},
    )
    return batch


def _all_rejected(rows: Sequence[Any], mode: Mode, error: FieldError) -> BatchResult:
    results = [
        RowResult(
            i, r.get("submissionId") if isinstance(r, dict) else None, Status.REJECTED, [error]
        )
        for i, r in enumerate(rows, start=1)
    ]
    batch = BatchResult(mode, results)
    if mode == Mode.ATOMIC:
        raise BatchRejected(batch)
    return batch


async def _classify_existing(
    session: AsyncSession, study: Study, wave: Wave, rows: list[_Row]
) -> list[_Row]:
    """Mark repeats `unchanged` and reused ids `conflict`; return the rows still to create."""
    # Submissions first, subjects second: both commit together, so any submission seen here has
    # its subject visible to the later statement (READ COMMITTED takes a snapshot per statement).
    stored = await repository.find(session, study.id, [r.submission_id for r in rows])
    all_candidates = [p for row in rows for p in row.candidates.values()]
    subjects = await subject_repository.find_by_pseudonyms(session, study.id, all_candidates)
    for row in rows:
        row.subject_id = next((subjects[p] for p in row.candidates.values() if p in subjects), None)
    fresh: list[_Row] = []
    seen: dict[str, _Row] = {}
    for row in rows:
        earlier = seen.get(row.submission_id)
        existing = stored.get(row.submission_id)
        if earlier is not None:
            same = earlier.content_hash == row.content_hash and earlier.pseudonym == row.pseudonym
            _settle(row, same, "appears earlier in this batch with other content")
        elif existing is not None:
            same = (
                existing.content_hash == row.content_hash
                and existing.subject_id == row.subject_id
                and existing.wave_id == wave.id
            )
            _settle(row, same, "was already stored with other content")
        else:
            fresh.append(row)
        seen.setdefault(row.submission_id, row)
    return fresh


def _settle(row: _Row, same: bool, why: str) -> None:
    if same:
        row.result.status = Status.UNCHANGED
    else:
        row.result.status = Status.CONFLICT
        row.result.errors = [
            FieldError(
                "conflict",
                f"submissionId '{row.submission_id}' {why}; send a new submissionId that "
                "supersedes it",
                "submissionId",
            )
        ]


async def _check_consents_and_corrections(
    session: AsyncSession, study: Study, wave: Wave, rows: list[_Row]
) -> None:
    required = set(wave.required_consent_scopes)
    stored_scopes = await subject_repository.active_consent_scopes(
        session, [r.subject_id for r in rows if r.subject_id is not None]
    )
    superseded = await repository.find(
        session, study.id, [r.supersedes for r in rows if r.supersedes]
    )
    for row in rows:
        scopes = set(stored_scopes.get(row.subject_id, set())) if row.subject_id else set()
        for scope, _text, _basis, _given, withdrawn in row.consents:
            if withdrawn is None:
                scopes.add(scope)
            else:
                scopes.discard(scope)
        missing = sorted(required - scopes)
        if missing:
            row.result.status = Status.REJECTED
            row.result.errors.append(
                FieldError(
                    "consent_missing",
                    f"no consent for {', '.join(missing)} (given and not withdrawn); wave "
                    f"'{wave.code}' requires {', '.join(sorted(required))}",
                    "consents",
                )
            )
        if row.supersedes:
            target = superseded.get(row.supersedes)
            if target is None:
                row.result.status = Status.REJECTED
                row.result.errors.append(
                    FieldError(
                        "unknown_submission",
                        f"supersedes '{row.supersedes}', which is not stored",
                        "supersedes",
                    )
                )
            elif target.wave_id != wave.id or target.subject_id != row.subject_id:
                row.result.status = Status.REJECTED
                row.result.errors.append(
                    FieldError(
                        "invalid",
                        "a correction must be for the same subject and wave",
                        "supersedes",
                    )
                )
            elif target.superseded:
                row.result.status = Status.CONFLICT
                row.result.errors.append(
                    FieldError(
                        "conflict",
                        f"'{row.supersedes}' was already corrected by another submission",
                        "supersedes",
                    )
                )


async def _check_one_interview_per_wave(
    session: AsyncSession, wave: Wave, rows: list[_Row]
) -> None:
    """A subject has one current interview per wave; another one must supersede it."""
    candidates = [r for r in rows if r.result.status == Status.CREATED]
    current = await repository.current_in_wave(
        session, wave.id, [r.subject_id for r in candidates if r.subject_id is not None]
    )
    seen: set[str] = set()
    for row in candidates:
        stored = current.get(row.subject_id) if row.subject_id is not None else None
        if stored is not None and stored[0] == row.submission_id:
            # Stored by a concurrent request after this batch looked for its ids.
            _settle(row, stored[1] == row.content_hash, "was stored meanwhile with other content")
        elif (stored is not None and not row.supersedes) or row.pseudonym in seen:
            _duplicate_interview(row, wave)
        seen.add(row.pseudonym)


def _duplicate_interview(row: _Row, wave: Wave) -> None:
    row.result.status = Status.CONFLICT
    row.result.errors = [
        FieldError(
            "duplicate_interview",
            f"this subject already has a submission in wave '{wave.code}'; "
            "send a correction that supersedes it",
            "subject",
        )
    ]


async def _write(
    session: AsyncSession, study: Study, wave: Wave, rows: list[_Row], key_version: int
) -> None:
    # Writes in a stable order (by pseudonym), so concurrent batches lock rows in the same order.
    rows.sort(key=lambda r: (r.pseudonym, r.submission_id))
    missing = {r.pseudonym: r for r in rows if r.subject_id is None}
    found = await subject_repository.insert_missing(
        session, study.id, [(p, key_version, r.cohort_id) for p, r in missing.items()]
    )
    for row in rows:
        if row.subject_id is None:
            row.subject_id = found[row.pseudonym]
    informants = await subject_repository.ensure_informants(
        session, study.id, [r.informant for r in rows if r.informant]
    )
    consents = [(r.subject_id, *c) for r in rows for c in r.consents]
    await subject_repository.insert_consents(session, consents)  # type: ignore[arg-type]
    await repository.mark_superseded(
        session, study.id, [r.supersedes for r in rows if r.supersedes]
    )
    new_rows = [
        {
            "wave_id": wave.id,
            "subject_id": r.subject_id,
            "informant_id": informants.get(r.informant) if r.informant else None,
            "instrument_version_id": r.version_id,
            "submission_id": r.submission_id,
            "supersedes": r.supersedes,
            "content_hash": r.content_hash,
            "answers": r.answers,
            "submitted_at": r.submitted_at,
            **r.dims,
        }
        for r in rows
    ]
    inserted = await repository.insert_new(session, study.id, new_rows)
    lost = [r for r in rows if r.submission_id not in inserted]
    if lost:
        # Written meanwhile by a concurrent request (or the subject already answered this wave).
        stored = await repository.find(session, study.id, [r.submission_id for r in lost])
        for row in lost:
            existing = stored.get(row.submission_id)
            if existing is None:
                _duplicate_interview(row, wave)
            else:
                same = (
                    existing.content_hash == row.content_hash
                    and existing.subject_id == row.subject_id
                )
                _settle(row, same, "was stored meanwhile with other content")

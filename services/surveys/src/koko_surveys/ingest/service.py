"""Bulk ingest of submissions: validate every row in Python (`rows`), then write with a few
set-based statements. Idempotent by client `submission_id`: the same row again is `unchanged`, the
same id with other content a `conflict`; corrections name the submission they `supersede`.

A writer's answers depend only on what that writer sent (submissions and consents are theirs):
whether another writer already interviewed the subject, or recorded its consent, never shows.
A second interview of a subject in a wave by another writer is `created` like any other, and
held (stored, not current) so the first interview stays the one that counts. Every batch,
dry runs and refused ones included, is audited (counts only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_shared.errors import DomainError, ErrorCode, FieldError
from koko_shared.i18n import Msgid
from koko_surveys import authorization
from koko_surveys.audit import service as audit
from koko_surveys.bulk_copy import CopyConflict, new_ids
from koko_surveys.ingest import checks
from koko_surveys.ingest.rows import (
    ParsedRows,
    PreparedRow,
    RowResult,
    Status,
    prepare_row,
)
from koko_surveys.ingest.wave_context import wave_context
from koko_surveys.study.models import Study
from koko_surveys.subject import repository as subject_repository
from koko_surveys.subject.pseudonym import PseudonymKeys
from koko_surveys.subject.record_key import record_keyer
from koko_surveys.submission import repository as submission_repository
from koko_surveys.wave.models import Wave
from koko_surveys.wave.service import wave_is_open

__all__ = ["BatchRejected", "BatchResult", "Mode", "RowResult", "Status", "ingest"]


class Mode(StrEnum):
    PARTIAL = "partial"
    ATOMIC = "atomic"
    DRY_RUN = "dry_run"


@dataclass(slots=True)
class BatchResult:
    mode: Mode
    results: list[RowResult]
    # Atomic mode with a failing row: nothing was stored (answered 422 BATCH_REJECTED).
    rejected: bool = False
    held: int = 0  # interviews held because another writer interviewed the subject first

    def summary(self) -> dict[str, int]:
        counts = {status.value: 0 for status in Status}
        for result in self.results:
            counts[result.status.value] += 1
        return counts

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        """The batch's answer, the rows' messages in `language`."""
        return {
            "mode": self.mode.value,
            "summary": self.summary(),
            "results": [r.as_dict(language) for r in self.results],
        }


# The code of a row that failed without a more specific error.
_STATUS_CODES = {Status.REJECTED: ErrorCode.BAD_USER_INPUT, Status.CONFLICT: ErrorCode.CONFLICT}


class BatchRejected(DomainError):
    """Atomic mode: one row failed, so nothing was stored (the problem a rejected batch is
    answered with)."""

    code = ErrorCode.BATCH_REJECTED
    status = 422

    def __init__(self, batch: BatchResult) -> None:
        failed = [r for r in batch.results if r.status in (Status.REJECTED, Status.CONFLICT)]
        errors = [
            FieldError(e.code, "row {row}: {message}", e.field, {"row": r.row, "message": e})
            for r in failed
            for e in (r.errors or [FieldError(_STATUS_CODES[r.status], r.status.value)])
        ]
        super().__init__(
            "{failed} of {total} rows failed; atomic mode stored nothing",
            errors=errors,
            params={"failed": len(failed), "total": len(batch.results)},
        )
        self.batch = batch


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
    """Check and (unless a dry run or a rejected atomic batch) store the rows. The answer is
    returned, never raised, so the audit entry of a refused batch is kept."""
    authorization.require(
        authorization.can_write(actor, study), "this actor may not write to this study"
    )
    writer = actor.subject
    today = today or datetime.now(UTC).date()
    context = await wave_context(session, study, wave)
    if study.pseudonym_salt is None:
        closed = "the study's pseudonym key was destroyed at panel end; it takes no new data"
        error = FieldError(ErrorCode.STUDY_CLOSED, closed, None)
        return await _audited(session, actor, study, wave, _all_rejected(rows, mode, error))
    if not wave_is_open(wave, today):
        error = FieldError(
            ErrorCode.WAVE_CLOSED,
            "wave '{wave}' is closed (field window {opens}–{closes})",
            "waveId",
            {"wave": wave.code, "opens": wave.field_opens_date, "closes": wave.field_closes_date},
        )
        return await _audited(session, actor, study, wave, _all_rejected(rows, mode, error))
    rekeyer = keys.for_study(study.id, study.pseudonym_salt)
    prepared: list[PreparedRow] = []
    results: list[RowResult] = []
    nul_free = isinstance(rows, ParsedRows) and rows.nul_free
    for index, raw in enumerate(rows, start=1):
        outcome = prepare_row(index, raw, context, keys, rekeyer, nul_free=nul_free)
        if isinstance(outcome, RowResult):
            results.append(outcome)
        else:
            prepared.append(outcome)
            results.append(outcome.result)

    fresh = await checks.classify_existing(session, study, wave, writer, prepared)
    await checks.consents_and_corrections(session, study, wave, writer, fresh)
    await checks.one_interview_per_wave(session, wave, writer, fresh)
    fresh = [row for row in fresh if row.result.status == Status.CREATED]
    batch = BatchResult(mode, results, held=sum(1 for row in fresh if row.held))
    failed = any(r.status in (Status.REJECTED, Status.CONFLICT) for r in results)
    if mode == Mode.ATOMIC and failed:
        batch.rejected = True
    elif mode != Mode.DRY_RUN and fresh:
        # In a savepoint: a race lost in atomic mode undoes the writes, not the audit entry.
        try:
            async with session.begin_nested():
                await _write(session, study, wave, writer, fresh, keys.current_version)
                if mode == Mode.ATOMIC and any(r.status == Status.CONFLICT for r in results):
                    raise _RaceLost  # a concurrent request won a race; roll back everything
        except _RaceLost:
            batch.rejected = True
        batch.held = sum(1 for row in fresh if row.held and row.result.status == Status.CREATED)
    return await _audited(session, actor, study, wave, batch)


class _RaceLost(Exception):
    pass


async def _audited(
    session: AsyncSession, actor: Actor, study: Study, wave: Wave, batch: BatchResult
) -> BatchResult:
    """Every batch leaves an entry: dry runs, refused batches and stored ones (counts only)."""
    if batch.mode == Mode.DRY_RUN:
        action = "submissions.dry_run"
    elif batch.rejected:
        action = "submissions.rejected"
    else:
        action = "submissions.ingested"
    detail = {"wave": wave.code, "mode": batch.mode.value, **batch.summary(), "held": batch.held}
    await audit.record(session, actor, action, study.id, detail)
    return batch


def _all_rejected(rows: Sequence[Any], mode: Mode, error: FieldError) -> BatchResult:
    results = [
        RowResult(
            i, r.get("submissionId") if isinstance(r, dict) else None, Status.REJECTED, [error]
        )
        for i, r in enumerate(rows, start=1)
    ]
    return BatchResult(mode, results, rejected=mode == Mode.ATOMIC)


async def _write(
    session: AsyncSession,
    study: Study,
    wave: Wave,
    writer: str,
    rows: list[PreparedRow],
    key_version: int,
) -> None:
    # Writes in a stable order (by pseudonym), so concurrent batches lock rows in the same order.
    rows.sort(key=lambda r: (r.pseudonym, r.submission_id))
    if not any(row.held for row in rows):
        try:
            async with session.begin_nested():
                await _write_by_copy(session, study, wave, writer, rows, key_version)
            return
        except CopyConflict:
            # A concurrent request stored one of the subjects or submissions meanwhile: the
            # copy is undone and the batch written again below, settling each race by row.
            pass
    await _write_by_insert(session, study, wave, writer, rows, key_version)


async def _write_by_copy(
    session: AsyncSession,
    study: Study,
    wave: Wave,
    writer: str,
    rows: list[PreparedRow],
    key_version: int,
) -> None:
    """Rows checked to be new, none held: subjects, consents and submissions go in with binary
    COPY (`CopyConflict` if a concurrent request won a race). The rows learn their subjects only
    once every statement succeeded."""
    study_id, wave_id, key_of = study.id, wave.id, record_keyer(study.record_key_salt)
    ids = iter(new_ids(len(rows) * 2 + sum(len(row.consents) for row in rows)))
    subjects: dict[str, tuple[UUID, int]] = {}  # pseudonym -> (subject id, record key)
    new_subjects: list[tuple[UUID, str, int, UUID | None, int]] = []
    for row in rows:
        if row.subject_id is not None:
            assert row.record_key is not None
            subjects[row.pseudonym] = (row.subject_id, row.record_key)
        elif row.pseudonym not in subjects:
            subject = (next(ids), key_of(row.pseudonym))
            subjects[row.pseudonym] = subject
            new_subjects.append((subject[0], row.pseudonym, key_version, row.cohort_id, subject[1]))
    await subject_repository.copy_new(session, study_id, new_subjects)
    informants = await subject_repository.ensure_informants(
        session, study_id, [r.informant for r in rows if r.informant]
    )
    # Consents of subjects created just now cannot exist yet: copied (once per subject, scope
    # and text version); those of known subjects may, and are merged by INSERT … ON CONFLICT.
    created = {subject[0] for subject in new_subjects}
    copied: list[tuple[UUID, UUID, str, str, str, datetime, datetime | None]] = []
    merged: list[tuple[UUID, str, str, str, datetime, datetime | None]] = []
    seen: set[tuple[UUID, str, str]] = set()
    for row in rows:
        subject_id = subjects[row.pseudonym][0]
        for scope, text_version, basis, given, withdrawn in row.consents:
            key = (subject_id, scope, text_version)
            if subject_id in created and key not in seen:
                seen.add(key)
                copied.append((next(ids), *key, basis, given, withdrawn))
            else:
                merged.append((*key, basis, given, withdrawn))
    await subject_repository.copy_consents(session, writer, copied)
    await subject_repository.insert_consents(session, writer, merged)
    await submission_repository.mark_superseded(
        session, study_id, writer, [r.supersedes for r in rows if r.supersedes]
    )
    await submission_repository.copy_new(
        session,
        [
            (
                next(ids),
                study_id,
                writer,
                subjects[r.pseudonym][1],
                wave_id,
                subjects[r.pseudonym][0],
                informants.get(r.informant) if r.informant else None,
                r.version_id,
                r.submission_id,
                r.supersedes,
                r.content_hash,
                orjson.dumps(r.answers).decode(),
                r.dims["region_ars"],
                r.dims["area_code"],
                r.dims["sex"],
                r.dims["age_group"],
                r.dims["origin_group"],
                r.dims["cohort_code"],
                r.dims["offer_id"],
                r.submitted_at,
            )
            for r in rows
        ],
    )
    for row in rows:
        row.subject_id, row.record_key = subjects[row.pseudonym]


async def _write_by_insert(
    session: AsyncSession,
    study: Study,
    wave: Wave,
    writer: str,
    rows: list[PreparedRow],
    key_version: int,
) -> None:
    """INSERT … ON CONFLICT: held rows, and a batch whose copy lost a race to a concurrent
    request (each row settled on its own)."""
    missing = {r.pseudonym: r for r in rows if r.subject_id is None}
    found = await subject_repository.insert_missing(
        session,
        study.id,
        [(p, key_version, r.cohort_id) for p, r in missing.items()],
        study.record_key_salt,
    )
    for row in rows:
        if row.subject_id is None:
            row.subject_id = found[row.pseudonym]
    informants = await subject_repository.ensure_informants(
        session, study.id, [r.informant for r in rows if r.informant]
    )
    consents = [(r.subject_id, *c) for r in rows for c in r.consents]
    await subject_repository.insert_consents(session, writer, consents)  # type: ignore[arg-type]
    await submission_repository.mark_superseded(
        session, study.id, writer, [r.supersedes for r in rows if r.supersedes]
    )
    lost = await _insert(session, study, wave, writer, informants, rows)
    if not lost:
        return
    # Written meanwhile by a concurrent request: the same id of this writer, or an interview of
    # the subject in this wave (the writer's own: a duplicate; another writer's: held).
    stored = await submission_repository.find(
        session, study.id, writer, [r.submission_id for r in lost]
    )
    interviews = await submission_repository.interviews_in_wave(
        session, wave.id, writer, [r.subject_id for r in lost if r.subject_id is not None]
    )
    retry = []
    for row in lost:
        existing = stored.get(row.submission_id)
        if existing is not None:
            same = (
                existing.content_hash == row.content_hash and existing.subject_id == row.subject_id
            )
            checks.settle(row, same, Msgid("was stored meanwhile with other content"))
        elif row.subject_id in interviews.own or row.held:
            checks.duplicate_interview(row, wave)
        else:
            row.held = True
            retry.append(row)
    for row in await _insert(session, study, wave, writer, informants, retry):
        checks.duplicate_interview(row, wave)


async def _insert(
    session: AsyncSession,
    study: Study,
    wave: Wave,
    writer: str,
    informants: dict[tuple[str, str], Any],
    rows: list[PreparedRow],
) -> list[PreparedRow]:
    """Insert the rows; returns those not inserted (a concurrent request stored a conflicting
    one)."""
    if not rows:
        return []
    new_rows = [
        {
            "held": r.held,
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
    inserted = await submission_repository.insert_new(session, study.id, writer, new_rows)
    return [r for r in rows if r.submission_id not in inserted]

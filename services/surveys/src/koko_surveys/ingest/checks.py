"""What ingest checks against stored data, as one writer sees it: repeats and reused ids,
consents and corrections, one interview per subject and wave. Only the writer's own submissions
and consents are looked at (and withdrawals by anyone), so the results never depend on what
another writer stored; another writer's interview of the subject holds the row instead."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.errors import ErrorCode, FieldError
from koko_shared.i18n import Msgid
from koko_surveys.ingest.rows import PreparedRow, Status
from koko_surveys.study.models import Study
from koko_surveys.subject import repository as subject_repository
from koko_surveys.submission import repository as submission_repository
from koko_surveys.wave.models import Wave


async def classify_existing(
    session: AsyncSession, study: Study, wave: Wave, writer: str, rows: list[PreparedRow]
) -> list[PreparedRow]:
    """Mark repeats `unchanged` and reused ids `conflict`; return the rows still to create.
    Only the writer's own submission ids are looked at."""
    # Submissions first, subjects second: both commit together, so any submission seen here has
    # its subject visible to the later statement (READ COMMITTED takes a snapshot per statement).
    stored = await submission_repository.find(
        session, study.id, writer, [r.submission_id for r in rows]
    )
    all_candidates = [p for row in rows for p in row.candidates.values()]
    subjects = await subject_repository.keys_by_pseudonyms(session, study.id, all_candidates)
    for row in rows:
        known = next((subjects[p] for p in row.candidates.values() if p in subjects), None)
        if known is not None:
            row.subject_id, row.record_key = known
    fresh: list[PreparedRow] = []
    seen: dict[str, PreparedRow] = {}
    for row in rows:
        earlier = seen.get(row.submission_id)
        existing = stored.get(row.submission_id)
        if earlier is not None:
            same = earlier.content_hash == row.content_hash and earlier.pseudonym == row.pseudonym
            settle(row, same, Msgid("appears earlier in this batch with other content"))
        elif existing is not None:
            same = (
                existing.content_hash == row.content_hash
                and existing.subject_id == row.subject_id
                and existing.wave_id == wave.id
            )
            settle(row, same, Msgid("was already stored with other content"))
        else:
            fresh.append(row)
        seen.setdefault(row.submission_id, row)
    return fresh


def settle(row: PreparedRow, same: bool, why: Msgid) -> None:
    if same:
        row.result.status = Status.UNCHANGED
    else:
        row.result.status = Status.CONFLICT
        row.result.errors = [
            FieldError(
                ErrorCode.CONFLICT,
                "submissionId '{id}' {why}; send a new submissionId that supersedes it",
                "submissionId",
                {"id": row.submission_id, "why": why},
            )
        ]


async def consents_and_corrections(
    session: AsyncSession, study: Study, wave: Wave, writer: str, rows: list[PreparedRow]
) -> None:
    """Consent: the row's own consents and those this writer recorded before; a withdrawal
    recorded by anyone after a consent was given voids it (the law asks for that, so a writer
    whose row relies on a withdrawn consent learns of the withdrawal). Corrections: only of the
    writer's own submissions (another writer's id is as unknown as one never sent)."""
    required = set(wave.required_consent_scopes)
    subject_ids = [r.subject_id for r in rows if r.subject_id is not None]
    stored_scopes = await subject_repository.active_consent_scopes(session, subject_ids, writer)
    withdrawals = await subject_repository.latest_withdrawals(session, subject_ids)
    superseded = await submission_repository.find(
        session, study.id, writer, [r.supersedes for r in rows if r.supersedes]
    )
    for row in rows:
        scopes = set(stored_scopes.get(row.subject_id, set())) if row.subject_id else set()
        withdrawn_at = withdrawals.get(row.subject_id, {}) if row.subject_id else {}
        for scope, _text, _basis, given, withdrawn in row.consents:
            if withdrawn is None and not (scope in withdrawn_at and withdrawn_at[scope] > given):
                scopes.add(scope)
            elif withdrawn is not None:
                scopes.discard(scope)
        missing = sorted(required - scopes)
        if missing:
            row.result.status = Status.REJECTED
            row.result.errors.append(
                FieldError(
                    ErrorCode.CONSENT_MISSING,
                    "no consent for {missing} (given and not withdrawn); wave '{wave}' requires "
                    "{required}",
                    "consents",
                    {
                        "missing": ", ".join(missing),
                        "wave": wave.code,
                        "required": ", ".join(sorted(required)),
                    },
                )
            )
        if row.supersedes:
            target = superseded.get(row.supersedes)
            if target is None:
                row.result.status = Status.REJECTED
                row.result.errors.append(
                    FieldError(
                        ErrorCode.UNKNOWN_SUBMISSION,
                        "supersedes '{id}', which is not stored",
                        "supersedes",
                        {"id": row.supersedes},
                    )
                )
            elif target.wave_id != wave.id or target.subject_id != row.subject_id:
                row.result.status = Status.REJECTED
                row.result.errors.append(
                    FieldError(
                        ErrorCode.BAD_USER_INPUT,
                        "a correction must be for the same subject and wave",
                        "supersedes",
                    )
                )
            elif target.corrected:
                row.result.status = Status.CONFLICT
                row.result.errors.append(
                    FieldError(
                        ErrorCode.CONFLICT,
                        "'{id}' was already corrected by another submission",
                        "supersedes",
                        {"id": row.supersedes},
                    )
                )


async def one_interview_per_wave(
    session: AsyncSession, wave: Wave, writer: str, rows: list[PreparedRow]
) -> None:
    """A subject has one interview per wave and writer; another one of the writer must
    supersede it. An interview of the subject by another writer holds the row instead."""
    candidates = [r for r in rows if r.result.status == Status.CREATED]
    interviews = await submission_repository.interviews_in_wave(
        session, wave.id, writer, [r.subject_id for r in candidates if r.subject_id is not None]
    )
    seen: set[str] = set()
    for row in candidates:
        own = interviews.own.get(row.subject_id) if row.subject_id is not None else None
        if own is not None and own[0] == row.submission_id:
            # Stored by a concurrent request after this batch looked for its ids.
            settle(
                row, own[1] == row.content_hash, Msgid("was stored meanwhile with other content")
            )
        elif (own is not None and not row.supersedes) or row.pseudonym in seen:
            duplicate_interview(row, wave)
        elif row.subject_id in interviews.by_others:
            row.held = True
        seen.add(row.pseudonym)


def duplicate_interview(row: PreparedRow, wave: Wave) -> None:
    row.result.status = Status.CONFLICT
    row.result.errors = [
        FieldError(
            ErrorCode.DUPLICATE_INTERVIEW,
            "you already sent an interview of this subject in wave '{wave}'; send a correction "
            "that supersedes it",
            "subject",
            {"wave": wave.code},
        )
    ]

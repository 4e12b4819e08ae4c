"""Erasure of a subject by pseudonym and per-study retention purge."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_shared.errors import InvalidInput
from koko_surveys import authorization
from koko_surveys.audit import service as audit
from koko_surveys.export import repository as export_repository
from koko_surveys.study.errors import StudyNotFound
from koko_surveys.study.models import Study
from koko_surveys.study.repository import get as get_study
from koko_surveys.study.service import CONSENT_SCOPES
from koko_surveys.subject import repository
from koko_surveys.subject.pseudonym import PseudonymKeys, require_pseudonym_format
from koko_surveys.submission import repository as submission_repository


async def erase(
    session: AsyncSession, actor: Actor, *, study_id: UUID, pseudonym: str, keys: PseudonymKeys
) -> None:
    """Erase everything of one subject: submissions, consents, exports' records of them, the
    subject row and stored batch responses naming its submissions. `pseudonym` is the client's
    HMAC (as sent at ingest) or the study pseudonym. An unknown pseudonym is answered exactly
    like a known one (the same statements run, nothing to delete): whether someone took part is
    not the caller's to learn. The audit entry names no one."""
    study = await subject_study(session, actor, study_id)
    subject_ids = await _subject_ids(session, study, pseudonym, keys)
    submission_ids = await submission_repository.submission_ids_of_subjects(session, subject_ids)
    await submission_repository.forget_idempotent_responses_naming(
        session, study.id, submission_ids
    )
    await repository.delete(session, subject_ids)
    await audit.record(
        session, actor, "subject.erased", study.id, {"submissions": len(submission_ids)}
    )


async def subject_study(session: AsyncSession, actor: Actor, study_id: UUID) -> Study:
    """The study whose subjects `actor` may act on: StudyNotFound when they may not see it (as
    if it did not exist), PermissionDenied when they see it but may not act on subjects."""
    study = await get_study(session, study_id)
    if study is None or not authorization.acts_in_region(actor, study):
        raise StudyNotFound(study_id)
    authorization.require(
        authorization.can_write(actor, study) or authorization.can_read_microdata(actor, study),
        "only coordinators, the study's integrators and analysts of the region act on subjects",
    )
    return study


async def _subject_ids(
    session: AsyncSession, study: Study, pseudonym: str, keys: PseudonymKeys
) -> list[UUID]:
    """The subject rows of a pseudonym (none when unknown)."""
    require_pseudonym_format(pseudonym)
    candidates = [pseudonym]
    if study.pseudonym_salt is not None:
        rekeyer = keys.for_study(study.id, study.pseudonym_salt)
        candidates.extend(rekeyer.candidates(pseudonym).values())
    return await repository.find_for_erasure(session, study.id, candidates)


async def withdraw_consent(
    session: AsyncSession,
    actor: Actor,
    *,
    study_id: UUID,
    pseudonym: str,
    scope: str,
    keys: PseudonymKeys,
) -> None:
    """Record that the subject withdrew consent of `scope`: submissions relying on a consent
    given before now are rejected from now on (what was stored stays until erasure is asked
    for). For a pseudonym without data yet the withdrawal is recorded too (a subject row with
    the withdrawal alone), so data sent later is refused; known and unknown pseudonyms get the
    same answer. Without the study's salt (panel end) nobody new can be recorded."""
    if scope not in CONSENT_SCOPES:
        raise InvalidInput(
            "scope is one of {scopes}", field="scope", params={"scopes": sorted(CONSENT_SCOPES)}
        )
    study = await subject_study(session, actor, study_id)
    subject_ids = await _subject_ids(session, study, pseudonym, keys)
    if study.pseudonym_salt is not None:
        # One statement either way: it records the pseudonym only when no key version knows it.
        rekeyer = keys.for_study(study.id, study.pseudonym_salt)
        candidates = rekeyer.candidates(pseudonym)
        recorded = await repository.insert_unless_known(
            session,
            study.id,
            candidates[keys.current_version],
            keys.current_version,
            list(candidates.values()),
            study.record_key_salt,
        )
        subject_ids = [*subject_ids, *recorded]
    await repository.withdraw_consents(
        session, subject_ids, scope, datetime.now(UTC), actor.subject
    )
    await audit.record(session, actor, "consent.withdrawn", study.id, {"scope": scope})


async def purge_expired(
    session: AsyncSession, study: Study, actor: Actor | str = "retention"
) -> int:
    """Delete submissions whose wave closed more than `retention_days` ago, what exports of
    those waves recorded per person, then subjects left without any submission."""
    if study.retention_days is None:
        return 0
    await export_repository.forget_records_of_expired_waves(session, study.id, study.retention_days)
    removed = await submission_repository.purge_expired(session, study.id, study.retention_days)
    subjects = await repository.delete_without_submissions(session, study.id)
    if removed or subjects:
        await audit.record(
            session,
            actor,
            "retention.purged",
            study.id,
            {"submissions": removed, "subjects": subjects, "at": datetime.now().isoformat()},
        )
    return removed


async def destroy_key(session: AsyncSession, actor: Actor, study: Study) -> None:
    """Panel end: forget the study's salt so no new submission can be linked to old subjects."""
    authorization.require(
        authorization.can_manage(actor, study.region_ars), "only coordinators end a panel"
    )
    study.pseudonym_salt = None
    await session.flush()
    await audit.record(session, actor, "pseudonym_key.destroyed", study.id, {})

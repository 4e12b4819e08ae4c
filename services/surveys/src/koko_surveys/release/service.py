"""Rules of releases: a coordinator freezes a study's figures at a cut-off (or for closed waves);
a release needs enough new submissions since the previous one, so that no two releases differ by
one person; and who reads which submissions (live for analysts, a release for everyone else)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_shared.errors import InvalidInput
from koko_surveys import authorization
from koko_surveys.analytics.repository import Scope
from koko_surveys.audit import service as audit
from koko_surveys.release import repository
from koko_surveys.release.errors import ReleaseNotFound, TooFewNewSubmissions, WaveNotClosed
from koko_surveys.release.models import Release
from koko_surveys.study.models import Study
from koko_surveys.study.service import wave_of


async def publish(
    session: AsyncSession,
    actor: Actor,
    study: Study,
    *,
    cut_off_at: datetime | None = None,
    wave_ids: list[UUID] | None = None,
    today: date | None = None,
) -> Release:
    authorization.require(
        authorization.can_manage(actor, study.region_ars),
        "only coordinators of the study's region publish releases",
    )
    now = datetime.now(UTC)
    cut_off = cut_off_at or now
    if cut_off.tzinfo is None:
        raise InvalidInput("the cut-off needs a time zone", field="cutOffAt")
    if cut_off > now:
        raise InvalidInput("the cut-off cannot lie in the future", field="cutOffAt")
    waves = [await wave_of(session, study, wave_id) for wave_id in wave_ids or []]
    for wave in waves:
        if wave.closed_at is None and wave.field_closes_date >= (today or now.date()):
            raise WaveNotClosed(
                f"wave {wave.code} is still in the field; release closed waves or a cut-off",
                field="waveIds",
            )
    await repository.lock_study(session, study.id)
    previous = (await repository.latest(session, [study.id])).get(study.id)
    per_wave = await repository.candidate_counts(
        session,
        study_id=study.id,
        cut_off_at=cut_off,
        wave_ids=[w.id for w in waves],
        previous=previous.id if previous else None,
    )
    total = sum(t for t, _ in per_wave.values())
    new = sum(n for _, n in per_wave.values())
    minimum = study.release_min_submissions
    if new < minimum:
        raise TooFewNewSubmissions(
            f"a release needs at least {minimum} submissions that the previous release does "
            f"not hold; there are {new}",
            field="cutOffAt",
        )
    # Figures are read per wave: no wave may differ from the previous release by a few people.
    short = sorted(code for code, (_, n) in per_wave.items() if 0 < n < minimum)
    if short:
        raise TooFewNewSubmissions(
            f"{'waves' if len(short) > 1 else 'wave'} {', '.join(short)}: fewer than {minimum} "
            "new submissions since the previous release; wait for more, or release with an "
            "earlier cut-off",
            field="cutOffAt",
        )
    release = Release(
        study_id=study.id,
        number=previous.number + 1 if previous else 1,
        cut_off_at=cut_off,
        wave_ids=[w.id for w in waves],
        submission_count=total,
        new_submission_count=new,
        published_by=actor.subject,
    )
    await repository.freeze(session, release)
    await audit.record(
        session,
        actor,
        "release.published",
        study.id,
        {
            "release": str(release.id),
            "number": release.number,
            "cutOffAt": cut_off.isoformat(),
            "waves": [w.code for w in waves],
            "submissions": total,
            "newSubmissions": new,
        },
    )
    return release


async def record_refusal(
    session: AsyncSession, actor: Actor, study_id: UUID, error: Exception
) -> None:
    """Audit a refused release (after the refused attempt was rolled back)."""
    await audit.record(session, actor, "release.refused", study_id, {"reason": str(error)})


async def scope_for(
    session: AsyncSession, actor: Actor, study: Study, release_id: UUID | None = None
) -> tuple[Scope, Release | None]:
    """What this reader's figures of the study count: live submissions for analysts of the
    region (unless they ask for a release), else the requested or the latest release (nothing
    before the first one)."""
    if release_id is not None:
        release = await repository.get(session, release_id)
        if release is None or release.study_id != study.id:
            raise ReleaseNotFound(release_id)
        return Scope(releases=(release.id,)), release
    if authorization.can_read_live_aggregates(actor, study):
        return Scope(live_studies=(study.id,)), None
    latest = (await repository.latest(session, [study.id])).get(study.id)
    return (Scope(releases=(latest.id,)) if latest else Scope()), latest


async def scope_of_many(session: AsyncSession, actor: Actor, studies: list[Study]) -> Scope:
    """One scope over several studies (regional demand): live ones and latest releases."""
    live = tuple(s.id for s in studies if authorization.can_read_live_aggregates(actor, s))
    released = await repository.latest(session, [s.id for s in studies if s.id not in live])
    return Scope(live_studies=live, releases=tuple(r.id for r in released.values()))

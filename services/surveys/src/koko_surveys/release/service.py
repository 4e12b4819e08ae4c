"""Rules of releases: a coordinator releases a wave once it closed; its tables (the wave's pinned
table plan) are computed once and their published values stored, and every reader without the
analyst role reads those stored values only. Releasing a released wave again is a revision: it
is accepted only when every cell whose people changed counts at least `release_min_submissions`
people whose membership in that cell changed (so every cell whose value would change does);
cells whose people did not change keep their stored value exactly. Erasure removes microdata,
never a stored value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_surveys import authorization
from koko_surveys.audit import service as audit
from koko_surveys.release import repository
from koko_surveys.release.cells import CellId, Cells, Interview, compute
from koko_surveys.release.errors import (
    ReleaseNotFound,
    ReleaseUnchanged,
    RevisionTooSmall,
    TablePlanMissing,
    WaveNotClosed,
)
from koko_surveys.release.models import Release
from koko_surveys.study.models import Study
from koko_surveys.wave import repository as wave_repository
from koko_surveys.wave.models import Wave
from koko_surveys.wave.service import wave_of

MAX_NAMED_TABLES = 10


def table_of(cell: CellId) -> str:
    """The table a cell belongs to, without the cell's values or category: naming the cells
    themselves would tell a coordinator where the few changed people are."""
    kind, name, dims, _key, _category = cell
    if kind == "indicator":
        return f"{name} by {dims.replace(',', ' x ')}" if dims else f"{name} (total)"
    if kind == "transition":
        return f"{name} transitions"
    return kind


def wave_closed(wave: Wave, today: date) -> bool:
    return wave.closed_at is not None or wave.field_closes_date < today


async def _inputs(
    session: AsyncSession, waves: list[Wave], wave: Wave, release_id: UUID | None
) -> tuple[list[UUID], list[Interview], list[Interview] | None, list[Interview]]:
    """(rows counted, the wave's interviews, the previous wave's, the first wave's): current
    ones, or those a release counted."""
    ordered = sorted(waves, key=lambda w: w.position)
    index = next(i for i, w in enumerate(ordered) if w.id == wave.id)
    needed = {wave.id, ordered[0].id, ordered[max(index - 1, 0)].id}
    found = await repository.interviews(session, list(needed), release_id=release_id)
    by_wave: dict[UUID, list[Interview]] = {w: [] for w in needed}
    for wave_id, _row, interview in found:
        by_wave[wave_id].append(interview)
    rows = [row for _, row, _ in found]
    current = by_wave[wave.id]
    previous = by_wave[ordered[index - 1].id] if index > 0 else None
    return rows, current, previous, by_wave[ordered[0].id]


def _revise(
    new: Cells, old: Cells, stored: dict[CellId, int | None], minimum: int
) -> tuple[dict[CellId, int], int]:
    """The values of a revision (cells whose people did not change keep theirs) and the people
    it changes; RevisionTooSmall naming the tables of the cells whose people changed by fewer
    than `minimum`. Every such cell is refused, whether or not its value would move: were only
    cells with a new value refused, the acceptance of a revision would tell how the noise of a
    cell fell (a value kept although two people joined means its perturbation dropped by two)."""
    values: dict[CellId, int] = {}
    short: list[tuple[CellId, int]] = []  # (cell, people changed)
    changed_people: set[UUID] = set()
    for cell, people in new.members.items():
        before = old.members.get(cell, set())
        kept = stored.get(cell)
        if people == before:
            values[cell] = kept if kept is not None else new.value(cell)
            continue
        changed = people ^ before
        changed_people |= changed
        if len(changed) < minimum:
            short.append((cell, len(changed)))
        values[cell] = new.value(cell)
    if short:
        tables: dict[str, int] = {}
        for cell, _ in short:
            tables[table_of(cell)] = tables.get(table_of(cell), 0) + 1
        named = "; ".join(f"{t}: {n}" for t, n in list(tables.items())[:MAX_NAMED_TABLES])
        params: dict[str, object] = {
            "cells": len(short),
            "tables": len(tables),
            "minimum": minimum,
            "named": named,
        }
        message = (
            "{cells} cells in {tables} tables would change by fewer than {minimum} people (cells "
            "per table: {named})"
        )
        if len(tables) > MAX_NAMED_TABLES:
            message = (
                "{cells} cells in {tables} tables would change by fewer than {minimum} people "
                "(cells per table: {named}; {more} more tables)"
            )
            params["more"] = len(tables) - MAX_NAMED_TABLES
        raise RevisionTooSmall(message, field="waveId", params=params)
    if not changed_people:
        raise ReleaseUnchanged("nobody's figures changed since the wave's release", field="waveId")
    return values, len(changed_people)


async def release_wave(
    session: AsyncSession,
    actor: Actor,
    study: Study,
    wave_id: UUID,
    *,
    today: date | None = None,
) -> Release:
    authorization.require(
        authorization.can_manage(actor, study.region_ars),
        "only coordinators of the study's region release waves",
    )
    now = datetime.now(UTC)
    waves = (await wave_repository.waves_of(session, [study.id]))[study.id]
    wave = next((w for w in waves if w.id == wave_id), None) or await wave_of(
        session, study, wave_id
    )
    if not wave_closed(wave, today or now.date()):
        raise WaveNotClosed(
            "wave {wave} is still in the field; release it once it closed",
            field="waveId",
            params={"wave": wave.code},
        )
    await repository.lock_study(session, study.id)
    plan = await repository.pinned_plan(session, wave.id)
    if plan is None:
        raise TablePlanMissing(
            "wave {wave} has no table plan; define one with tablePlanDefine",
            field="waveId",
            params={"wave": wave.code},
        )
    spec = {
        "indicators": plan.indicators,
        "breakdowns": plan.breakdowns,
        "code_lists": plan.code_lists,
    }
    intake = study.kind == "intake"
    rows, current, previous, first = await _inputs(session, waves, wave, None)
    new = compute(spec, current, previous=previous, first=first, intake=intake)
    earlier = (await repository.latest_of_waves(session, [wave.id])).get(wave.id)
    if earlier is None:
        values = {cell: new.value(cell) for cell in new.members}
        changed = len(current)
    else:
        _, old_current, old_previous, old_first = await _inputs(session, waves, wave, earlier.id)
        old = compute(spec, old_current, previous=old_previous, first=old_first, intake=intake)
        stored = (await repository.values(session, [earlier.id]))[earlier.id]
        values, changed = _revise(new, old, stored, study.release_min_submissions)
    release = Release(
        study_id=study.id,
        number=await repository.next_number(session, study.id),
        wave_id=wave.id,
        revision=earlier.revision + 1 if earlier else 0,
        plan_version=plan.version,
        cut_off_at=now,
        wave_ids=[wave.id],
        submission_count=len(current),
        new_submission_count=changed,
        published_by=actor.subject,
    )
    await repository.store(session, release, rows, values)
    await audit.record(
        session,
        actor,
        "release.published",
        study.id,
        {
            "release": str(release.id),
            "wave": wave.code,
            "revision": release.revision,
            "planVersion": plan.version,
            "cells": len(values),
        },
    )
    return release


async def record_refusal(
    session: AsyncSession, actor: Actor, study_id: UUID, error: Exception
) -> None:
    """Audit a refused release (after the refused attempt was rolled back)."""
    await audit.record(session, actor, "release.refused", study_id, {"reason": str(error)})


@dataclass(frozen=True, slots=True)
class ShownRelease:
    """A release as a reader sees it: its counts of submissions only for those who read the
    study's internal aggregates."""

    release: Release
    counts_shown: bool


async def releases_for(session: AsyncSession, actor: Actor, study: Study) -> list[ShownRelease]:
    """The study's releases, oldest first, for a reader who sees the study."""
    counts_shown = authorization.can_read_internal_aggregates(actor, study)
    return [ShownRelease(r, counts_shown) for r in await repository.of_study(session, study.id)]


def reads_live(actor: Actor, study: Study) -> bool:
    """Analysts of the region read live figures; everyone else reads stored releases."""
    return authorization.can_read_live_aggregates(actor, study)


async def release_of(
    session: AsyncSession, study: Study, wave: Wave | None, release_id: UUID | None
) -> Release | None:
    """The release a reader's figures of a wave come from: the one named, else the wave's
    latest (None: nothing released)."""
    if release_id is not None:
        release = await repository.get(session, release_id)
        if release is None or release.study_id != study.id or release.wave_id is None:
            raise ReleaseNotFound(release_id)
        return release
    if wave is None:
        return None
    return (await repository.latest_of_waves(session, [wave.id])).get(wave.id)

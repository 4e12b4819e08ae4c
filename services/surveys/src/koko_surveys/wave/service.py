"""Rules of waves: creation with a field window, instrument versions and consent scopes; a
wave of a study by id; whether a wave accepts submissions on a day."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_shared.errors import InvalidInput
from koko_surveys import authorization
from koko_surveys.audit import service as audit
from koko_surveys.study.models import Study
from koko_surveys.study.service import CONSENT_SCOPES, require_code
from koko_surveys.wave import repository
from koko_surveys.wave.errors import WaveNotFound
from koko_surveys.wave.models import Wave, WaveInstrumentVersion


async def create_wave(
    session: AsyncSession,
    actor: Actor,
    study: Study,
    *,
    code: str,
    label: str,
    position: int,
    reference_date: date,
    field_opens_date: date,
    field_closes_date: date,
    instrument_version_ids: list[UUID],
    required_consent_scopes: list[str] | None = None,
) -> Wave:
    require_code(code)
    authorization.require(
        authorization.can_manage(actor, study.region_ars),
        "only coordinators of the region manage waves",
    )
    if field_opens_date > field_closes_date:
        raise InvalidInput("the field window closes before it opens", field="fieldClosesDate")
    scopes = required_consent_scopes if required_consent_scopes is not None else ["participation"]
    if not set(scopes) <= CONSENT_SCOPES:
        raise InvalidInput(
            "consent scopes are {allowed}",
            field="requiredConsentScopes",
            params={"allowed": ", ".join(sorted(CONSENT_SCOPES))},
        )
    wave = Wave(
        study_id=study.id,
        code=code,
        label=label,
        position=position,
        reference_date=reference_date,
        field_opens_date=field_opens_date,
        field_closes_date=field_closes_date,
        required_consent_scopes=scopes,
    )
    session.add(wave)
    await session.flush()
    for version_id in instrument_version_ids:
        session.add(WaveInstrumentVersion(wave_id=wave.id, instrument_version_id=version_id))
    await session.flush()
    await audit.record(session, actor, "wave.created", study.id, {"wave": code})
    return wave


async def wave_of(session: AsyncSession, study: Study, wave_id: UUID) -> Wave:
    wave = await repository.get_wave(session, wave_id)
    if wave is None or wave.study_id != study.id:
        raise WaveNotFound(wave_id)
    return wave


def wave_is_open(wave: Wave, today: date) -> bool:
    return wave.closed_at is None and wave.field_opens_date <= today <= wave.field_closes_date

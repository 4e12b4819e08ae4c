"""What validating the rows of one wave needs, loaded once per batch: the study, the wave, its
published instrument versions compiled, the study's cohorts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import ars_prefix
from koko_surveys.instrument.questions import CompiledForm
from koko_surveys.study import repository as study_repository
from koko_surveys.study.models import Study
from koko_surveys.wave import repository as wave_repository
from koko_surveys.wave.models import Wave


@dataclass(slots=True)
class WaveContext:
    """What validating rows of one wave needs, loaded once per batch."""

    study: Study
    wave: Wave
    forms: dict[str, tuple[UUID, CompiledForm]]  # "code@version" and id -> form
    cohorts: dict[str, UUID]
    region_prefix: str
    # Read per row: plain copies of the study's and wave's (ORM) attributes.
    region_ars: str = ""
    reference_year: int = 0
    reference_date: date | None = None
    field_opens: date | None = None
    field_closes: date | None = None

    def __post_init__(self) -> None:
        self.region_ars = self.study.region_ars
        self.reference_date = self.wave.reference_date
        self.reference_year = self.wave.reference_date.year
        self.field_opens = self.wave.field_opens_date
        self.field_closes = self.wave.field_closes_date


_FORM_CACHE: dict[UUID, CompiledForm] = {}


async def wave_context(session: AsyncSession, study: Study, wave: Wave) -> WaveContext:
    forms: dict[str, tuple[UUID, CompiledForm]] = {}
    for version, instrument in await wave_repository.wave_versions(session, wave.id):
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

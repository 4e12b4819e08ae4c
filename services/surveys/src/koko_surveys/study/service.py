"""Rules of studies: creation with disclosure settings and cohorts; reading a study only when
the actor may see it."""

from __future__ import annotations

import re
import secrets
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_shared.errors import Conflict, InvalidInput
from koko_shared.pagination import Page, PageRequest
from koko_surveys import authorization
from koko_surveys.audit import service as audit
from koko_surveys.study import repository
from koko_surveys.study.disclosure import FLOORS, check_floors
from koko_surveys.study.errors import StudyNotFound
from koko_surveys.study.models import Cohort, Study

ARS = re.compile(r"^[0-9]{12}$")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
STUDY_KINDS = {"destination", "intake", "follow_up", "employer", "other"}
CONSENT_SCOPES = {"participation", "panel_follow_up", "linkage"}


def require_ars(value: str, field: str = "regionArs") -> str:
    if not ARS.match(value):
        raise InvalidInput("an ARS has exactly 12 digits", field=field)
    return value


def require_code(value: str, field: str = "code") -> str:
    if not CODE.match(value):
        raise InvalidInput("a code is 1–64 letters, digits, '_', '.' or '-'", field=field)
    return value


async def create_study(
    session: AsyncSession,
    actor: Actor,
    *,
    region_ars: str,
    code: str,
    title: dict[str, str],
    kind: str,
    aggregates_public: bool = False,
    min_cell_count: int = FLOORS["min_cell_count"],
    min_rate_denominator: int = FLOORS["min_rate_denominator"],
    k_anonymity: int = FLOORS["k_anonymity"],
    retention_days: int | None = None,
    release_min_submissions: int = FLOORS["release_min_submissions"],
) -> Study:
    require_ars(region_ars)
    require_code(code)
    authorization.require(
        authorization.can_manage(actor, region_ars),
        "only coordinators of the region create studies",
    )
    if kind not in STUDY_KINDS:
        raise InvalidInput(
            "kind must be one of {allowed}",
            field="kind",
            params={"allowed": ", ".join(sorted(STUDY_KINDS))},
        )
    check_floors(
        min_cell_count=min_cell_count,
        min_rate_denominator=min_rate_denominator,
        k_anonymity=k_anonymity,
        release_min_submissions=release_min_submissions,
    )
    if await repository.by_code(session, region_ars, code):
        raise Conflict(
            "a study '{code}' already exists in {region}",
            field="code",
            params={"code": code, "region": region_ars},
        )
    study = Study(
        region_ars=region_ars,
        code=code,
        title=title,
        kind=kind,
        aggregates_public=aggregates_public,
        min_cell_count=min_cell_count,
        release_min_submissions=release_min_submissions,
        min_rate_denominator=min_rate_denominator,
        k_anonymity=k_anonymity,
        retention_days=retention_days,
        pseudonym_salt=secrets.token_bytes(32),
    )
    session.add(study)
    await session.flush()
    await audit.record(session, actor, "study.created", study.id, {"code": code})
    return study


async def add_cohort(
    session: AsyncSession, study: Study, *, code: str, label: str, kind: str = "cohort"
) -> Cohort:
    require_code(code)
    cohort = Cohort(study_id=study.id, code=code, label=label, kind=kind)
    session.add(cohort)
    await session.flush()
    return cohort


async def visible_studies(
    session: AsyncSession, actor: Actor, *, region_ars: str | None, request: PageRequest
) -> tuple[Page[Study], int]:
    """A page of the studies the actor may see (inside `region_ars` when given) and their
    number in all pages."""
    region = require_ars(region_ars) if region_ars else None
    page = await repository.visible_page(session, actor, region_ars=region, request=request)
    return page, await repository.count_visible(session, actor, region_ars=region)


async def find_visible_study(session: AsyncSession, actor: Actor, study_id: UUID) -> Study | None:
    """The study if it exists and the actor may see it (the read scope, decided in SQL)."""
    return (await repository.visible_by_id(session, actor, [study_id])).get(study_id)


async def visible_study(session: AsyncSession, actor: Actor, study_id: UUID) -> Study:
    """The study, or StudyNotFound when it does not exist or the actor may not see it (no
    difference, so ids of internal studies do not leak)."""
    study = await find_visible_study(session, actor, study_id)
    if study is None:
        raise StudyNotFound(study_id)
    return study


async def regional_study(session: AsyncSession, actor: Actor, study_id: UUID) -> Study:
    """The study for an actor who acts on it (ingest, instruments, subjects, exports):
    StudyNotFound for an unknown id and for a study of a region the actor has no role in, even
    one whose aggregates are public (the same status and body either way)."""
    study = await repository.get(session, study_id)
    if study is None or not authorization.acts_in_region(actor, study):
        raise StudyNotFound(study_id)
    return study


async def writable_study(session: AsyncSession, actor: Actor, study_id: UUID) -> Study:
    """The study the actor may write to: StudyNotFound when they have no role in its region
    (as if it did not exist), PermissionDenied when they act there but may not write."""
    study = await regional_study(session, actor, study_id)
    authorization.require(
        authorization.can_write(actor, study), "this actor may not write to this study"
    )
    return study

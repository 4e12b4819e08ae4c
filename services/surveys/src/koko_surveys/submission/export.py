"""The analyst's pseudonymous microdata export: region-bound, k-anonymous over every
quasi-identifier it releases, generalised before it is refused, audited with its parameters.

Released quasi-identifiers: municipality (`regionArs`), area, cohort, sex, age group, origin
group and every date (the submission date and date answers). Exact timestamps never
leave: dates go out as month (`2026-11`) or quarter (`2026-Q4`). When some combination occurs
fewer than k times, the export generalises step by step (see `LADDER`) and is refused only
when even the coarsest step leaves a group below k. Free-text answers stay out unless the
analyst names a question the study marked as reviewed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_shared.errors import Conflict, ErrorCode, InvalidInput, problem
from koko_shared.pagination import decode_cursor, encode_cursor
from koko_surveys import authorization
from koko_surveys.audit import service as audit
from koko_surveys.instrument import repository as instrument_repository
from koko_surveys.study.errors import StudyNotFound
from koko_surveys.study.models import Study
from koko_surveys.study.repository import get as get_study
from koko_surveys.submission import repository

# What the export releases about a person besides the answers; k covers all of them.
QUASI_IDENTIFIERS = ("regionArs", "areaCode", "cohort", "sex", "ageGroup", "originGroup", "dates")


class ExportRefused(Conflict):
    code = ErrorCode.K_ANONYMITY_NOT_MET


def refused_problem(refused: ExportRefused) -> JSONResponse:
    return problem(
        refused.status, refused.code, refused.message, errors=[e.as_dict() for e in refused.errors]
    )


@dataclass(frozen=True, slots=True)
class Generalisation:
    """How coarse the released quasi-identifiers are."""

    name: str
    date_format: str  # PostgreSQL to_char format of dates
    area: bool  # areas released
    municipality: bool  # full ARS, else the district (first five digits)
    narrow_age_groups: bool

    def columns(self, date_questions: list[str]) -> dict[str, str]:
        """SQL expression of each released quasi-identifier of row `s`. The wave is not one:
        timing goes out as the submission month or quarter, which is one."""
        region = "s.region_ars" if self.municipality else "rpad(left(s.region_ars, 5), 12, '0')"
        age = "s.age_group" if self.narrow_age_groups else WIDE_AGE_GROUPS
        columns = {
            "regionArs": region,
            "areaCode": "s.area_code" if self.area else "CAST(NULL AS text)",
            "cohort": "s.cohort_code",
            "sex": "s.sex",
            "ageGroup": age,
            "originGroup": "s.origin_group",
            "submitted": _date("s.submitted_at", self.date_format),
        }
        for n, question in enumerate(date_questions):
            columns[f"answer:{question}"] = _date(
                f"CAST(nullif(s.answers ->> :date_q{n}, '') AS date)", self.date_format
            )
        return columns


WIDE_AGE_GROUPS = (
    "CASE WHEN s.age_group IN ('under_16', '16_17') THEN 'under_18' "
    "WHEN s.age_group IN ('18_20', '21_26') THEN '18_26' ELSE s.age_group END"
)
MONTH, QUARTER = "YYYY-MM", 'YYYY-"Q"Q'

# Tried in order; each step is coarser than the one before.
LADDER = (
    Generalisation("month", MONTH, area=True, municipality=True, narrow_age_groups=True),
    Generalisation("quarter", QUARTER, area=True, municipality=True, narrow_age_groups=True),
    Generalisation("no_area", QUARTER, area=False, municipality=True, narrow_age_groups=True),
    Generalisation("district", QUARTER, area=False, municipality=False, narrow_age_groups=True),
    Generalisation("wide_age", QUARTER, area=False, municipality=False, narrow_age_groups=False),
)


def _date(expression: str, date_format: str) -> str:
    return f"to_char({expression}, '{date_format}')"


async def _question_types(session: AsyncSession, study: Study) -> dict[str, str]:
    types: dict[str, str] = {}
    for version, _instrument in await instrument_repository.versions_of_study(session, study.id):
        for spec in version.questions:
            types.setdefault(str(spec.get("name")), str(spec.get("type")))
    return types


async def export_page(
    session: AsyncSession,
    actor: Actor,
    *,
    study_id: UUID,
    updated_since: datetime | None,
    cursor: str | None,
    limit: int,
    free_text: list[str] | None = None,
) -> dict[str, Any]:
    study = await get_study(session, study_id)
    if study is None or not authorization.can_see(actor, study):
        raise StudyNotFound(study_id)
    regions = authorization.microdata_regions(actor, study)
    authorization.require(regions != [], "microdata are for analysts of the study's region only")
    types = await _question_types(session, study)
    texts = sorted(name for name, kind in types.items() if kind == "text")
    wanted = sorted(set(free_text or []))
    unreviewed = [q for q in wanted if q not in study.reviewed_free_text or q not in texts]
    if unreviewed:
        raise InvalidInput(
            f"free-text answers of {', '.join(unreviewed)} are not released: only questions "
            "the study marked as reviewed",
            field="freeText",
        )
    dates = sorted(name for name, kind in types.items() if kind == "date")
    chosen, k = None, None
    for step in LADDER:
        k = await repository.smallest_group(
            session, study.id, step.columns(dates), dates, updated_since, regions
        )
        if k is None or k >= study.k_anonymity:
            chosen = step
            break
    parameters = {
        "updatedSince": updated_since.isoformat() if updated_since else None,
        "freeText": wanted,
        "k": k,
        "required": study.k_anonymity,
    }
    if chosen is None:
        await audit.record(session, actor, "microdata.export_refused", study.id, parameters)
        raise ExportRefused(
            f"export refused: even generalised to districts, quarters and wide age groups some "
            f"combination of the released attributes occurs only {k} time(s); k must be at least "
            f"{study.k_anonymity}",
            field="kAnonymity",
        )
    after = None
    if cursor:
        (row_id,) = decode_cursor(cursor, arity=1)
        try:
            after = UUID(str(row_id))
        except ValueError as exc:
            raise InvalidInput("cursor is not valid", field="cursor") from exc
    rows = await repository.export_page(
        session,
        study.id,
        columns=chosen.columns(dates),
        date_questions=dates,
        updated_since=updated_since,
        after=after,
        limit=limit + 1,
        region_prefixes=regions,
    )
    page, has_more = rows[:limit], len(rows) > limit
    await audit.record(
        session,
        actor,
        "microdata.exported",
        study.id,
        {**parameters, "rows": len(page), "generalisation": chosen.name},
    )
    left_out = set(texts) - set(wanted)
    return {
        "study": str(study.id),
        "generalisation": chosen.name,
        "submissions": [_row(row, left_out, dates) for row in page],
        "nextCursor": encode_cursor([str(page[-1].id)]) if has_more and page else None,
    }


def _row(row: Any, left_out: set[str], dates: list[str]) -> dict[str, Any]:
    mapping = row._mapping
    answers = {k: v for k, v in row.answers.items() if k not in left_out}
    for question in dates:
        if question in answers:
            answers[question] = mapping[f"answer:{question}"]
    return {
        "submissionId": row.submission_id,
        "wave": row.wave,
        "subject": row.pseudonym,
        "keyVersion": row.key_version,
        "instrument": row.instrument,
        "instrumentVersion": row.instrument_version,
        "supersedes": row.supersedes,
        "superseded": row.superseded_at is not None,
        "answers": answers,
        "attributes": {
            "regionArs": mapping["regionArs"],
            "areaCode": mapping["areaCode"],
            "sex": mapping["sex"],
            "ageGroup": mapping["ageGroup"],
            "originGroup": mapping["originGroup"],
            "cohort": mapping["cohort"],
        },
        "submitted": mapping["submitted"],
    }

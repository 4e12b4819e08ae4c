"""The codebook of a wave: its instrument versions with every question (type, label, choices,
required, relevance and constraint), the subject attributes and consents a row carries, and the
formats each kind of value accepts (`instrument/cell_formats.py`, the formats ingest reads)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from koko_surveys.instrument.cell_formats import FORMATS
from koko_surveys.instrument.questions import QuestionSpec, QuestionType
from koko_surveys.study import repository as study_repository
from koko_surveys.study.models import Study
from koko_surveys.study.service import CONSENT_SCOPES
from koko_surveys.wave import repository as wave_repository
from koko_surveys.wave.models import Wave

TYPE_DESCRIPTIONS: dict[str, str] = {
    QuestionType.INTEGER: "A whole number of at most 15 digits.",
    QuestionType.DECIMAL: "A number.",
    QuestionType.TEXT: "Free text.",
    QuestionType.SELECT_ONE: "One code of the question's choices.",
    QuestionType.SELECT_MULTIPLE: "Any codes of the question's choices.",
    QuestionType.DATE: "A calendar date.",
    QuestionType.BOOLEAN: "Yes or no.",
    QuestionType.SCALE: "A number from the scale's start (minimum) to its end (maximum).",
    QuestionType.NOTE: "Text shown to the respondent; takes no answer (leave the column empty).",
}
# Kinds of values that are not questions: the row's fields of those kinds.
FIELD_KINDS = {
    "datetime": "submittedAt / submitted_at, consent givenAt / consent_given_at",
    "sex": "attributes.sex / sex",
    "birth_year": "attributes.birthYear / birth_year",
}
# Attributes of the subject a row may carry: (JSON field, CSV column, kind, meaning).
ATTRIBUTES = [
    ("regionArs", "region_ars", "text", "12-digit ARS inside the study's region"),
    ("areaCode", "area_code", "text", "short code of an area (district, school catchment)"),
    ("sex", "sex", "sex", "sex of the subject"),
    ("birthYear", "birth_year", "birth_year", "year of birth; age groups are computed"),
    ("originGroup", "origin_group", "text", "short code of an origin group"),
    ("cohort", "cohort", "select_one", "code of one of the study's cohorts"),
    ("offerId", "offer_id", "text", "id of an offer of the catalogue"),
]


def _question(spec: QuestionSpec) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": spec.name,
        "csvColumn": spec.name,
        "type": spec.type.value,
        "label": spec.label,
        "required": spec.required,
        "choices": [{"code": c.code, "label": c.label} for c in spec.choices],
        "relevant": spec.relevant,
        "constraint": spec.constraint,
        "constraintMessage": spec.constraint_message,
    }
    if spec.minimum is not None or spec.maximum is not None:
        entry["minimum"], entry["maximum"] = spec.minimum, spec.maximum
    return entry


def types_table() -> dict[str, dict[str, Any]]:
    """Every question type and every other kind of value with the formats it accepts."""
    table: dict[str, dict[str, Any]] = {
        kind.value: {
            "description": TYPE_DESCRIPTIONS[kind],
            "formats": FORMATS.get(kind.value, []),
        }
        for kind in QuestionType
    }
    for kind, fields in FIELD_KINDS.items():
        table[kind] = {"description": f"Used by {fields}.", "formats": FORMATS[kind]}
    return table


async def codebook(session: AsyncSession, study: Study, wave: Wave) -> dict[str, Any]:
    versions = await wave_repository.wave_versions(session, wave.id)
    versions.sort(key=lambda pair: (pair[1].code, pair[0].version))
    cohorts = await study_repository.cohorts_of(session, study.id)
    return {
        "study": {"id": str(study.id), "code": study.code, "title": study.title},
        "wave": {
            "id": str(wave.id),
            "code": wave.code,
            "label": wave.label,
            "referenceDate": wave.reference_date.isoformat(),
            "fieldOpensDate": wave.field_opens_date.isoformat(),
            "fieldClosesDate": wave.field_closes_date.isoformat(),
            "closed": wave.closed_at is not None,
        },
        "batchPath": f"/v1/studies/{study.id}/waves/{wave.id}/submissions:batch",
        "instrumentVersions": [
            {
                "reference": f"{instrument.code}@{version.version}",
                "id": str(version.id),
                "instrument": instrument.code,
                "version": version.version,
                "formVersion": version.form_version,
                "title": instrument.title,
                "questions": [
                    _question(QuestionSpec.model_validate(raw)) for raw in version.questions
                ],
            }
            for version, instrument in versions
            if version.status == "published"
        ],
        "attributes": [
            {"field": field, "csvColumn": column, "type": kind, "description": meaning}
            for field, column, kind, meaning in ATTRIBUTES
        ],
        "cohorts": [{"code": c.code, "label": c.label} for c in cohorts],
        "consents": {
            "required": sorted(wave.required_consent_scopes),
            "scopes": sorted(CONSENT_SCOPES),
        },
        "types": types_table(),
    }

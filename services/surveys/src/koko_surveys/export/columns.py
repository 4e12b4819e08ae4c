"""The columns an export releases and how coarse each generalisation step makes them.

Key columns (k is checked over all of them): the attributes (municipality, area, sex, age
group, origin group, cohort), the submission month, the instrument version and every answer
the study did not mark non-identifying. Numbers go out in bands, dates as months or quarters.
Free text is never a key column: it leaves only when reviewed and asked for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from koko_surveys.export.bands import Bands, bands_of
from koko_surveys.instrument.questions import QuestionSpec, QuestionType

ATTRIBUTES = ("regionArs", "areaCode", "sex", "ageGroup", "originGroup", "cohort")
# What k is computed over (`answers`: every answer the study did not mark non-identifying).
QUASI_IDENTIFIERS = (*ATTRIBUTES, "submitted", "instrumentVersion", "answers")
SUPPRESSED = "*"
WIDE_AGE_GROUPS = {
    "under_16": "under_18",
    "16_17": "under_18",
    "18_20": "18_26",
    "21_26": "18_26",
}


@dataclass(frozen=True, slots=True)
class Level:
    """One generalisation step; each is coarser than the one before."""

    name: str
    quarters: bool  # dates as quarters (`2026-Q4`), else months (`2026-11`)
    areas: bool  # areas released
    municipalities: bool  # full ARS, else the district (first five digits)
    narrow_age_groups: bool
    narrow_bands: bool


LADDER = (
    Level("month", False, True, True, True, True),
    Level("quarter", True, True, True, True, True),
    Level("no_area", True, False, True, True, True),
    Level("district", True, False, False, True, True),
    Level("wide_age", True, False, False, False, True),
    Level("wide_bands", True, False, False, False, False),
)


@dataclass(frozen=True, slots=True)
class ExportColumn:
    """A released column of one wave: `name` as the answer reports it (`attributes.sex`,
    `submitted`, `instrumentVersion`, `answers.<question>`)."""

    name: str
    kind: str  # attribute | submitted | version | date | number | choices | value | text
    identifying: bool
    bands: Bands | None = None

    @property
    def question(self) -> str:
        return self.name.removeprefix("answers.")


def columns_of(
    questions: Iterable[QuestionSpec],
    *,
    non_identifying: set[str],
    free_text: set[str],
) -> list[ExportColumn]:
    """Every column a wave's export can release, in a stable order."""
    columns = [ExportColumn(f"attributes.{name}", "attribute", True) for name in ATTRIBUTES]
    columns += [ExportColumn("submitted", "submitted", True)]
    columns += [ExportColumn("instrumentVersion", "version", True)]
    specs = list(questions)
    types: dict[str, set[QuestionType]] = {}
    for spec in specs:
        types.setdefault(spec.name, set()).add(spec.type)
    seen: set[str] = set()
    for spec in specs:
        # A name that changed its type between instrument versions has no one safe coarsening
        # (a number where a choice was expected would leave exact): it is left out.
        if spec.name in seen or spec.type == QuestionType.NOTE or len(types[spec.name]) > 1:
            continue
        seen.add(spec.name)
        name = f"answers.{spec.name}"
        if spec.type == QuestionType.TEXT:
            if spec.name in free_text:
                columns.append(ExportColumn(name, "text", False))
            continue
        identifying = spec.name not in non_identifying
        if spec.type in (QuestionType.INTEGER, QuestionType.DECIMAL):
            columns.append(ExportColumn(name, "number", identifying, bands_of(spec)))
        elif spec.type == QuestionType.DATE:
            columns.append(ExportColumn(name, "date", identifying))
        elif spec.type == QuestionType.SELECT_MULTIPLE:
            columns.append(ExportColumn(name, "choices", identifying))
        else:
            columns.append(ExportColumn(name, "value", identifying))
    return columns


@dataclass(frozen=True, slots=True)
class Interview:
    """What the export reads of one current submission."""

    subject_id: Any
    wave_id: Any
    attributes: dict[str, str | None]
    submitted_at: datetime | None
    instrument_version: str
    answers: dict[str, Any]


def released_value(column: ExportColumn, interview: Interview, level: Level) -> Any:
    """The value of `column` for one interview at `level` (None: not answered)."""
    if column.kind == "attribute":
        name = column.name.removeprefix("attributes.")
        value = interview.attributes.get(name)
        if value is None:
            return None
        if name == "regionArs" and not level.municipalities:
            return value[:5].ljust(12, "0")
        if name == "areaCode" and not level.areas:
            return None
        if name == "ageGroup" and not level.narrow_age_groups:
            return WIDE_AGE_GROUPS.get(value, value)
        return value
    if column.kind == "submitted":
        return period(interview.submitted_at, level.quarters)
    if column.kind == "version":
        return interview.instrument_version
    value = interview.answers.get(column.question)
    if value is None:
        return None
    try:
        if column.kind == "date":
            return period(date.fromisoformat(str(value)), level.quarters)
        if column.kind == "number" and column.bands is not None:
            bands = column.bands if level.narrow_bands else column.bands.widened()
            return bands.label(float(value))
    except (TypeError, ValueError):
        # An answer stored under another type by another instrument version of the same
        # question name: never released as it is.
        return None
    if column.kind == "choices":
        return tuple(value) if isinstance(value, list) else None
    return value


def period(value: date | datetime | None, quarters: bool) -> str | None:
    if value is None:
        return None
    if quarters:
        return f"{value.year}-Q{(value.month - 1) // 3 + 1}"
    return f"{value.year}-{value.month:02d}"


def output(value: Any) -> Any:
    """A released value as JSON: choices as a list."""
    return list(value) if isinstance(value, tuple) else value

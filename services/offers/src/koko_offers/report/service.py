"""The overview's content: rows grouped by course type and level, with the German wording of
times, seats and childcare that every output format shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.graphql.labels import label_in
from koko_offers.region import repository as region_repository
from koko_offers.report import repository, wording
from koko_offers.report.repository import OverviewRow
from koko_shared.auth.actor import ars_prefix
from koko_shared.errors import InvalidInput, NotFound

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
TIME_OF_DAY = {
    "full_time": "Vollzeit",
    "part_time": "Teilzeit",
    "evening": "Abendkurs",
    "weekend": "Wochenendkurs",
}
BERLIN = ZoneInfo("Europe/Berlin")
_MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, slots=True)
class Wording:
    """What varies with the language of a line: times, seats and childcare as printed."""

    times: str
    seats: str
    childcare: str
    full: bool


@dataclass(frozen=True, slots=True)
class Line:
    """One course start as printed, in the overview's language (and German when bilingual)."""

    row: OverviewRow
    start: str
    end: str
    times: str
    seats: str
    childcare: str
    provider: str
    contact: str
    place: str
    german: Wording | None = None
    full: bool = False


@dataclass(frozen=True, slots=True)
class Group:
    title: str
    level: str | None
    lines: list[Line]
    german_title: str | None = None


@dataclass(frozen=True, slots=True)
class Overview:
    region_name: str
    region_ars: str
    month: date
    generated_at: datetime
    groups: list[Group]
    language: str = "de"
    bilingual: bool = False

    @property
    def words(self) -> dict[str, str]:
        return wording.words(self.language)

    @property
    def german_words(self) -> dict[str, str]:
        return wording.words("de")

    @property
    def direction(self) -> str:
        return wording.direction(self.language)

    @property
    def month_label(self) -> str:
        return f"{wording.month_name(self.language, self.month.month)} {self.month.year}"

    @property
    def german_month_label(self) -> str:
        return f"{MONTHS[self.month.month - 1]} {self.month.year}"

    @property
    def generated_label(self) -> str:
        return self.generated_at.astimezone(BERLIN).strftime("%d.%m.%Y, %H:%M")

    @property
    def modified_at(self) -> datetime | None:
        """When the latest of the printed runs (or its offer, provider, location) changed."""
        return max((line.row.modified_at for g in self.groups for line in g.lines), default=None)

    @property
    def run_count(self) -> int:
        return sum(len(g.lines) for g in self.groups)


def parse_month(value: str) -> tuple[date, date]:
    match = _MONTH.fullmatch(value or "")
    if not match:
        raise InvalidInput("month must look like YYYY-MM", field="month")
    year, month = int(match.group(1)), int(match.group(2))
    if not 2000 <= year <= 2100:
        raise InvalidInput("month is out of range", field="month")
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following


def weekly_times(slots: list[dict[str, object]], language: str = "de") -> str:
    """ "Mo, Mi 08:30–12:45" — days with the same times share one entry."""
    by_time: dict[tuple[str, str], list[int]] = {}
    for slot in slots or []:
        try:
            weekday = int(str(slot["weekday"]))
        except (KeyError, ValueError):
            continue
        if not 1 <= weekday <= 7:
            continue
        key = (str(slot.get("starts", "")), str(slot.get("ends", "")))
        by_time.setdefault(key, []).append(weekday)
    parts = []
    for (starts, ends), days in by_time.items():
        names = ", ".join(wording.weekday_name(language, d) for d in sorted(days))
        parts.append(f"{names} {starts}–{ends}".strip())
    return "; ".join(parts)


def seats_text(row: OverviewRow, language: str = "de") -> str:
    w = wording.words(language)
    if row.capacity_max is None:
        return w["on_request"]
    if not row.free_seats:
        waitlist = f", {w['waitlist']}: {row.waitlist_length}" if row.waitlist_length else ""
        return f"{w['full']}{waitlist}"
    return f"{row.free_seats} {w['of']} {row.capacity_max}"


def _wording(row: OverviewRow, language: str) -> Wording:
    w = wording.words(language)
    times = weekly_times(row.weekly_slots, language)
    kind = w.get(row.time_of_day, "") if row.time_of_day in TIME_OF_DAY else ""
    return Wording(
        times=f"{times} ({kind})" if times and kind else times or kind,
        seats=seats_text(row, language),
        childcare=w["yes"] if row.childcare else w["no"],
        full=row.capacity_max is not None and not row.free_seats,
    )


def _line(row: OverviewRow, language: str = "de", bilingual: bool = False) -> Line:
    shown = _wording(row, language)
    place = ", ".join(
        x
        for x in (
            row.location_name,
            row.street,
            f"{row.postal_code or ''} {row.city or ''}".strip(),
        )
        if x
    )
    if row.area_name:
        place = f"{place} ({row.area_name})" if place else row.area_name
    return Line(
        row=row,
        start=row.start_date.strftime("%d.%m.%Y"),
        end=row.end_date.strftime("%d.%m.%Y") if row.end_date else "",
        times=shown.times,
        seats=shown.seats,
        childcare=shown.childcare,
        provider=row.provider_name,
        contact=" · ".join(x for x in (row.contact_phone, row.contact_email) if x),
        place=place,
        german=_wording(row, "de") if bilingual and language != "de" else None,
        full=shown.full,
    )


def _group_key(row: OverviewRow) -> tuple[str, str, str | None]:
    return (row.course_type_family, row.course_type_label, row.level)


async def overview(
    session: AsyncSession,
    *,
    region_ars: str,
    month: str,
    now: datetime | None = None,
    language: str = "de",
    bilingual: bool = False,
) -> Overview:
    """The overview in `language` (a served language, else German); `bilingual` adds German
    beside it, for taking to German offices."""
    language = wording.language_of(language)
    bilingual = bilingual and language != "de"
    w = wording.words(language)
    first, following = parse_month(month)
    region = await region_repository.get(session, region_ars)
    if region is None:
        raise NotFound(
            "region {region} does not exist", field="region", params={"region": region_ars}
        )
    rows = await repository.runs_starting_in(
        session, region_prefix=ars_prefix(region_ars), first_day=first, next_month=following
    )
    groups = []
    for (_, label, level), grouped in groupby(rows, key=_group_key):
        group_rows = list(grouped)
        shown = label_in(group_rows[0].course_type_labels or {}, language) or label
        title = f"{shown} – {w['target_level']} {level}" if level else shown
        german = f"{label} – Zielniveau {level}" if level else label
        groups.append(
            Group(
                title=title,
                level=level,
                lines=[_line(r, language, bilingual) for r in group_rows],
                german_title=german if bilingual else None,
            )
        )
    return Overview(
        region_name=region.name,
        region_ars=region.ars,
        month=first,
        generated_at=now or datetime.now(BERLIN),
        groups=groups,
        language=language,
        bilingual=bilingual,
    )

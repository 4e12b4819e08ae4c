"""The figures a report shows, as plain values: what the charts and tables consume, whatever
shape the public API gives them in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# How a figure is marked, as in official statistics (the API's `Sign`).
VALUE = "VALUE"
SECRET = "SECRET"  # '.': below the threshold or suppressed to protect another cell
NOTHING = "NOTHING"  # '–': nothing released for this reader
SIGN_TEXT = {SECRET: ".", NOTHING: "–"}


@dataclass(frozen=True, slots=True)
class Figure:
    """One published number with its sign; `value` is None unless `sign` is VALUE."""

    value: float | None
    sign: str = VALUE

    @property
    def shown(self) -> bool:
        return self.sign == VALUE and self.value is not None


@dataclass(frozen=True, slots=True)
class Release:
    id: str
    number: int
    cut_off_at: datetime
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class Disclosure:
    min_cell_count: int
    max_perturbation: int
    min_rate_denominator: int


@dataclass(frozen=True, slots=True)
class AreaRate:
    area_code: str | None
    area_label: str
    rate: Figure
    denominator: Figure


@dataclass(frozen=True, slots=True)
class IndicatorByArea:
    """One category of an indicator (`code` is `indicator:category`) by area."""

    code: str
    label: str
    wave_label: str | None
    rows: list[AreaRate]
    total: AreaRate
    category_label: str = ""

    @property
    def indicator(self) -> str:
        return self.code.partition(":")[0]


@dataclass(frozen=True, slots=True)
class IndicatorGroup:
    """The categories of one indicator side by side (one chart and one table in the report)."""

    code: str
    label: str
    wave_label: str | None
    categories: list[IndicatorByArea]

    @property
    def areas(self) -> list[AreaRate]:
        """The rows of the first category: areas and denominators are the same in each."""
        return [*self.categories[0].rows, self.categories[0].total] if self.categories else []


@dataclass(frozen=True, slots=True)
class FlowCell:
    from_state: str
    to_state: str
    count: Figure
    share: Figure


@dataclass(frozen=True, slots=True)
class Flow:
    """Where the subjects of one wave went by the next (a transition matrix)."""

    from_wave: str
    to_wave: str
    question: str
    states: list[tuple[str, str]]  # (code, label)
    cells: list[FlowCell]
    row_totals: dict[str, Figure]

    def cell(self, from_state: str, to_state: str) -> FlowCell | None:
        return next(
            (c for c in self.cells if c.from_state == from_state and c.to_state == to_state), None
        )


@dataclass(frozen=True, slots=True)
class SurveyFigures:
    study_id: str
    study_title: str
    study_region_ars: str
    release: Release
    disclosure: Disclosure
    indicators: list[IndicatorByArea]
    flows: list[Flow]
    # indicator code -> its label; whether the release's table plan has an AREA breakdown
    indicator_labels: dict[str, str] = field(default_factory=dict)
    by_area: bool = True
    # The report region's share of the figures: None when the report covers the study region;
    # else the name of the study's region (values shown only for the report region's areas).
    study_region_name: str | None = None

    @property
    def groups(self) -> list[IndicatorGroup]:
        order = list(dict.fromkeys(i.indicator for i in self.indicators))
        return [
            IndicatorGroup(
                code,
                self.indicator_labels.get(code, code),
                next((i.wave_label for i in self.indicators if i.indicator == code), None),
                [i for i in self.indicators if i.indicator == code],
            )
            for code in order
        ]


@dataclass(frozen=True, slots=True)
class LevelGap:
    level: str
    demand: Figure
    free_seats: int
    upcoming_starts: int


@dataclass(frozen=True, slots=True)
class RegionGaps:
    """Supply against demand in one region inside the report's region (a municipality)."""

    ars: str
    name: str
    gaps: list[LevelGap]

    def at(self, level: str) -> LevelGap | None:
        return next((gap for gap in self.gaps if gap.level == level), None)


@dataclass(frozen=True, slots=True)
class MonthStarts:
    month: date  # the first day
    starts: int
    free_seats: int
    unlimited_runs: int


@dataclass(frozen=True, slots=True)
class Coverage:
    fields: list[tuple[str, str]]  # (code, label)
    areas: list[tuple[str, str]]  # (code, name)
    actor_counts: dict[tuple[str, str], int]  # (field, area) -> actors
    covered_share: float


@dataclass(frozen=True, slots=True)
class DemandSource:
    """A release the published language-course demand comes from (an intake study's)."""

    study_title: str
    release: Release
    disclosure: Disclosure


@dataclass(frozen=True, slots=True)
class CatalogueFigures:
    region_ars: str
    region_name: str
    area_names: dict[str, str]  # area code -> name
    gaps: list[LevelGap]
    gaps_by_region: list[RegionGaps]
    months: list[MonthStarts]
    coverage: Coverage
    demand_sources: list[DemandSource] = field(default_factory=list)

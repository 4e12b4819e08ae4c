"""What the readers of aggregates get: tables of published cells, whether computed live (for
analysts) or read from a stored release."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from koko_surveys.analytics.disclosure import DisclosurePolicy
from koko_surveys.analytics.tables import PublishedCell
from koko_surveys.indicator.models import IndicatorDefinition
from koko_surveys.release.models import Release
from koko_surveys.study.models import Study
from koko_surveys.wave.models import Wave

Labels = dict[str, str]


class Dimension(Enum):
    REGION = "region"
    AREA = "area"
    COHORT = "cohort"
    ORIGIN_GROUP = "origin_group"
    AGE_GROUP = "age_group"
    SEX = "sex"
    WAVE = "wave"


@dataclass(frozen=True, slots=True)
class IndicatorRowResult:
    key: tuple[tuple[Dimension, str | None, Labels], ...]
    cell: PublishedCell


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    study: Study
    definition: IndicatorDefinition
    wave: Wave | None
    dimensions: list[Dimension]
    rows: list[IndicatorRowResult]
    total: PublishedCell
    policy: DisclosurePolicy
    release: Release | None


@dataclass(frozen=True, slots=True)
class TransitionCellResult:
    from_state: str
    to_state: str
    count: int | None
    share: float | None
    cell: PublishedCell


@dataclass(frozen=True, slots=True)
class TransitionResult:
    study: Study
    from_wave: Wave
    to_wave: Wave
    question: str
    states: list[tuple[str, Labels]]
    cells: list[TransitionCellResult]
    row_totals: list[tuple[str, PublishedCell]]
    release: Release | None


@dataclass(frozen=True, slots=True)
class RetentionResult:
    wave: Wave
    interviewed: int | None
    retained: int | None
    rate: float | None
    cell: PublishedCell

"""GraphQL types of published aggregates: indicator tables, transition matrices, retention."""

from __future__ import annotations

from enum import Enum
from typing import Self

import strawberry

from koko_surveys.analytics import service
from koko_surveys.i18n import pick
from koko_surveys.study.types import DisclosureRules, Study, Wave, disclosure_rules

Dimension = strawberry.enum(
    service.Dimension, description="What an indicator can be broken down by."
)


@strawberry.type(
    description="One dimension value of a row (an ARS, area code, group code or wave code)."
)
class DimensionValue:
    dimension: Dimension  # type: ignore[valid-type]
    value: str | None


@strawberry.type(description="A published cell: counts rounded, small counts suppressed (null).")
class IndicatorValue:
    numerator: int | None
    denominator: int | None
    rate: float | None
    suppressed: bool

    @classmethod
    def from_cell(cls, cell: service.PublishedCell) -> Self:
        return cls(
            numerator=cell.numerator,
            denominator=cell.denominator,
            rate=cell.rate,
            suppressed=cell.suppressed,
        )


@strawberry.type
class IndicatorRow:
    key: list[DimensionValue]
    value: IndicatorValue


@strawberry.type(description="An indicator per wave and breakdown, under disclosure control.")
class IndicatorTable:
    study: Study
    code: str
    label: str | None
    wave: Wave | None
    dimensions: list[Dimension]  # type: ignore[valid-type]
    rows: list[IndicatorRow]
    total: IndicatorValue
    disclosure: DisclosureRules

    @classmethod
    def from_result(cls, result: service.IndicatorResult, language: str) -> Self:
        study = Study.from_row(result.study)
        return cls(
            study=study,
            code=result.definition.code,
            label=pick(result.definition.label, language),
            wave=Wave.from_row(result.wave) if result.wave else None,
            dimensions=list(result.dimensions),
            rows=[
                IndicatorRow(
                    key=[DimensionValue(dimension=d, value=v) for d, v in row.key],
                    value=IndicatorValue.from_cell(row.cell),
                )
                for row in result.rows
            ],
            total=IndicatorValue.from_cell(result.total),
            disclosure=disclosure_rules(result.study),
        )


@strawberry.type
class TransitionState:
    code: str
    label: str | None


@strawberry.type(description="Subjects moving from one state to another between two waves.")
class TransitionCell:
    from_state: str
    to_state: str
    count: int | None
    share: float | None = strawberry.field(
        description="Share of the row (rounded counts), null below the rate threshold."
    )
    suppressed: bool


@strawberry.type
class TransitionRowTotal:
    state: str
    count: int | None
    suppressed: bool


@strawberry.type(
    description="Transition matrix between two waves with a 'not_reinterviewed' state."
)
class TransitionMatrix:
    study: Study
    from_wave: Wave
    to_wave: Wave
    question: str
    states: list[TransitionState]
    cells: list[TransitionCell]
    row_totals: list[TransitionRowTotal]

    @classmethod
    def from_result(cls, result: service.TransitionResult, language: str) -> Self:
        return cls(
            study=Study.from_row(result.study),
            from_wave=Wave.from_row(result.from_wave),
            to_wave=Wave.from_row(result.to_wave),
            question=result.question,
            states=[
                TransitionState(code=c, label=pick(label, language)) for c, label in result.states
            ],
            cells=[
                TransitionCell(
                    from_state=c.from_state,
                    to_state=c.to_state,
                    count=c.count,
                    share=c.share,
                    suppressed=c.count is None,
                )
                for c in result.cells
            ],
            row_totals=[
                TransitionRowTotal(state=s, count=n, suppressed=n is None)
                for s, n in result.row_totals
            ],
        )


@strawberry.type(
    description="Retention of a wave: subjects interviewed and retained from the first wave."
)
class WaveRetention:
    wave: Wave
    interviewed: int | None
    retained: int | None
    retention_rate: float | None

    @classmethod
    def from_result(cls, result: service.RetentionResult) -> Self:
        return cls(
            wave=Wave.from_row(result.wave),
            interviewed=result.interviewed,
            retained=result.retained,
            retention_rate=result.rate,
        )


__all__ = ["Dimension", "Enum"]

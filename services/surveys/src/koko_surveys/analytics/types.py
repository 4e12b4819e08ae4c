"""GraphQL types of published aggregates: indicator tables, transition matrices, retention."""

from __future__ import annotations

from enum import Enum
from typing import Self

import strawberry

from koko_surveys.analytics import disclosure, service
from koko_surveys.analytics.tables import PublishedCell
from koko_surveys.i18n import pick
from koko_surveys.release.types import StudyRelease
from koko_surveys.study.types import DisclosureRules, Study, Wave, disclosure_rules

Dimension = strawberry.enum(
    service.Dimension, description="What an indicator can be broken down by."
)

FigureSign = strawberry.enum(
    disclosure.Sign,
    description="How a figure is marked, as in official statistics: VALUE (a number, perturbed "
    "by the cell key method), SECRET ('.': below the threshold, zero included, or suppressed to "
    "protect another cell) or NOTHING ('–': nothing has been released for this reader yet).",
)


@strawberry.type(
    description="One dimension value of a row (an ARS, area code, group code or wave code) "
    "with its label in the request language (German fallback)."
)
class DimensionValue:
    dimension: Dimension  # type: ignore[valid-type]
    value: str | None
    label: str | None


@strawberry.type(
    description="A published cell: counts perturbed by the cell key method, small counts "
    "secret (null); every cell of a table is present."
)
class IndicatorValue:
    numerator: int | None
    denominator: int | None
    rate: float | None
    suppressed: bool
    sign: FigureSign  # type: ignore[valid-type]

    @classmethod
    def from_cell(cls, cell: PublishedCell) -> Self:
        return cls(
            numerator=cell.numerator,
            denominator=cell.denominator,
            rate=cell.rate,
            suppressed=cell.suppressed,
            sign=cell.sign,
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
    release: StudyRelease | None = strawberry.field(
        description="The release the figures come from; null for live figures (analysts)."
    )

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
                    key=[
                        DimensionValue(dimension=d, value=v, label=pick(labels, language))
                        for d, v, labels in row.key
                    ],
                    value=IndicatorValue.from_cell(row.cell),
                )
                for row in result.rows
            ],
            total=IndicatorValue.from_cell(result.total),
            disclosure=disclosure_rules(result.study),
            release=StudyRelease.from_row(result.release) if result.release else None,
        )


@strawberry.type
class TransitionState:
    code: str
    label: str | None


@strawberry.type(description="Subjects moving from one state to another between two waves.")
class TransitionCell:
    from_state: str
    from_label: str | None
    to_state: str
    to_label: str | None
    count: int | None
    share: float | None = strawberry.field(
        description="Share of the row (perturbed counts), null below the rate threshold."
    )
    suppressed: bool
    sign: FigureSign  # type: ignore[valid-type]


@strawberry.type
class TransitionRowTotal:
    state: str
    label: str | None
    count: int | None
    suppressed: bool
    sign: FigureSign  # type: ignore[valid-type]


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
    release: StudyRelease | None = strawberry.field(
        description="The release the figures come from; null for live figures (analysts)."
    )

    @classmethod
    def from_result(cls, result: service.TransitionResult, language: str) -> Self:
        labels = {code: pick(label, language) for code, label in result.states}
        return cls(
            study=Study.from_row(result.study),
            from_wave=Wave.from_row(result.from_wave),
            to_wave=Wave.from_row(result.to_wave),
            question=result.question,
            states=[TransitionState(code=c, label=labels[c]) for c, _ in result.states],
            cells=[
                TransitionCell(
                    from_state=c.from_state,
                    from_label=labels.get(c.from_state),
                    to_state=c.to_state,
                    to_label=labels.get(c.to_state),
                    count=c.count,
                    share=c.share,
                    suppressed=c.cell.suppressed,
                    sign=c.cell.sign,
                )
                for c in result.cells
            ],
            row_totals=[
                TransitionRowTotal(
                    state=s,
                    label=labels.get(s),
                    count=cell.numerator,
                    suppressed=cell.suppressed,
                    sign=cell.sign,
                )
                for s, cell in result.row_totals
            ],
            release=StudyRelease.from_row(result.release) if result.release else None,
        )


@strawberry.type(
    description="Retention of a wave: subjects interviewed and retained from the first wave."
)
class WaveRetention:
    wave: Wave
    interviewed: int | None
    retained: int | None
    retention_rate: float | None
    sign: FigureSign  # type: ignore[valid-type]

    @classmethod
    def from_result(cls, result: service.RetentionResult) -> Self:
        return cls(
            wave=Wave.from_row(result.wave),
            interviewed=result.interviewed,
            retained=result.retained,
            retention_rate=result.rate,
            sign=result.cell.sign,
        )


__all__ = ["Dimension", "Enum"]

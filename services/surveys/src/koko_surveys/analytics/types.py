"""GraphQL types of published aggregates: indicator tables, transition matrices, retention."""

from __future__ import annotations

from enum import Enum
from typing import Self

import strawberry

from koko_surveys.analytics import disclosure, service
from koko_surveys.analytics.tables import PublishedCell
from koko_surveys.i18n import pick
from koko_surveys.release.types import StudyRelease
from koko_surveys.study.types import DisclosureRules, Study, disclosure_rules
from koko_surveys.wave.types import Wave

Dimension = strawberry.enum(
    service.Dimension, description="What an indicator can be broken down by."
)

FigureSign = strawberry.enum(
    disclosure.Sign,
    description="How a figure is marked, as in official statistics: VALUE (a number, perturbed "
    "by the cell key method), SECRET ('.': below the threshold, zero included, or suppressed to "
    "protect another cell) or NOTHING ('–': nothing has been released for this reader yet).",
)

_VALUE_DESCRIPTIONS = {
    service.Dimension.REGION: "The region (Regionalschlüssel) of the subject.",
    service.Dimension.AREA: "The area (Stadtteil / Sozialraum) of the subject.",
    service.Dimension.COHORT: "The cohort or sample of the subject.",
    service.Dimension.ORIGIN_GROUP: "The group of countries of origin of the subject.",
    service.Dimension.AGE_GROUP: "The age group of the subject.",
    service.Dimension.SEX: "The sex of the subject.",
    service.Dimension.WAVE: "The wave of the interview.",
    disclosure.Sign.VALUE: "A number, perturbed by the cell key method.",
    disclosure.Sign.SECRET: "'.': below the threshold (zero included) or suppressed to protect "
    "another cell.",
    disclosure.Sign.NOTHING: "'–': nothing has been released for this reader yet.",
}
for _enum in (service.Dimension, disclosure.Sign):
    for _value in getattr(_enum, "__strawberry_definition__").values:  # noqa: B009
        _value.description = _VALUE_DESCRIPTIONS[_enum(_value.value)]


@strawberry.type(
    description="One dimension value of a row (an ARS, area code, group code or wave code) "
    "with its label in the request language (German fallback)."
)
class DimensionValue:
    dimension: Dimension = strawberry.field(description="The dimension.")  # type: ignore[valid-type]
    value: str | None = strawberry.field(
        description="The value's code; null when not known for the subjects counted."
    )
    label: str | None = strawberry.field(
        description="Label of the value in the request language; null when it has none."
    )


@strawberry.type(
    description="A published cell: counts perturbed by the cell key method, small counts "
    "secret (null); every cell of a table is present."
)
class IndicatorValue:
    numerator: int | None = strawberry.field(
        description="Submissions meeting the numerator condition (perturbed); null when withheld."
    )
    denominator: int | None = strawberry.field(
        description="Submissions meeting the denominator condition (perturbed); null when withheld."
    )
    rate: float | None = strawberry.field(
        description="numerator / denominator, 0..1; null when withheld or the denominator is too "
        "small."
    )
    suppressed: bool = strawberry.field(
        description="Whether the figure is withheld by disclosure control."
    )
    sign: FigureSign = strawberry.field(  # type: ignore[valid-type]
        description="How the figure is marked (VALUE, SECRET or NOTHING)."
    )

    @classmethod
    def from_cell(cls, cell: PublishedCell) -> Self:
        return cls(
            numerator=cell.numerator,
            denominator=cell.denominator,
            rate=cell.rate,
            suppressed=cell.suppressed,
            sign=cell.sign,
        )


@strawberry.type(description="One row of an indicator table: dimension values and figures.")
class IndicatorRow:
    key: list[DimensionValue] = strawberry.field(
        description="The dimension values of the row, in the order of `dimensions`."
    )
    value: IndicatorValue = strawberry.field(description="The figures of the row.")


@strawberry.type(description="An indicator per wave and breakdown, under disclosure control.")
class IndicatorTable:
    study: Study = strawberry.field(description="The study.")
    code: str = strawberry.field(description="Code of the indicator.")
    label: str | None = strawberry.field(
        description="Label of the indicator in the request language; null when it has none."
    )
    wave: Wave | None = strawberry.field(
        description="The wave; null when broken down by wave or the study has none."
    )
    dimensions: list[Dimension] = strawberry.field(  # type: ignore[valid-type]
        description="The dimensions the rows are broken down by."
    )
    rows: list[IndicatorRow] = strawberry.field(
        description="One row per combination of dimension values."
    )
    total: IndicatorValue = strawberry.field(description="The figures over all rows.")
    disclosure: DisclosureRules = strawberry.field(description="The disclosure settings applied.")
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


@strawberry.type(description="One state (answer) of a transition matrix.")
class TransitionState:
    code: str = strawberry.field(
        description="The answer choice's code (or a code for no answer / not re-interviewed)."
    )
    label: str | None = strawberry.field(
        description="Label of the choice in the request language; null when it has none."
    )


@strawberry.type(description="Subjects moving from one state to another between two waves.")
class TransitionCell:
    from_state: str = strawberry.field(description="Answer in the earlier wave.")
    from_label: str | None = strawberry.field(description="Its label; null when it has none.")
    to_state: str = strawberry.field(description="Answer in the later wave.")
    to_label: str | None = strawberry.field(description="Its label; null when it has none.")
    count: int | None = strawberry.field(
        description="Subjects moving so (perturbed); null when withheld."
    )
    share: float | None = strawberry.field(
        description="Share of the row (perturbed counts), null below the rate threshold."
    )
    suppressed: bool = strawberry.field(
        description="Whether the figure is withheld by disclosure control."
    )
    sign: FigureSign = strawberry.field(  # type: ignore[valid-type]
        description="How the figure is marked (VALUE, SECRET or NOTHING)."
    )


@strawberry.type(description="The total of one row of a transition matrix.")
class TransitionRowTotal:
    state: str = strawberry.field(description="Answer in the earlier wave.")
    label: str | None = strawberry.field(description="Its label; null when it has none.")
    count: int | None = strawberry.field(
        description="Subjects with this answer in the earlier wave (perturbed); null when withheld."
    )
    suppressed: bool = strawberry.field(
        description="Whether the figure is withheld by disclosure control."
    )
    sign: FigureSign = strawberry.field(  # type: ignore[valid-type]
        description="How the figure is marked (VALUE, SECRET or NOTHING)."
    )


@strawberry.type(
    description="Transition matrix between two waves with a 'not_reinterviewed' state."
)
class TransitionMatrix:
    study: Study = strawberry.field(description="The study.")
    from_wave: Wave = strawberry.field(description="The earlier wave.")
    to_wave: Wave = strawberry.field(description="The later wave.")
    question: str = strawberry.field(description="Name of the select_one question.")
    states: list[TransitionState] = strawberry.field(
        description="The answer choices, then no answer and not re-interviewed."
    )
    cells: list[TransitionCell] = strawberry.field(description="One cell per pair of answers.")
    row_totals: list[TransitionRowTotal] = strawberry.field(
        description="Totals per answer in the earlier wave."
    )
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
    wave: Wave = strawberry.field(description="The wave.")
    interviewed: int | None = strawberry.field(
        description="Subjects interviewed in the wave (perturbed); null when withheld."
    )
    retained: int | None = strawberry.field(
        description="Of them, subjects also interviewed in the first wave (perturbed); null when "
        "withheld."
    )
    retention_rate: float | None = strawberry.field(
        description="retained / interviewed, 0..1 (the share still in the panel); null when "
        "withheld."
    )
    sign: FigureSign = strawberry.field(  # type: ignore[valid-type]
        description="How the figure is marked (VALUE, SECRET or NOTHING)."
    )

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

"""The report as HTML (Jinja2, charts inline as SVG) and PDF (WeasyPrint, charts as vectors)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from koko_offers.monitoring import charts, wording
from koko_offers.monitoring.figures import SIGN_TEXT, Figure
from koko_offers.monitoring.service import Report
from koko_offers.report.render import FONTS, PdfUnavailable, isolate

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_TEMPLATES.filters["isolate"] = isolate


def _shown(figure: Figure, language: str, *, rate: bool) -> str:
    if not figure.shown:
        return SIGN_TEXT.get(figure.sign, ".")
    value = figure.value or 0
    return wording.percent(value, language) if rate else f"{value:.0f}"


def _cell(figure: Figure, key: str, language: str, *, rate: bool = False) -> Markup:
    """A table cell with the shown text and, for readers and tests, the API's number and sign."""
    raw = "" if figure.value is None else repr(figure.value)
    return Markup('<td class="num" data-figure="{}" data-value="{}" data-sign="{}">{}</td>').format(
        key, raw, figure.sign, _shown(figure, language, rate=rate)
    )


def html(report: Report) -> str:
    language = report.language
    survey, catalogue = report.survey, report.catalogue

    def cell(figure: Figure, key: str, rate: bool = False) -> Markup:
        return _cell(figure, key, language, rate=rate)

    template = _TEMPLATES.get_template("monitoring.html")
    return template.render(
        report=report,
        w=report.words,
        fonts=Markup(FONTS),  # CSS, not text: its quotes must stay quotes
        cell=cell,
        day=lambda value: wording.day(value, language),
        month=lambda value: wording.month(value, language),
        percent=lambda value: wording.percent(value, language),
        indicator_charts={
            g.code: Markup(charts.indicator_stack(g, language)) for g in survey.groups
        },
        flow_charts=[Markup(charts.flow_chart(f, language)) for f in survey.flows],
        gap_chart=Markup(charts.gap_bars(catalogue.gaps, language)) if catalogue.gaps else None,
        months_chart=Markup(charts.months_chart(catalogue.months, language)),
        coverage_chart=(
            Markup(charts.coverage_grid(catalogue.coverage, language))
            if catalogue.coverage.fields and catalogue.coverage.areas
            else None
        ),
    )


def pdf(report: Report) -> bytes:
    try:
        from weasyprint import HTML  # heavy import, only when a PDF is asked for
    except OSError as exc:
        raise PdfUnavailable(
            "PDF rendering needs the Pango library on this server; HTML works without it"
        ) from exc
    document: bytes = HTML(string=html(report)).write_pdf()
    return document

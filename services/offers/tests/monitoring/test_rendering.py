"""The monitoring report renders its figures as the API gave them: values with their signs
('.' withheld, '–' nothing released), the release and the disclosure note with every figure,
charts as vector graphics with text in the PDF, in German and in English."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

from pypdf import PdfReader

from koko_offers.monitoring import render
from koko_offers.monitoring.figures import (
    NOTHING,
    SECRET,
    AreaRate,
    CatalogueFigures,
    Coverage,
    DemandSource,
    Disclosure,
    Figure,
    Flow,
    FlowCell,
    IndicatorByArea,
    LevelGap,
    MonthStarts,
    RegionGaps,
    Release,
    SurveyFigures,
)
from koko_offers.monitoring.service import Report


def _report(language: str) -> Report:
    rows = [
        AreaRate("01", "Altstadt", Figure(0.625), Figure(48)),
        AreaRate("02", "Neue Neustadt", Figure(None, SECRET), Figure(None, SECRET)),
    ]
    training = IndicatorByArea(
        "destination:training",
        "Verbleib: Ausbildung",
        "Ein Jahr danach",
        rows,
        AreaRate(None, "Insgesamt", Figure(0.5), Figure(96)),
        category_label="Ausbildung",
    )
    work = IndicatorByArea(
        "destination:work",
        "Verbleib: Arbeit",
        "Ein Jahr danach",
        [
            AreaRate("01", "Altstadt", Figure(0.25), Figure(48)),
            AreaRate("02", "Neue Neustadt", Figure(None, SECRET), Figure(None, SECRET)),
        ],
        AreaRate(None, "Insgesamt", Figure(0.3), Figure(96)),
        category_label="Arbeit",
    )
    flow = Flow(
        from_wave="Schulabgang",
        to_wave="Ein Jahr danach",
        question="destination",
        states=[("school", "Weiterführende Schule"), ("training", "Ausbildung")],
        cells=[
            FlowCell("school", "school", Figure(40), Figure(0.4)),
            FlowCell("school", "training", Figure(60), Figure(0.6)),
            FlowCell("training", "school", Figure(None, SECRET), Figure(None, NOTHING)),
            FlowCell("training", "training", Figure(77), Figure(1.0)),
        ],
        row_totals={"school": Figure(100), "training": Figure(79)},
    )
    survey = SurveyFigures(
        study_id="U3R1ZHk6MQ==",
        study_title="Verbleib Schulabgänger",
        study_region_ars="150000000000",
        release=Release(
            "U3R1ZHlSZWxlYXNlOjE=",
            3,
            datetime(2026, 11, 30, tzinfo=UTC),
            datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
        ),
        disclosure=Disclosure(min_cell_count=3, max_perturbation=2, min_rate_denominator=10),
        indicators=[training, work],
        flows=[flow],
        indicator_labels={"destination": "Verbleib"},
    )
    catalogue = CatalogueFigures(
        region_ars="150030000000",
        region_name="Magdeburg",
        area_names={"01": "Altstadt", "02": "Neue Neustadt"},
        gaps=[
            LevelGap("A1", Figure(204), 234, 22),
            LevelGap("C1", Figure(None, SECRET), 12, 1),
        ],
        gaps_by_region=[
            RegionGaps(
                "150830270270",
                "Haldensleben",
                [LevelGap("A1", Figure(None, NOTHING), 16, 2)],
            )
        ],
        months=[MonthStarts(date(2026, m, 1), m % 4, 10 * (m % 3), 0) for m in range(1, 13)],
        coverage=Coverage(
            fields=[("language", "Sprache"), ("work", "Arbeit")],
            areas=[("01", "Altstadt"), ("02", "Neue Neustadt")],
            actor_counts={("language", "01"): 3, ("work", "01"): 1, ("language", "02"): 2},
            covered_share=0.75,
        ),
        demand_sources=[
            DemandSource(
                "Erstbefragung Neuzugewanderte",
                Release("", 2, datetime(2026, 11, 1, tzinfo=UTC), None),
                Disclosure(min_cell_count=3, max_perturbation=3, min_rate_denominator=10),
            )
        ],
    )
    return Report(language, date(2026, 12, 6), datetime(2026, 12, 6, tzinfo=UTC), survey, catalogue)


def test_html_shows_values_signs_and_the_release_of_every_figure() -> None:
    # when
    page = render.html(_report("de"))
    # then values and signs as published
    assert 'data-figure="indicator/destination:training/01/rate" data-value="0.625"' in page
    assert 'data-figure="indicator/destination:work/01/rate" data-value="0.25"' in page
    assert 'data-figure="indicator/destination/01/denominator" data-value="48"' in page
    assert ">62,5 %</td>" in page
    withheld = 'data-value="" data-sign="SECRET">.</td>'
    assert f'data-figure="indicator/destination:training/02/rate" {withheld}' in page
    assert f'data-figure="indicator/destination:work/02/rate" {withheld}' in page
    assert f'data-figure="flow/destination/training/school" {withheld}' in page
    assert f'data-figure="gap/C1/demand" {withheld}' in page
    assert 'data-value="0.75">75,0 %' in page
    # and supply against demand per municipality: nothing released is '–', seats as counted
    assert 'data-figure="gap/150830270270/A1/demand" data-value="" data-sign="NOTHING">–' in page
    assert 'data-figure="gap/150830270270/A1/freeSeats" data-value="16">16' in page
    # and every survey figure names its release and the disclosure rules
    assert page.count("Veröffentlichung 3 vom 01.12.2026 (Datenstand 30.12.2026)") == 0
    assert page.count("Veröffentlichung 3 vom 01.12.2026 (Datenstand 30.11.2026)") == 3
    assert page.count("Cell-Key-Verfahren um bis zu ±2") == 2
    assert page.count("öffentlicher Stand am 06.12.2026") == 3
    # and the demand beside the seats names the intake release it comes from, with its rules
    assert "Bedarf: Quelle: Erstbefragung Neuzugewanderte, Veröffentlichung 2 vom –" in page
    assert page.count("Cell-Key-Verfahren um bis zu ±3") == 1
    # and five charts inline as SVG (one for both categories) with their words as text
    assert page.count("<svg") == 5
    assert "Ausbildung</text>" in page or ">Ausbildung<" in page
    assert "Neue Neustadt (.)" in page and "Altstadt (48)" in page


def test_english_report_uses_english_words() -> None:
    page = render.html(_report("en"))
    assert "Monitoring report" in page and "Indicators by area" in page
    assert "release 3 of 2026-12-01" in page
    assert "62.5 %" in page
    assert "Monitoringbericht" not in page


def test_pdf_carries_the_charts_as_vectors_and_text() -> None:
    # when
    document = PdfReader(io.BytesIO(render.pdf(_report("de"))))
    # then the words of the charts are text in the PDF
    text = " ".join(page.extract_text() for page in document.pages)
    assert "Monitoringbericht" in text and "Kennzahlen nach Gebiet" in text
    assert "Anteil (%)" in text  # axis title of the bars
    assert "Schulabgang" in text and "Freie Plätze" in text
    # and no chart is a picture: no raster image anywhere, but paths drawn
    for page in document.pages:
        resources = page.get("/Resources") or {}
        objects = resources.get("/XObject") or {}
        for reference in objects.values():
            assert reference.get_object().get("/Subtype") != "/Image"
    contents = b"".join(page.get_contents().get_data() for page in document.pages)  # type: ignore[union-attr]
    assert contents.count(b" re") + contents.count(b" c\n") > 20


def test_a_region_inside_the_study_region_names_the_study_total() -> None:
    # given a report for Magdeburg from a state-wide study, narrowed to the city's areas
    report = _report("de")
    narrowed = replace(report.survey, study_region_name="Sachsen-Anhalt")
    # when
    page = render.html(replace(report, survey=narrowed))
    # then the study region's values are not passed off as the city's: neither the indicators'
    # total nor the transitions (released for the whole study region only)
    assert "die letzte Zeile ist die ganze Studienregion Sachsen-Anhalt" in page
    assert "Die Zahlen gelten für Sachsen-Anhalt, nicht für Magdeburg allein." in page
    assert "Schulabgang → Ein Jahr danach · Sachsen-Anhalt</h3>" in page


def test_without_released_areas_the_report_says_so_in_one_sentence() -> None:
    # given a municipality inside the study region with no released area of its own
    report = _report("en")
    empty = replace(report.survey, indicators=[], study_region_name="Sachsen-Anhalt")
    no_plan = replace(report.survey, indicators=[], by_area=False)
    # when
    inside = render.html(replace(report, survey=empty))
    unplanned = render.html(replace(report, survey=no_plan))
    # then one sentence each, and no indicator chart or table
    assert "publishes no figures for areas in Magdeburg" in inside
    assert "publishes no figures by area" in unplanned
    for page in (inside, unplanned):
        assert 'data-figure="indicator/' not in page
        assert page.count("<svg") == 4  # flow, gap, months, coverage

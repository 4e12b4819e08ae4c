"""The monthly overview and the iCalendar feed in the newcomer's language: every served
language, right to left for Arabic and Persian, a bilingual variant with German beside it."""

from __future__ import annotations

import io
from datetime import date

import httpx
import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from koko_offers.report import render
from koko_offers.report.wording import WORDS
from koko_shared.i18n import SERVED_LANGUAGES

from .conftest import MAGDEBURG, Catalogue

DECEMBER = {"region": MAGDEBURG, "month": "2026-12"}


async def _course(catalogue: Catalogue) -> None:
    offer, _ = await catalogue.language_course(
        start=date(2026, 12, 7), capacity_max=16, seats_booked=16, waitlist_length=2
    )
    course_type = catalogue.course_types["BAMF_IK_ALLG:B1"]
    course_type.label = {
        **course_type.label,
        "ar": "دورة الاندماج العامة",
        "uk": "Загальний інтеграційний курс",
    }
    await catalogue.session.flush()
    assert offer.id


@pytest.mark.parametrize("language", SERVED_LANGUAGES)
async def test_the_overview_speaks_every_served_language(
    client: httpx.AsyncClient, catalogue: Catalogue, language: str
) -> None:
    # given
    await _course(catalogue)
    words = WORDS[language]
    # when
    response = await client.get("/reports/language-courses", params={**DECEMBER, "lang": language})
    # then
    html = response.text
    direction = "rtl" if language in ("ar", "fa") else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert response.headers["content-language"] == language
    assert words["title"] in html and words["seats"] in html and words["full"] in html
    assert words["months"].split()[11] in html
    if language not in ("de", "en"):
        assert "Kursbeginn" not in html and "ausgebucht" not in html  # nothing left in German


async def test_a_language_from_accept_language_and_the_bilingual_variant(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given
    await _course(catalogue)
    # when
    negotiated = await client.get(
        "/reports/language-courses", params=DECEMBER, headers={"Accept-Language": "uk, de;q=0.5"}
    )
    bilingual = await client.get(
        "/reports/language-courses", params={**DECEMBER, "lang": "ar", "bilingual": "true"}
    )
    unserved = await client.get("/reports/language-courses", params={**DECEMBER, "lang": "ro"})
    # then
    assert "Загальний інтеграційний курс" in negotiated.text  # the course type's own label
    assert bilingual.headers["content-language"] == "ar, de"
    for arabic, german in [
        (WORDS["ar"]["start"], "Kursbeginn"),
        (WORDS["ar"]["full"], "ausgebucht"),
        ("دورة الاندماج العامة", "Allgemeiner Integrationskurs"),
    ]:
        assert arabic in bilingual.text and german in bilingual.text
    assert '<html lang="de" dir="ltr">' in unserved.text


@pytest.mark.requires_tool("pango")
@pytest.mark.parametrize("language", ["ar", "fa", "uk"])
async def test_the_pdf_carries_the_script_of_the_language(
    client: httpx.AsyncClient, catalogue: Catalogue, language: str
) -> None:
    # given
    await _course(catalogue)
    # when
    response = await client.get(
        "/reports/language-courses", params={**DECEMBER, "lang": language, "format": "pdf"}
    )
    # then: the words are in the PDF as text, i.e. a font had their glyphs
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert response.headers["content-language"] == language
    for word in WORDS[language]["seats"].split():
        assert word in text or word[::-1] in text


@pytest.mark.requires_tool("pango")
@pytest.mark.parametrize("language", ["ar", "fa"])
async def test_addresses_and_names_keep_their_direction_in_a_right_to_left_pdf(
    client: httpx.AsyncClient, catalogue: Catalogue, language: str
) -> None:
    # given a course whose place and contact wrap over several lines of a narrow column
    await _course(catalogue)
    # when
    response = await client.get(
        "/reports/language-courses", params={**DECEMBER, "lang": language, "format": "pdf"}
    )
    # then every wrapped line of the German address reads left to right, as in the German PDF
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Leibnizstraße 23, 39104 Magdeburg" in " ".join(text.split())
    assert "39104 ,23" not in text and ",Träger" not in text and ",Hauptstelle" not in text


@pytest.mark.parametrize("output", ["xlsx", "csv"])
async def test_spreadsheets_stay_wholly_german_whatever_language_is_asked(
    client: httpx.AsyncClient, catalogue: Catalogue, output: str
) -> None:
    # given
    await _course(catalogue)
    params = {**DECEMBER, "format": output}
    # when Arabic is asked for
    german = await client.get("/reports/language-courses", params=params)
    arabic = await client.get(
        "/reports/language-courses",
        params={**params, "lang": "ar", "bilingual": "true"},
        headers={"Accept-Language": "ar"},
    )
    # then the same German file, and it says so
    assert arabic.status_code == 200
    assert arabic.headers["content-language"] == "de"
    if output == "csv":
        assert arabic.text == german.text
        assert not any("\u0600" <= ch <= "\u06ff" for ch in arabic.text)
    else:
        sheet = load_workbook(io.BytesIO(arabic.content)).active
        assert sheet is not None
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
        assert cells and not any("\u0600" <= ch <= "\u06ff" for v in cells for ch in v)
        assert "nein" in cells or "ja" in cells


async def test_the_stylesheet_names_the_fonts_as_css(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given
    await _course(catalogue)
    # when
    page = await client.get("/reports/language-courses", params={**DECEMBER, "lang": "ar"})
    # then the font list is CSS inside <style>, not HTML-escaped (which voids the declaration)
    style = page.text.split("<style>", 1)[1].split("</style>", 1)[0]
    assert 'font-family: "Noto Sans", "Noto Naskh Arabic"' in style
    assert "&#34;" not in style and "&quot;" not in style


def test_a_text_is_isolated_in_the_direction_of_its_first_strong_character() -> None:
    assert str(render.isolate("Breiter Weg 23")) == '<bdi dir="ltr">Breiter Weg 23</bdi>'
    assert str(render.isolate("23 شارع")) == '<bdi dir="rtl">23 شارع</bdi>'
    assert str(render.isolate("<b>")) == '<bdi dir="ltr">&lt;b&gt;</bdi>'


async def test_the_calendar_describes_course_starts_in_the_language(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given
    await _course(catalogue)
    # when
    arabic = await client.get(
        "/feeds/course-starts.ics", params={"region": MAGDEBURG, "lang": "ar"}
    )
    german = await client.get("/feeds/course-starts.ics", params={"region": MAGDEBURG})
    # then
    [event] = [c for c in Calendar.from_ical(arabic.content).walk("VEVENT")]
    description = str(event["DESCRIPTION"])
    assert WORDS["ar"]["seats"] in description and WORDS["ar"]["organizer"] in description
    assert str(event["SUMMARY"]).startswith(WORDS["ar"]["course_start"])
    assert "Freie Plätze" not in description
    assert arabic.headers["content-language"] == "ar"
    [german_event] = [c for c in Calendar.from_ical(german.content).walk("VEVENT")]
    assert str(german_event["SUMMARY"]).startswith("Kursbeginn")

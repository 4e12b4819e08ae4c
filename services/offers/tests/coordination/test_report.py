"""The monthly language course overview: every run of the month in the region, nothing else, in
HTML, PDF, XLSX and CSV."""

from __future__ import annotations

import builtins
import csv
import io
from datetime import date
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from .conftest import BOERDE, MAGDEBURG, Catalogue


async def _month_catalogue(catalogue: Catalogue) -> dict[str, list[str]]:
    """Runs of December 2026 in Magdeburg (expected) and runs that must not appear."""
    north = await catalogue.area(MAGDEBURG, "NORD", "Neue Neustadt")
    vhs = await catalogue.provider(name="Volkshochschule Magdeburg")
    expected_providers = []
    for index, (code, level, day) in enumerate(
        [("BAMF_IK_ALLG", "B1", 1), ("BAMF_IK_ALLG", "B1", 15), ("BSK_A2", "A2", 7)]
    ):
        provider = vhs if index == 0 else await catalogue.provider(name=f"Sprachschule Nr{index}")
        await catalogue.language_course(
            provider=provider,
            code=code,
            level=level,
            start=date(2026, 12, day),
            area=north if index == 2 else None,
            childcare=index == 1,
            capacity_max=20 if index != 1 else 12,
            seats_booked=12 if index == 1 else 8,
            waitlist_length=3 if index == 1 else 0,
        )
        expected_providers.append(provider.name)
    excluded = []
    for name, kwargs in [
        ("Träger Januar", {"start": date(2027, 1, 4)}),
        ("Träger November", {"start": date(2026, 11, 30)}),
        ("Träger Börde", {"start": date(2026, 12, 2), "region_ars": BOERDE, "city": "Barleben"}),
        ("Träger Abgesagt", {"start": date(2026, 12, 3), "status": "cancelled"}),
    ]:
        region_ars = kwargs.pop("region_ars", MAGDEBURG)
        provider = await catalogue.provider(str(region_ars), name)
        await catalogue.language_course(provider=provider, region_ars=str(region_ars), **kwargs)
        excluded.append(name)
    return {"expected": expected_providers, "excluded": excluded}


@pytest.mark.requires_tool("pango")
async def test_pdf_contains_every_run_of_the_month_and_nothing_else(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given
    names = await _month_catalogue(catalogue)
    # when
    response = await client.get(
        "/reports/language-courses",
        params={"region": MAGDEBURG, "month": "2026-12", "format": "pdf"},
    )
    # then
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Sprachkursübersicht Dezember 2026" in flat
    assert "Magdeburg" in flat
    assert "Stand:" in flat
    assert "Seite 1 von" in flat
    for provider in names["expected"]:
        assert provider in flat, provider
    for provider in names["excluded"]:
        assert provider not in flat, provider
    for start in ("01.12.2026", "15.12.2026", "07.12.2026"):
        assert start in flat
    assert "ausgebucht, Warteliste: 3" in flat
    assert "12 von 20" in flat
    assert "Mo, Mi 08:30–12:45" in flat
    assert "Allgemeiner Integrationskurs – Zielniveau B1" in flat
    assert "Berufssprachkurs A2 – Zielniveau A2" in flat


async def test_html_xlsx_and_csv_carry_the_same_rows(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    # given
    names = await _month_catalogue(catalogue)
    params = {"region": MAGDEBURG, "month": "2026-12"}
    # when
    html = await client.get("/reports/language-courses", params=params)
    xlsx = await client.get("/reports/language-courses", params={**params, "format": "xlsx"})
    csv_response = await client.get("/reports/language-courses", params={**params, "format": "csv"})
    # then
    assert html.headers["content-type"].startswith("text/html")
    assert '<html lang="de" dir="ltr">' in html.text
    for provider in names["expected"]:
        assert provider in html.text
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet["A1"].value == "Sprachkursübersicht Dezember 2026 – Magdeburg"
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert sorted(r[9] for r in rows) == sorted(names["expected"])
    assert {r[8] for r in rows} == {"ja", "nein"}
    text = csv_response.content.decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert records[0][:3] == ["Kursart", "Zielniveau", "Kursbeginn"]
    assert sorted(r[9] for r in records[1:]) == sorted(names["expected"])
    assert "attachment" in csv_response.headers["content-disposition"]


async def test_empty_month_and_bad_parameters(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    await catalogue.region(MAGDEBURG)
    empty = await client.get(
        "/reports/language-courses", params={"region": MAGDEBURG, "month": "2030-02"}
    )
    assert "keine Kursstarts" in empty.text
    for params in (
        {"region": MAGDEBURG, "month": "2026-13"},
        {"region": MAGDEBURG, "month": "Dezember"},
        {"region": MAGDEBURG, "month": "2026-12", "format": "docx"},
        {"region": "12", "month": "2026-12"},
    ):
        response = await client.get("/reports/language-courses", params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"
    unknown = await client.get(
        "/reports/language-courses", params={"region": "010010000000", "month": "2026-12"}
    )
    assert unknown.status_code == 404


async def test_pdf_without_pango_is_a_clear_503_and_other_formats_still_work(
    client: httpx.AsyncClient, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a month with runs, on a server whose WeasyPrint cannot load Pango (a plain laptop)
    await _month_catalogue(catalogue)
    real_import = builtins.__import__

    def import_without_pango(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", import_without_pango)
    # when
    pdf = await client.get(
        "/reports/language-courses",
        params={"region": MAGDEBURG, "month": "2026-12", "format": "pdf"},
    )
    html = await client.get(
        "/reports/language-courses",
        params={"region": MAGDEBURG, "month": "2026-12", "format": "html"},
    )
    # then
    assert pdf.status_code == 503
    assert pdf.headers["content-type"] == "application/problem+json"
    assert pdf.json()["type"] == "urn:koko:problem:SERVICE_UNAVAILABLE"
    assert "Pango" in pdf.json()["title"]
    assert html.status_code == 200

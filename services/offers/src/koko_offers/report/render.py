"""The overview in each output format: HTML (Jinja2), PDF (WeasyPrint), XLSX (openpyxl), CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from koko_offers.report.service import Overview
from koko_shared.errors import DomainError, ErrorCode
from koko_shared.i18n import own_direction

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def isolate(text: str) -> Markup:
    """`text` isolated in its own direction (`<bdi dir>`): addresses, names and phone numbers
    keep their order when a right-to-left page wraps them (WeasyPrint wraps a cell by the
    page's direction and ignores `unicode-bidi: plaintext`)."""
    return Markup('<bdi dir="{}">{}</bdi>').format(own_direction(text), text)


_TEMPLATES.filters["isolate"] = isolate

COLUMNS = (
    "Kursart",
    "Zielniveau",
    "Kursbeginn",
    "Kursende",
    "Zeiten",
    "Freie Plätze",
    "Kapazität",
    "Warteliste",
    "Kinderbetreuung",
    "Träger",
    "Telefon",
    "E-Mail",
    "Kursort",
    "Angebot",
)


# Fonts for every script Koko serves: Noto (Debian fonts-noto-core) where installed, else DejaVu
# Sans, which also covers Arabic, Persian and Cyrillic.
FONTS = (
    '"Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", '
    '"Liberation Sans", Arial, sans-serif'
)


def html(overview: Overview) -> str:
    template = _TEMPLATES.get_template("language_courses.html")
    # The font list goes into <style> as CSS: not HTML-escaped (its quotes would become &#34;
    # and the whole `font-family` declaration invalid, printing in the default serif font).
    return template.render(overview=overview, fonts=Markup(FONTS))


class PdfUnavailable(DomainError):
    """WeasyPrint needs the Pango library of the operating system; without it, say so (503)."""

    code = ErrorCode.SERVICE_UNAVAILABLE
    status = 503


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:  # the Python package is there, the system's Pango is not
        return False
    return True


def pdf(overview: Overview) -> bytes:
    try:
        from weasyprint import HTML  # heavy import, only when a PDF is asked for
    except OSError as exc:
        raise PdfUnavailable(
            "PDF rendering needs the Pango library on this server "
            "(Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0); "
            "HTML, XLSX and CSV work without it"
        ) from exc
    document: bytes = HTML(string=html(overview)).write_pdf()
    return document


def _records(overview: Overview) -> list[list[object]]:
    records: list[list[object]] = []
    for group in overview.groups:
        for line in group.lines:
            row = line.row
            records.append(
                [
                    row.course_type_label,
                    row.level or "",
                    row.start_date,
                    row.end_date or "",
                    line.times,
                    row.free_seats if row.capacity_max is not None else "",
                    row.capacity_max if row.capacity_max is not None else "",
                    row.waitlist_length,
                    line.childcare,
                    row.provider_name,
                    row.contact_phone or "",
                    row.contact_email or "",
                    line.place,
                    row.offer_title,
                ]
            )
    return records


def xlsx(overview: Overview) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = overview.month.strftime("%Y-%m")
    sheet["A1"] = f"Sprachkursübersicht {overview.month_label} – {overview.region_name}"
    sheet["A1"].font = Font(bold=True, size=14, color="00537A")
    sheet["A2"] = f"Stand: {overview.generated_label}"
    sheet["A2"].font = Font(italic=True, color="555555")
    header_row = 4
    for index, title in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header_row, column=index, value=title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E6EEF3")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for offset, record in enumerate(_records(overview), start=1):
        for index, value in enumerate(record, start=1):
            cell = sheet.cell(row=header_row + offset, column=index, value=value)
            cell.alignment = Alignment(vertical="top", wrap_text=index in (5, 13, 14))
            if index in (3, 4) and value != "":
                cell.number_format = "DD.MM.YYYY"
    widths = (28, 10, 12, 12, 26, 12, 10, 10, 14, 28, 18, 28, 40, 36)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(COLUMNS))}{header_row}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(overview: Overview) -> str:
    """Semicolon-separated with a BOM: what German spreadsheet programs open correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in _records(overview):
        writer.writerow([v.strftime("%d.%m.%Y") if hasattr(v, "strftime") else v for v in record])
    return "\ufeff" + buffer.getvalue()

"""The codebook as files for spreadsheets: CSV (UTF-8 with BOM, semicolons: German Excel opens
it as is) and XLSX (a sheet of questions and choices, a sheet of accepted formats)."""

from __future__ import annotations

import csv
import io
from typing import Any

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rows(book: dict[str, Any], language: str = "de") -> list[list[str]]:
    """One line per question and choice (a question without choices has one line)."""
    rows = [
        [
            "instrument_version",
            "question",
            "type",
            "required",
            "label",
            "choice_code",
            "choice_label",
            "accepted_formats",
        ]
    ]
    for version in book["instrumentVersions"]:
        for question in version["questions"]:
            label = question["label"].get(language) or next(iter(question["label"].values()), "")
            formats = " | ".join(book["types"][question["type"]]["formats"])
            base = [
                version["reference"],
                question["name"],
                question["type"],
                "yes" if question["required"] else "no",
                label,
            ]
            for choice in question["choices"] or [None]:
                if choice is None:
                    rows.append([*base, "", "", formats])
                else:
                    choice_label = choice["label"].get(language) or next(
                        iter(choice["label"].values()), ""
                    )
                    rows.append([*base, choice["code"], choice_label, formats])
    return rows


def as_csv(book: dict[str, Any], language: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows(book, language))
    return ("\ufeff" + out.getvalue()).encode()


def as_xlsx(book: dict[str, Any], language: str) -> bytes:
    import openpyxl  # loaded on the first XLSX asked for, not at startup

    workbook = openpyxl.Workbook()
    questions = workbook.active
    assert questions is not None
    questions.title = "codebook"
    for row in rows(book, language):
        questions.append(row)
    formats = workbook.create_sheet("formats")
    formats.append(["type", "description", "accepted_formats"])
    for kind, entry in book["types"].items():
        formats.append([kind, entry["description"], "\n".join(entry["formats"])])
    consents = workbook.create_sheet("consents")
    consents.append(["required_scope"])
    for scope in book["consents"]["required"]:
        consents.append([scope])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

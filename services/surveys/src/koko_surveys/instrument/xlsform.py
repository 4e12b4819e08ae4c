"""Read an XLSForm file (read by `pyxform`) into the question specs of an instrument version.

Supported: the answer types below, notes (shown, never answered), groups (flattened),
`required`, `relevant`, `constraint` (incl. `regex()`). Repeat groups are refused, naming
their row of the survey sheet: one submission holds one answer per question."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from koko_shared.errors import ErrorCode, FieldError, InvalidInput
from koko_shared.i18n import Message, Msgid
from koko_surveys.instrument.questions import QuestionSpec, validation_error

_TYPES = {
    "integer": "integer",
    "decimal": "decimal",
    "text": "text",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "date": "date",
    "range": "scale",
    "acknowledge": "boolean",
    "note": "note",
}
# Elements of a form that carry no answer of their own.
_SKIPPED = {"calculate", "start", "end", "today", "deviceid", "username", "audit"}
_LANGUAGE_IN_LABEL = re.compile(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\)\s*$")


def _language(key: str) -> str:
    if key == "default":
        return "de"
    match = _LANGUAGE_IN_LABEL.search(key)
    return match.group(1).lower() if match else key.strip().lower()


def _labels(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {_language(k): str(v) for k, v in value.items() if v}
    if isinstance(value, str) and value:
        return {"de": value}
    return {}


def _flatten(
    children: list[dict[str, Any]], errors: list[FieldError], rows: dict[str, int]
) -> list[dict[str, Any]]:
    questions: list[dict[str, Any]] = []
    for child in children:
        kind = child.get("type", "")
        name = child.get("name", "")
        if kind == "group":
            if name == "meta":
                continue
            questions.extend(_flatten(child.get("children", []), errors, rows))
            continue
        if kind == "repeat":
            row = rows.get(name)
            where = Message("survey sheet, row {row}", row=row) if row else Msgid("survey sheet")
            errors.append(
                FieldError(
                    ErrorCode.UNSUPPORTED,
                    "repeat group '{name}' ({where}) is not supported: a submission holds one "
                    "answer per question; send one submission per repetition instead",
                    name,
                    {"name": name, "where": where},
                )
            )
            continue
        if kind in _SKIPPED:
            continue
        mapped = _TYPES.get(kind)
        if mapped is None:
            errors.append(
                FieldError(
                    ErrorCode.UNSUPPORTED,
                    "question type '{type}' of '{name}' is not supported",
                    name,
                    {"type": kind, "name": name},
                )
            )
            continue
        bind = child.get("bind", {}) or {}
        parameters = child.get("parameters", {}) or {}
        spec: dict[str, Any] = {
            "name": name,
            "type": mapped,
            "label": _labels(child.get("label")),
            "required": mapped != "note"
            and str(bind.get("required", "")).lower() in ("yes", "true", "true()"),
            "constraint": bind.get("constraint") or None,
            "constraint_message": _first_label(bind.get("jr:constraintMsg")),
            "relevant": bind.get("relevant") or None,
        }
        if mapped in ("select_one", "select_multiple"):
            spec["choices"] = [
                {"code": str(c["name"]), "label": _labels(c.get("label"))}
                for c in child.get("choices", [])
            ]
        if mapped == "scale":
            spec["minimum"] = float(parameters.get("start", 1))
            spec["maximum"] = float(parameters.get("end", 10))
        questions.append(spec)
    return questions


def _first_label(value: Any) -> str | None:
    labels = _labels(value)
    return labels.get("de") or next(iter(labels.values()), None)


def _survey_sheet_rows(content: bytes, suffix: str) -> Iterator[tuple[int, list[Any]]]:
    """(row number as a spreadsheet shows it, cells) of the survey sheet of an XLSForm."""
    if suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        if "survey" in book.sheetnames:
            yield from enumerate(
                (list(v) for v in book["survey"].iter_rows(values_only=True)), start=1
            )
    elif suffix == ".xls":
        import xlrd

        book = xlrd.open_workbook(file_contents=content)
        if "survey" in book.sheet_names():
            sheet = book.sheet_by_name("survey")
            yield from ((n + 1, sheet.row_values(n)) for n in range(sheet.nrows))
    elif suffix == ".csv":
        # All sheets in one file: a row whose first cell names a sheet starts it; the survey
        # sheet's rows carry an empty first cell. Rows are numbered as lines of the file.
        in_survey = False
        lines = content.decode("utf-8-sig", errors="replace").splitlines()
        for number, cells in enumerate(csv.reader(lines), start=1):
            if cells and cells[0].strip():
                in_survey = cells[0].strip().lower() == "survey"
                continue
            if in_survey:
                yield number, cells[1:]


def _repeat_rows(content: bytes, suffix: str) -> dict[str, int]:
    """Row of each `begin repeat` in the survey sheet of an .xlsx, .xls or .csv, by repeat
    name."""
    rows: dict[str, int] = {}
    header: list[str] = []
    try:
        for number, values in _survey_sheet_rows(content, suffix):
            cells = [str(v).strip().lower() if v is not None else "" for v in values]
            if not header:
                header = cells
                continue
            record = dict(zip(header, cells, strict=False))
            if re.sub(r"[\s_]+", " ", record.get("type", "")) == "begin repeat":
                rows.setdefault(str(values[header.index("name")] or ""), number)
    except Exception:  # the row is a courtesy; pyxform has already read the file
        return rows
    return rows


def read_xlsform(
    content: bytes, filename: str
) -> tuple[list[dict[str, Any]], str | None, dict[str, str], str | None]:
    """Questions, form version, title and form id of an XLSForm (.xlsx, .xls or .csv); every
    problem is reported at once as InvalidInput."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import parse_file_to_json

    suffix = Path(filename).suffix.lower()
    if suffix not in (".xlsx", ".xls", ".csv", ".md"):
        raise InvalidInput("expected an XLSForm file (.xlsx, .xls or .csv)", field="file")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"form{suffix}"
        path.write_bytes(content)
        try:
            form = parse_file_to_json(str(path))
        except (PyXFormError, ValueError, KeyError, OSError) as exc:
            # pyxform's own explanation, as pyxform words it (English).
            raise InvalidInput(
                "not a valid XLSForm: {reason}", field="file", params={"reason": str(exc)}
            ) from exc
        except Exception as exc:  # pyxform raises assorted errors on corrupt workbooks
            raise InvalidInput(
                "cannot read the XLSForm: {reason}",
                field="file",
                params={"reason": type(exc).__name__},
            ) from exc
    errors: list[FieldError] = []
    rows = _repeat_rows(content, suffix)
    questions = _flatten(form.get("children", []), errors, rows)
    for spec in questions:
        try:
            QuestionSpec.model_validate(spec)
        except ValidationError as exc:
            for problem in exc.errors():
                errors.append(validation_error(problem, spec["name"]))
    if not questions and not errors:
        errors.append(FieldError(ErrorCode.BAD_USER_INPUT, "the form has no questions", "file"))
    if errors:
        raise InvalidInput("the XLSForm cannot be used", field="file", errors=errors)
    version = form.get("version")
    form_id = form.get("id_string")
    return questions, str(version) if version else None, _labels(form.get("title")), form_id

"""German Excel as it really writes values: `20.11.2026 10:00` and `03.04.2024` dates, `WAHR` and
`FALSCH`, sex `w`/`m`/`d`. Each value is read with its kind's documented formats, per row; a
value that fits none is that row's rejection naming the accepted formats."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from .conftest import MAGDEBURG, Setup, pseudonym

BERLIN = ZoneInfo("Europe/Berlin")
HEADER = [
    "submission_id",
    "subject",
    "instrument_version",
    "submitted_at",
    "region_ars",
    "sex",
    "birth_year",
    "consent_scopes",
    "consent_text_version",
    "consent_legal_basis",
    "consent_given_at",
    "destination",
    "seeking_course",
    "interview_date",
]


def _csv(setup: Setup, rows: list[dict[str, str]]) -> bytes:
    """A semicolon-separated Windows-1252 file, as German Excel saves "CSV (Trennzeichen-
    getrennt)"; every row names its own cells, the rest are Excel's defaults below."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    for n, cells in enumerate(rows, start=1):
        row = {
            "submission_id": f"xl-{n}",
            "subject": pseudonym(f"excel-{n}"),
            "instrument_version": setup.version,
            "region_ars": MAGDEBURG,
            "birth_year": "2007",
            "consent_scopes": "participation",
            "consent_text_version": "v1",
            "consent_legal_basis": "consent",
            "consent_given_at": "10.01.2025 09:30",
            "destination": "training",
            **cells,
        }
        writer.writerow([row.get(column, "") for column in HEADER])
    return out.getvalue().encode("cp1252")


async def _post_csv(
    client: httpx.AsyncClient, setup: Setup, headers: dict[str, str], body: bytes
) -> list[dict[str, Any]]:
    response = await client.post(
        setup.batch_url, content=body, headers={**headers, "content-type": "text/csv"}
    )
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


async def _stored(session: AsyncSession, setup: Setup) -> dict[str, Any]:
    rows = await session.execute(
        text(
            "SELECT submission_id, answers, sex, submitted_at FROM submission "
            "WHERE study_id = :s ORDER BY submission_id"
        ),
        {"s": setup.study.id},
    )
    return {row.submission_id: row for row in rows}


async def test_german_excel_values_are_read_per_row(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given: the values German Excel writes, a different spelling in every row
    day = date.today() - timedelta(days=3)
    rows = [
        {
            "submitted_at": f"{day:%d.%m.%Y} 10:00",
            "sex": "w",
            "seeking_course": "WAHR",
            "interview_date": "03.04.2024",
        },
        {
            "submitted_at": f"{day:%d.%m.%y} 08:15",
            "sex": "m",
            "seeking_course": "FALSCH",
            "interview_date": "20.11.26",
        },
        {"submitted_at": f"{day:%d.%m.%Y}", "sex": "d", "seeking_course": "x"},
        {"sex": "weiblich", "seeking_course": "nein", "interview_date": "2024-04-03"},
        {"sex": "x", "seeking_course": "1"},
        {"sex": "W", "seeking_course": "falsch"},
    ]
    # when
    results = await _post_csv(client, setup, integrator, _csv(setup, rows))
    # then: every row is stored with the values read as meant
    assert [r["status"] for r in results] == ["created"] * 6, results
    stored = await _stored(session, setup)
    assert [stored[f"xl-{n}"].sex for n in range(1, 7)] == ["f", "m", "d", "f", "x", "f"]
    assert [stored[f"xl-{n}"].answers["seeking_course"] for n in range(1, 7)] == [
        True,
        False,
        True,
        False,
        True,
        False,
    ]
    assert stored["xl-1"].answers["interview_date"] == "2024-04-03"
    assert stored["xl-2"].answers["interview_date"] == "2026-11-20"
    assert stored["xl-4"].answers["interview_date"] == "2024-04-03"
    # German wall-clock time is German local time
    local_ten = datetime(day.year, day.month, day.day, 10, 0, tzinfo=BERLIN)
    assert stored["xl-1"].submitted_at == local_ten
    assert stored["xl-2"].submitted_at == local_ten.replace(hour=8, minute=15)
    assert stored["xl-3"].submitted_at == local_ten.replace(hour=0)


async def test_the_given_at_of_a_consent_is_read_in_german_notation(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given
    body = _csv(setup, [{"consent_given_at": "10.01.2025 09:30"}])
    # when
    results = await _post_csv(client, setup, integrator, body)
    # then
    assert results[0]["status"] == "created", results
    given = await session.execute(
        text(
            "SELECT c.given_at FROM consent c JOIN subject s ON s.id = c.subject_id "
            "WHERE s.study_id = :s"
        ),
        {"s": setup.study.id},
    )
    assert given.scalar_one() == datetime(2025, 1, 10, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("cells", "field", "named"),
    [
        ({"interview_date": "2024/04/03"}, "answers.interview_date", "DD.MM.YYYY"),
        ({"interview_date": "31.02.2024"}, "answers.interview_date", "DD.MM.YYYY"),
        ({"seeking_course": "vielleicht"}, "answers.seeking_course", "WAHR"),
        ({"sex": "weibl."}, "attributes.sex", "w, weiblich"),
        ({"submitted_at": "20.11.2026 25:00"}, "submittedAt", "DD.MM.YYYY HH:MM"),
        ({"consent_given_at": "gestern"}, "consents.0", "DD.MM.YYYY HH:MM"),
    ],
)
async def test_a_value_that_fits_no_format_is_that_rows_rejection_naming_the_formats(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    session: AsyncSession,
    cells: dict[str, str],
    field: str,
    named: str,
) -> None:
    # given: a bad value in the first row, a good second row
    body = _csv(setup, [cells, {}])
    # when
    results = await _post_csv(client, setup, integrator, body)
    # then: only the first row is refused, with the field and the accepted formats named
    assert [r["status"] for r in results] == ["rejected", "created"]
    [error] = results[0]["errors"]
    assert error["field"] == field
    assert named in error["message"]
    assert list(await _stored(session, setup)) == ["xl-2"]


async def test_json_rows_read_dates_and_sex_in_german_notation_but_keep_json_types(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given: JSON rows from an Excel export; strings where JSON has no type of its own
    day = date.today() - timedelta(days=2)
    german = setup.row(
        1,
        submittedAt=f"{day:%d.%m.%Y} 10:00",
        attributes={"regionArs": MAGDEBURG, "sex": "w", "birthYear": 2007},
        answers={"destination": "training", "interview_date": "03.04.2024"},
    )
    boolean_as_text = setup.row(2, answers={"destination": "work", "seeking_course": "WAHR"})
    # when
    response = await client.post(
        setup.batch_url, json=[german, boolean_as_text], headers=integrator
    )
    # then: dates and sex are read; a boolean stays a JSON boolean (documented)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["created", "rejected"], results
    assert results[1]["errors"][0]["field"] == "answers.seeking_course"
    stored = await _stored(session, setup)
    assert stored["sub-1"].sex == "f"
    assert stored["sub-1"].answers["interview_date"] == "2024-04-03"
    assert stored["sub-1"].submitted_at == datetime(day.year, day.month, day.day, 10, tzinfo=BERLIN)

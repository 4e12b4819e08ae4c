"""What an integration script sends, as it really arrives: strict JSON types, wrong shapes,
CSV from German Excel, NDJSON with a broken line. Each problem is a row's rejection with a
field error (or a 4xx problem for the whole body), never a 5xx."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from .conftest import MAGDEBURG, Setup, pseudonym


async def _post_rows(
    client: httpx.AsyncClient, setup: Setup, headers: dict[str, str], rows: list[Any]
) -> list[dict[str, Any]]:
    response = await client.post(setup.batch_url, json=rows, headers=headers)
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"age": "19"}, "answers.age"),
        ({"age": 19.0}, "answers.age"),
        ({"age": 19.5}, "answers.age"),
        ({"age": True}, "answers.age"),
        ({"age": 10**20}, "answers.age"),
        ({"hours": "12.5"}, "answers.hours"),
        ({"seeking_course": "ja"}, "answers.seeking_course"),
        ({"seeking_course": 1}, "answers.seeking_course"),
        ({"languages": "de ar"}, "answers.languages"),
        ({"satisfaction": "4"}, "answers.satisfaction"),
        ({"interview_date": 20250301}, "answers.interview_date"),
    ],
)
async def test_json_answers_must_have_the_questions_json_type(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    answers: dict[str, Any],
    field: str,
) -> None:
    # given
    row = setup.row(1, answers={"destination": "training", **answers})
    # when
    results = await _post_rows(client, setup, integrator, [row, setup.row(2)])
    # then: that row is rejected with the field named; the good row is stored
    assert [r["status"] for r in results] == ["rejected", "created"]
    assert [e["field"] for e in results[0]["errors"]] == [field]


@pytest.mark.parametrize("birth_year", [2007.5, "2007", True, 2007.0, 1800])
async def test_birth_year_is_a_json_integer_in_range(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], birth_year: object
) -> None:
    # given
    attributes = {"regionArs": MAGDEBURG, "sex": "f", "birthYear": birth_year}
    # when
    results = await _post_rows(
        client, setup, integrator, [setup.row(1, attributes=attributes), setup.row(2)]
    )
    # then
    assert [r["status"] for r in results] == ["rejected", "created"]
    assert results[0]["errors"][0]["field"] == "attributes.birthYear"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"attributes": {"sex": ["f"]}}, "attributes.sex"),
        ({"attributes": {"sex": {"f": 1}}}, "attributes.sex"),
        ({"attributes": {"cohort": ["2024"]}}, "attributes.cohort"),
        ({"attributes": {"regionArs": 150030000000}}, "attributes.regionArs"),
        ({"attributes": [1, 2]}, "attributes"),
        ({"informant": {"kind": ["teacher"], "code": "x"}}, "informant"),
        ({"consents": [{"scope": ["participation"]}]}, "consents.0.scope"),
        ({"consents": {"scope": "participation"}}, "consents"),
        ({"answers": ["training"]}, "answers"),
        ({"answers": {"destination": {"code": "training"}}}, "answers.destination"),
        ({"submissionId": ["x"]}, "submissionId"),
        ({"instrumentVersion": {"v": 1}}, "instrumentVersion"),
        ({"submittedAt": 1735689600}, "submittedAt"),
    ],
)
async def test_wrong_json_shapes_in_a_row_are_that_rows_rejection(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    overrides: dict[str, Any],
    field: str,
) -> None:
    # when
    results = await _post_rows(client, setup, integrator, [setup.row(1, **overrides), setup.row(2)])
    # then
    assert [r["status"] for r in results] == ["rejected", "created"]
    assert field in [e["field"] for e in results[0]["errors"]]


def _excel_csv(setup: Setup, delimiter: str) -> str:
    header = [
        "submission_id",
        "subject",
        "instrument_version",
        "region_ars",
        "sex",
        "birth_year",
        "consent_scopes",
        "consent_text_version",
        "consent_legal_basis",
        "consent_given_at",
        "destination",
        "other_text",
        "age",
        "hours",
    ]
    cells = [
        "sub-1",
        pseudonym("person-1"),
        setup.version,
        MAGDEBURG,
        "f",
        "2007",
        "participation",
        "v1",
        "consent",
        "2025-01-01T00:00:00Z",
        "other",
        "Übergangsjahr in Groß Ottersleben",
        "17",
        "12,5",
    ]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)  # quotes "12,5" when comma-separated
    writer.writerows([header, cells])
    return out.getvalue()


@pytest.mark.parametrize(
    ("encoding", "delimiter", "prefix"),
    [
        ("cp1252", ";", ""),
        ("cp1252", ";", "sep=;\r\n"),
        ("utf-8-sig", ",", ""),
        ("utf-8", "\t", ""),
        ("utf-16", "\t", ""),
        ("mac-roman-lines", ";", "sep=;\r"),
    ],
    ids=["German Excel", "Excel with sep line", "UTF-8 with BOM", "tab", "Unicode text", "CR"],
)
async def test_csv_as_spreadsheets_save_it_is_read(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    session: AsyncSession,
    encoding: str,
    delimiter: str,
    prefix: str,
) -> None:
    # given
    text_ = prefix + _excel_csv(setup, delimiter)
    if encoding == "mac-roman-lines":
        # old Mac Excel: lines end with a lone CR
        encoding, text_ = "cp1252", text_.replace("\r\n", "\r").replace("\n", "\r")
    body = text_.encode(encoding)
    # when
    response = await client.post(
        setup.batch_url, content=body, headers={**integrator, "content-type": "text/csv"}
    )
    # then: stored, with the umlauts intact and the decimal comma read as a number
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["created"], response.text
    stored = await session.execute(
        text("SELECT answers FROM submission WHERE study_id = :s"), {"s": setup.study.id}
    )
    answers = stored.scalar_one()
    assert answers["other_text"] == "Übergangsjahr in Groß Ottersleben"
    assert answers["hours"] == 12.5 and answers["age"] == 17


async def test_a_csv_without_a_usable_header_says_what_it_found(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    body = "Nr;Name;Geburtsjahr\r\n1;Müller;2007\r\n".encode("cp1252")
    # when
    response = await client.post(
        setup.batch_url, content=body, headers={**integrator, "content-type": "text/csv"}
    )
    # then
    assert response.status_code == 422
    title = response.json()["title"]
    assert "submission_id" in title and "'Nr', 'Name', 'Geburtsjahr'" in title


@pytest.mark.parametrize(
    "body", [b"\xc2\x9d\r\xc3\xb0a\xc3\xae", b'"unclosed\r\nsubmission_id', b"\r\r\n"]
)
async def test_a_csv_with_control_characters_in_its_header_is_refused_not_crashed(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], body: bytes
) -> None:
    # when (a body schemathesis found: a C1 control and a lone CR before any header)
    response = await client.post(
        setup.batch_url,
        params={"mode": "atomic"},
        content=body,
        headers={**integrator, "content-type": "text/csv"},
    )
    # then
    assert response.status_code == 422, response.text
    assert "header row" in response.json()["title"] or "cannot be read" in response.json()["title"]


async def test_a_broken_ndjson_line_is_that_rows_rejection(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    body = b"\n".join(
        [orjson.dumps(setup.row(1)), b'{"submissionId": "sub-2",', orjson.dumps(setup.row(3))]
    )
    headers = {**integrator, "content-type": "application/x-ndjson"}
    # when
    partial = await client.post(setup.batch_url, content=body, headers=headers)
    atomic = await client.post(
        setup.batch_url, params={"mode": "atomic"}, content=body, headers=headers
    )
    # then
    assert partial.status_code == 200
    results = partial.json()["results"]
    assert [r["status"] for r in results] == ["created", "rejected", "created"]
    assert "line 2 is not valid JSON" in results[1]["errors"][0]["message"]
    assert atomic.status_code == 422


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"answers": {"destination": "other", "other_text": "a\u0000b"}}, "answers.other_text"),
        ({"attributes": {"regionArs": MAGDEBURG, "offerId": "o\u0000"}}, "attributes.offerId"),
        ({"answers": {"destination": "school", "x\u0000": 1}}, "answers.x\ufffd"),
        ({"submissionId": "s\u0000"}, "submissionId"),
    ],
)
async def test_nul_characters_are_a_rows_rejection(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    overrides: dict[str, Any],
    field: str,
) -> None:
    # when: PostgreSQL cannot store U+0000 in text or jsonb (nor the stored idempotent answer)
    response = await client.post(
        setup.batch_url,
        json=[setup.row(1, **overrides), setup.row(2)],
        headers={**integrator, "Idempotency-Key": "nul-1"},
    )
    # then
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["rejected", "created"]
    assert [e["field"] for e in results[0]["errors"]] == [field]
    assert "\\u0000" not in response.text and "\x00" not in response.text


async def test_a_deeply_nested_answer_is_a_rows_rejection(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given: nesting as deep as the JSON parser accepts (1,000 levels), written by hand
    row = orjson.dumps(setup.row(1, answers={"destination": "school", "other_text": "NESTED"}))
    row = row.replace(b'"NESTED"', b"[" * 1000 + b'"x"' + b"]" * 1000)
    body = b"[" + row + b"," + orjson.dumps(setup.row(2)) + b"]"
    # when
    response = await client.post(
        setup.batch_url, content=body, headers={**integrator, "content-type": "application/json"}
    )
    # then
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["rejected", "created"]

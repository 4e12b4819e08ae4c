"""The codebook of a wave over REST: what to send (instrument versions, questions with types,
choices, required consents) and the formats each type accepts, visible as the wave is."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path

import httpx
import openpyxl
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Role
from koko_shared.demo_regions import BOERDE
from koko_shared.testing.identity import TestTokens
from koko_surveys.demo.instruments import INTAKE, VERBLEIB
from koko_surveys.graphql.schema import schema
from koko_surveys.instrument.questions import QuestionType

from .conftest import MAGDEBURG, QUESTIONS, Setup, create_setup

DOCS = Path(__file__).resolve().parents[3] / "docs" / "surveys-ingest.md"


def _codebook_url(setup: Setup, wave_id: object | None = None) -> str:
    return f"/v1/studies/{setup.study.id}/waves/{wave_id or setup.wave2.id}/codebook"


async def test_the_codebook_lists_versions_questions_choices_and_consents(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # when
    response = await client.get(_codebook_url(setup), headers=integrator)
    # then
    assert response.status_code == 200, response.text
    book = response.json()
    assert book["wave"]["code"] == "w2"
    assert book["batchPath"] == setup.url(setup.wave2)
    [version] = book["instrumentVersions"]
    assert version["reference"] == setup.version
    questions = {q["name"]: q for q in version["questions"]}
    assert list(questions) == [q["name"] for q in QUESTIONS]
    assert questions["destination"]["required"] is True
    assert questions["destination"]["type"] == "select_one"
    assert [c["code"] for c in questions["destination"]["choices"]] == [
        "school",
        "training",
        "work",
        "prep",
        "other",
    ]
    assert questions["destination"]["label"] == {"de": "Verbleib", "en": "Destination"}
    assert (questions["satisfaction"]["minimum"], questions["satisfaction"]["maximum"]) == (1, 5)
    assert questions["other_text"]["relevant"] == "${destination} = 'other'"
    assert book["consents"]["required"] == ["participation"]
    assert [c["code"] for c in book["cohorts"]] == ["2024"]
    # the formats ingest reads, per type
    assert "DD.MM.YYYY: 03.04.2024" in book["types"]["date"]["formats"]
    assert any("WAHR" in f for f in book["types"]["boolean"]["formats"])
    assert any("w, weiblich" in f for f in book["types"]["sex"]["formats"])
    assert set(book["types"]) >= {t.value for t in QuestionType} | {"datetime", "sex"}


async def test_the_codebook_names_the_waves_own_required_consents(
    sessionmaker: async_sessionmaker[AsyncSession], client: httpx.AsyncClient, tokens: TestTokens
) -> None:
    # given a follow-up wave that needs the panel consent
    setup = await create_setup(sessionmaker, wave2_consents=["participation", "panel_follow_up"])
    headers = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),))
    # when
    book = (await client.get(_codebook_url(setup), headers=headers)).json()
    # then
    assert book["consents"]["required"] == ["panel_follow_up", "participation"]


async def test_the_codebook_as_csv_has_a_line_per_question_and_choice(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # when
    response = await client.get(_codebook_url(setup), params={"format": "csv"}, headers=integrator)
    # then: a CSV German Excel opens (BOM, semicolons)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["instrument_version", "question", "type"]
    destination = [r for r in rows[1:] if r[1] == "destination"]
    assert [(r[4], r[5]) for r in destination][:2] == [
        ("Verbleib", "school"),
        ("Verbleib", "training"),
    ]
    [date_row] = [r for r in rows[1:] if r[1] == "interview_date"]
    assert "DD.MM.YY" in date_row[7]


async def test_the_codebook_as_xlsx_has_questions_formats_and_consents(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # when
    response = await client.get(
        _codebook_url(setup),
        headers={
            **integrator,
            "accept": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        },
    )
    # then
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["codebook", "formats", "consents"]
    questions = [list(r) for r in book["codebook"].iter_rows(values_only=True)]
    assert [
        "verbleib@1",
        "destination",
        "select_one",
        "yes",
        "Verbleib",
        "training",
        "training",
    ] in [r[:7] for r in questions]
    formats = {r[0]: r[2] for r in book["formats"].iter_rows(min_row=2, values_only=True)}
    assert "WAHR" in formats["boolean"] and "DD.MM.YYYY" in formats["date"]
    assert [r[0] for r in book["consents"].iter_rows(min_row=2, values_only=True)] == [
        "participation"
    ]


async def test_the_codebook_is_visible_as_the_wave_is(
    client: httpx.AsyncClient, setup: Setup, tokens: TestTokens, integrator: dict[str, str]
) -> None:
    url = _codebook_url(setup)
    # anonymous and an integrator of another region: as if the study did not exist
    assert (await client.get(url)).status_code == 404
    elsewhere = tokens.for_role(Role.INTEGRATOR, BOERDE, studies=(str(setup.study.id),))
    assert (await client.get(url, headers=elsewhere)).status_code == 404
    # an analyst of the region sees it; an unknown wave is 404
    analyst = tokens.for_role(Role.ANALYST, MAGDEBURG)
    assert (await client.get(url, headers=analyst)).status_code == 200
    unknown = _codebook_url(setup, uuid.uuid4())
    response = await client.get(unknown, headers=integrator)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_every_question_type_the_demo_uses_is_documented_with_its_formats() -> None:
    # given the question types of the demo instruments
    demo_types = {question["type"] for question in [*VERBLEIB, *INTAKE]}
    assert {"boolean", "scale"} <= demo_types
    docs = DOCS.read_text()
    sdl = schema.as_str()
    # then every type (the demo's and all others) has its row in the formats table and is named
    # where GraphQL describes an instrument version's questions
    for kind in {t.value for t in QuestionType} | demo_types:
        assert f"| `{kind}` |" in docs, kind
        assert f" {kind}," in sdl or f" {kind})" in sdl or f"({kind}," in sdl, kind


async def test_the_codebook_of_a_public_study_is_public(
    sessionmaker: async_sessionmaker[AsyncSession], client: httpx.AsyncClient
) -> None:
    # given a study whose aggregates are public (so anyone sees it and its waves)
    setup = await create_setup(sessionmaker, aggregates_public=True)
    # when anyone asks
    response = await client.get(_codebook_url(setup))
    # then
    assert response.status_code == 200
    assert response.json()["instrumentVersions"][0]["reference"] == setup.version

"""Instrument versions from XLSForm files: questions, choices, labels, rules; immutable."""

from __future__ import annotations

import asyncio
import io
from datetime import date, timedelta
from uuid import UUID

import httpx
import openpyxl
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Role
from koko_shared.demo_regions import MAGDEBURG
from koko_shared.graphql.ids import local_id
from koko_shared.testing.identity import TestTokens
from koko_surveys.study import repository as study_repository
from koko_surveys.wave import service as wave_service

from .conftest import COORDINATOR, Setup, create_setup


def xlsform(
    *, broken: bool = False, version: str = "2025-01", extra_rows: list[list[str]] | None = None
) -> bytes:
    book = openpyxl.Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            "label::Deutsch (de)",
            "label::English (en)",
            "required",
            "constraint",
            "relevant",
        ]
    )
    survey.append(
        ["select_one destination", "destination", "Verbleib", "Destination", "yes", "", ""]
    )
    survey.append(["integer", "months", "Monate", "Months", "", ". >= 0 and . <= 36", ""])
    survey.append(["text", "other_text", "Sonstiges", "Other", "", "", "${destination} = 'other'"])
    survey.append(["range", "satisfaction", "Zufriedenheit", "Satisfaction", "", "", ""])
    if broken:
        survey.append(["geopoint", "where", "Wo", "Where", "", "", ""])
    for row in extra_rows or []:
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Deutsch (de)", "label::English (en)"])
    choices.append(["destination", "training", "Ausbildung", "Training"])
    choices.append(["destination", "other", "Sonstiges", "Other"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append(["Verbleib Nachbefragung", "verbleib_follow_up", version])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def test_an_xlsform_becomes_a_new_instrument_version(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # when
    first = await client.post(
        f"/v1/studies/{setup.study.id}/instruments",
        files={"file": ("form.xlsx", xlsform(), XLSX)},
        headers=integrator,
    )
    same_version = await client.post(
        f"/v1/studies/{setup.study.id}/instruments",
        files={"file": ("form.xlsx", xlsform(), XLSX)},
        headers=integrator,
    )
    second = await client.post(
        f"/v1/studies/{setup.study.id}/instruments",
        files={"file": ("form.xlsx", xlsform(version="2025-02"), XLSX)},
        headers=integrator,
    )
    # then: a form with an already imported version is refused, as ODK Central does
    assert first.status_code == 201, first.text
    body = first.json()
    assert same_version.status_code == 409
    assert same_version.json()["errors"][0]["field"] == "version"
    assert "verbleib_follow_up@1" in same_version.json()["title"]
    assert (
        body["reference"] == "verbleib_follow_up@1"
        and second.json()["reference"] == "verbleib_follow_up@2"
    )
    questions = {q["name"]: q for q in body["questions"]}
    assert (
        questions["destination"]["type"] == "select_one"
        and questions["destination"]["required"] is True
    )
    assert questions["destination"]["choices"][0] == {
        "code": "training",
        "label": {"de": "Ausbildung", "en": "Training"},
    }
    assert questions["months"]["constraint"] == ". >= 0 and . <= 36"
    assert questions["other_text"]["relevant"] == "${destination} = 'other'"
    assert questions["satisfaction"]["type"] == "scale"


async def test_an_unusable_xlsform_is_refused_with_its_problems(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # when
    unsupported = await client.post(
        f"/v1/studies/{setup.study.id}/instruments",
        files={"file": ("form.xlsx", xlsform(broken=True), XLSX)},
        headers=integrator,
    )
    garbage = await client.post(
        f"/v1/studies/{setup.study.id}/instruments",
        files={"file": ("form.xlsx", b"not a workbook", XLSX)},
        headers=integrator,
    )
    anonymous = await client.post(
        f"/v1/studies/{setup.study.id}/instruments", files={"file": ("form.xlsx", xlsform(), XLSX)}
    )
    # then
    assert unsupported.status_code == 422
    assert unsupported.json()["errors"][0]["field"] == "where"
    assert garbage.status_code == 422
    assert anonymous.status_code == 401


async def test_relevance_and_types_are_enforced_on_answers(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    rows = [
        setup.row(1, answers={"destination": "training", "other_text": "should be empty"}),
        setup.row(
            2,
            answers={
                "destination": "other",
                "other_text": "Freiwilligendienst",
                "languages": ["de", "ar"],
                "interview_date": "2025-03-01",
                "satisfaction": 4,
                "hours": 12.5,
                "seeking_course": True,
            },
        ),
        setup.row(3, answers={"age": 17}),
        setup.row(
            4,
            answers={
                "destination": "training",
                "satisfaction": 9,
                "languages": ["xx"],
                "interview_date": "yesterday",
                "unknown": 1,
            },
        ),
    ]
    # when
    results = (await client.post(setup.batch_url, json=rows, headers=integrator)).json()["results"]
    # then
    assert [r["status"] for r in results] == ["rejected", "created", "rejected", "rejected"]
    assert results[0]["errors"][0]["code"] == "NOT_RELEVANT"
    assert results[2]["errors"][0] == {
        "field": "answers.destination",
        "code": "REQUIRED",
        "message": "'destination' is required",
    }
    assert {e["field"] for e in results[3]["errors"]} == {
        "answers.satisfaction",
        "answers.languages",
        "answers.interview_date",
        "answers.unknown",
    }


async def test_regex_constraints_and_notes_are_supported(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given: a postcode with a regex() constraint and a note
    form = xlsform(
        extra_rows=[
            ["note", "intro", "Danke für Ihre Teilnahme", "Thank you", "", "", ""],
            ["text", "postcode", "PLZ", "Postcode", "", "regex(., '[0-9]{5}')", ""],
        ]
    )
    # when
    published = await client.post(
        f"/v1/studies/{setup.study.id}/instruments",
        files={"file": ("form.xlsx", form, XLSX)},
        headers=integrator,
    )
    # then
    assert published.status_code == 201, published.text
    questions = {q["name"]: q for q in published.json()["questions"]}
    assert questions["intro"]["type"] == "note"
    assert questions["intro"]["label"] == {"de": "Danke für Ihre Teilnahme", "en": "Thank you"}
    assert questions["postcode"]["constraint"] == "regex(., '[0-9]{5}')"
    # and answers are checked against them
    reference = published.json()["reference"]
    url = await _wave_with(
        sessionmaker, setup, local_id(published.json()["id"], "InstrumentVersion")
    )
    rows = [
        setup.row(1, instrumentVersion=reference, answers=_answers(postcode="39104")),
        setup.row(2, instrumentVersion=reference, answers=_answers(postcode="3910")),
        setup.row(3, instrumentVersion=reference, answers=_answers(intro="ok")),
    ]
    response = await client.post(url, json=rows, headers=integrator)
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["created", "rejected", "rejected"], results
    assert results[1]["errors"][0]["code"] == "CONSTRAINT"
    assert results[2]["errors"][0] == {
        "field": "answers.intro",
        "code": "NOT_ANSWERABLE",
        "message": "'intro' is a note: it takes no answer",
    }


def _answers(**extra: str) -> dict[str, str]:
    return {"destination": "training", **extra}


async def _wave_with(
    sessionmaker: async_sessionmaker[AsyncSession], setup: Setup, version_id: UUID
) -> str:
    """A new open wave of the study that uses this instrument version; its batch URL."""
    today = date.today()
    async with sessionmaker() as session, session.begin():
        study = await study_repository.get(session, setup.study.id)
        assert study is not None
        wave = await wave_service.create_wave(
            session,
            COORDINATOR,
            study,
            code="w3",
            label="Welle 3",
            position=3,
            reference_date=today,
            field_opens_date=today - timedelta(days=1),
            field_closes_date=today + timedelta(days=30),
            instrument_version_ids=[version_id],
        )
    return setup.url(wave)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [
                ["begin_repeat", "children", "Kinder", "Children", "", "", ""],
                ["integer", "child_age", "Alter", "Age", "", "", ""],
                ["end_repeat", "", "", "", "", "", ""],
            ],
            "repeat group 'children' (survey sheet, row 6)",
        ),
        (
            [["text", "code", "Code", "Code", "", "regex(., '(a+)+$')", ""]],
            "nested repetition",
        ),
    ],
    ids=["repeat group", "exponential regex"],
)
async def test_what_cannot_be_supported_is_refused_naming_where(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    rows: list[list[str]],
    message: str,
) -> None:
    # when
    response = await client.post(
        f"/v1/studies/{setup.study.id}/instruments",
        files={"file": ("form.xlsx", xlsform(extra_rows=rows), XLSX)},
        headers=integrator,
    )
    # then
    assert response.status_code == 422
    assert message in str(response.json()["errors"])


async def test_a_repeat_group_in_a_csv_xlsform_is_refused_naming_its_line(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given: an XLSForm saved as CSV (every sheet in one file, pyxform's CSV layout)
    form = (
        "survey,,,\n"
        ",type,name,label\n"
        ",text,code,Code\n"
        ",begin_repeat,children,Kinder\n"
        ",integer,child_age,Alter\n"
        ",end_repeat,,\n"
        "settings,,,\n"
        ",form_title,version,\n"
        ",Verbleib,2031-01,\n"
    )
    # when
    response = await client.post(
        f"/v1/studies/{setup.study.id}/instruments",
        files={"file": ("form.csv", form.encode(), "text/csv")},
        headers=integrator,
    )
    # then: the line of `begin_repeat` in the file
    assert response.status_code == 422
    assert "repeat group 'children' (survey sheet, row 4)" in str(response.json()["errors"])


async def test_two_uploads_of_one_form_version_at_once_publish_it_once(
    committing_sessionmaker: async_sessionmaker[AsyncSession],
    committing_client: httpx.AsyncClient,
    tokens: TestTokens,
) -> None:
    # given: the instrument exists (its first version is published)
    setup = await create_setup(committing_sessionmaker)
    headers = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),))
    url = f"/v1/studies/{setup.study.id}/instruments"
    first = await committing_client.post(
        url, files={"file": ("form.xlsx", xlsform(), XLSX)}, headers=headers
    )
    assert first.status_code == 201, first.text
    # when: the next version is uploaded five times at the same moment
    responses = await asyncio.gather(
        *(
            committing_client.post(
                url,
                files={"file": ("form.xlsx", xlsform(version="2025-02"), XLSX)},
                headers=headers,
            )
            for _ in range(5)
        )
    )
    # then
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409, 409]

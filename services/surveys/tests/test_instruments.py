"""Instrument versions from XLSForm files: questions, choices, labels, rules; immutable."""

from __future__ import annotations

import io

import httpx
import openpyxl

from .conftest import Setup


def xlsform(*, broken: bool = False) -> bytes:
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
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Deutsch (de)", "label::English (en)"])
    choices.append(["destination", "training", "Ausbildung", "Training"])
    choices.append(["destination", "other", "Sonstiges", "Other"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append(["Verbleib Nachbefragung", "verbleib_follow_up", "2025-01"])
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
    second = await client.post(
        f"/v1/studies/{setup.study.id}/instruments",
        files={"file": ("form.xlsx", xlsform(), XLSX)},
        headers=integrator,
    )
    # then
    assert first.status_code == 201, first.text
    body = first.json()
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
    assert results[0]["errors"][0]["code"] == "not_relevant"
    assert results[2]["errors"][0] == {
        "field": "answers.destination",
        "code": "required",
        "message": "'destination' is required",
    }
    assert {e["field"] for e in results[3]["errors"]} == {
        "answers.satisfaction",
        "answers.languages",
        "answers.interview_date",
        "answers.unknown",
    }

"""Surveys answer bad input in the request language: a REST problem (instrument upload, export),
the rows of a batch, a GraphQL mutation and a GraphQL query. Codes and fields stay the same in
every language; a REST problem without Accept-Language stays English."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from koko_shared.auth.actor import Role
from koko_shared.graphql.ids import to_global_id
from koko_shared.i18n import SERVED_LANGUAGES, translate
from koko_shared.testing.identity import TestTokens
from koko_surveys.instrument.cell_formats import FORMATS, accepted
from koko_surveys.instrument.questions import QuestionSpec, validation_error

from .conftest import MAGDEBURG, Setup
from .exports import export


def _language(headers: dict[str, str], language: str) -> dict[str, str]:
    return {**headers, "Accept-Language": language}


async def _graphql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_rest_problem_is_written_in_the_language_the_client_asks_for(
    client: httpx.AsyncClient, setup: Setup, tokens: TestTokens
) -> None:
    # given: a PDF sent as an XLSForm
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    url = f"/v1/studies/{setup.study.id}/instruments"
    files = {"file": ("form.pdf", b"%PDF-1.7", "application/pdf")}
    # when
    german = await client.post(url, files=files, headers=_language(coordinator, "de-DE"))
    arabic = await client.post(url, files=files, headers=_language(coordinator, "fr, ar;q=0.8"))
    plain = await client.post(url, files=files, headers=coordinator)
    # then: the same problem in German, Arabic and (without the header) English
    for response in (german, arabic, plain):
        assert response.status_code == 422
        assert response.json()["type"] == "urn:koko:problem:BAD_USER_INPUT"
        assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
            ("file", "BAD_USER_INPUT")
        ]
    assert german.json()["title"] == "erwartet wird eine XLSForm-Datei (.xlsx, .xls oder .csv)"
    assert german.headers["content-language"] == "de"
    assert arabic.json()["errors"][0]["message"] == (
        "المتوقع ملف XLSForm \u200f(.xlsx أو .xls أو .csv)"
    )
    assert arabic.headers["content-language"] == "ar"
    assert plain.json()["title"] == "expected an XLSForm file (.xlsx, .xls or .csv)"


async def test_a_request_fastapi_refuses_has_its_title_in_the_language(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # when: a mode the batch does not know
    response = await client.post(
        setup.batch_url,
        params={"mode": "sometimes"},
        json=[setup.row(1)],
        headers=_language(integrator, "tr"),
    )
    # then
    assert response.status_code == 422 and response.headers["content-language"] == "tr"
    assert response.json()["title"] == "İstek geçerli değil"
    assert response.json()["errors"][0]["field"] == "mode"


async def test_an_export_refusal_names_the_waves_in_german(
    client: httpx.AsyncClient, setup: Setup, analyst: dict[str, str]
) -> None:
    # when
    unknown_wave = await export(client, setup.study.id, _language(analyst, "de"), wave="w9")
    # then
    assert unknown_wave.status_code == 422
    assert unknown_wave.json()["errors"][0]["field"] == "wave"
    assert unknown_wave.json()["title"] == (
        "keine Erhebungswelle 'w9' in dieser Erhebung: eine von w1, w2"
    )


async def test_the_rows_of_a_batch_are_answered_in_german(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given: an age sent as text, an unknown field, a pseudonym that is a raw id
    rows = [
        setup.row(1, answers={"destination": "training", "age": "19"}),
        setup.row(2, extra=1),
        setup.row(3, subject="raw-id-4711"),
        setup.row(4, attributes={"regionArs": MAGDEBURG, "sex": "weibl."}),
    ]
    german = _language(integrator, "de")
    # when
    partial = await client.post(setup.batch_url, json=rows, headers=german)
    atomic = await client.post(
        setup.batch_url, params={"mode": "atomic"}, json=rows, headers=german
    )
    # then: each row's error in German, with its English code and field
    assert partial.status_code == 200 and partial.headers["content-language"] == "de"
    errors = [r["errors"] for r in partial.json()["results"]]
    assert errors == [
        [
            {
                "field": "answers.age",
                "code": "INVALID_VALUE",
                "message": "erwartet wird eine ganze Zahl (eine JSON-Ganzzahl), erhalten: "
                "eine Zeichenkette",
            }
        ],
        [{"field": "extra", "code": "UNKNOWN_FIELD", "message": "unbekanntes Feld 'extra'"}],
        [
            {
                "field": "subject",
                "code": "INVALID_PSEUDONYM",
                "message": "subject muss HMAC-SHA256(K1, normalisierte Kennung) als 64 "
                "kleingeschriebene Hex-Zeichen sein; rohe oder unverschlüsselte Kennungen werden "
                "abgelehnt",
            }
        ],
        [
            {
                "field": "attributes.sex",
                "code": "BAD_USER_INPUT",
                "message": "erwartet wird ein Geschlecht (f, w, weiblich; m, männlich; d, divers; "
                "x, ohne Angabe)",
            }
        ],
    ]
    # and the refused atomic batch too, nothing stored
    assert atomic.status_code == 422
    assert atomic.json()["type"] == "urn:koko:problem:BATCH_REJECTED"
    assert atomic.json()["title"] == (
        "4 von 4 Zeilen fehlerhaft; im atomaren Modus wurde nichts gespeichert"
    )
    assert [r["errors"] for r in atomic.json()["results"]] == errors


async def test_a_graphql_mutation_error_is_answered_in_arabic(
    client: httpx.AsyncClient, setup: Setup, tokens: TestTokens
) -> None:
    # given: a choice question without choices, and a note that would be required
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    mutation = """mutation($i: InstrumentPublishInput!) { instrumentPublish(input: $i) {
      instrumentVersion { id } errors { field path code message } } }"""
    questions = [
        {"name": "q1", "type": "select_one", "label": {"de": "Frage"}},
        {"name": "hinweis", "type": "note", "required": True},
        {"type": "text", "required": "maybe"},
    ]
    variables = {
        "i": {
            "studyId": to_global_id("Study", setup.study.id),
            "code": "fb",
            "questions": questions,
        }
    }
    # when
    arabic = await _graphql(client, mutation, variables, _language(coordinator, "ar"))
    english = await _graphql(client, mutation, variables, _language(coordinator, "en"))
    # then
    payload = arabic["data"]["instrumentPublish"]
    assert payload["instrumentVersion"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("questions.0", "BAD_USER_INPUT"),
        ("questions.1", "BAD_USER_INPUT"),
        ("questions.2", "BAD_USER_INPUT"),
        ("questions.2", "BAD_USER_INPUT"),
    ]
    assert [e["message"] for e in payload["errors"]] == [
        "يحتاج السؤال 'q1' من النوع select_one إلى قائمة خيارات",
        "الملاحظة 'hinweis' لا تقبل إجابة: لا يمكن جعلها مطلوبة أو تقييدها",
        "name: هذا الحقل مطلوب",
        "required: يجب أن يكون true أو false",
    ]
    assert [e["message"] for e in english["data"]["instrumentPublish"]["errors"]] == [
        "question 'q1' of type select_one needs a choice list",
        "note 'hinweis' takes no answer: it cannot be required or constrained",
        "name: this field is required",
        "required: must be true or false",
    ]


async def test_an_analytics_query_error_is_answered_in_arabic_and_ukrainian(
    client: httpx.AsyncClient, setup: Setup, analyst: dict[str, str]
) -> None:
    # given
    query = """query($s: ID!, $w: ID!) { indicator(studyId: $s, code: "nope", waveId: $w) {
      total { denominator } } }"""
    variables = {
        "s": to_global_id("Study", setup.study.id),
        "w": to_global_id("Wave", setup.wave1.id),
    }
    # when
    arabic = await _graphql(client, query, variables, _language(analyst, "ar"))
    ukrainian = await _graphql(client, query, variables, _language(analyst, "uk"))
    # then
    for body in (arabic, ukrainian):
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert arabic["errors"][0]["message"] == "لا يوجد مؤشر 'nope' في هذه الدراسة"
    assert ukrainian["errors"][0]["message"] == "у цьому дослідженні немає індикатора 'nope'"


def test_the_accepted_formats_named_in_a_message_are_translated() -> None:
    # given: the formats a refused cell names; those written in notation alone stay as they are
    notation = {"YYYY-MM-DD: 2024-04-03", "DD.MM.YYYY: 03.04.2024", "DD.MM.YY: 03.04.24"}
    # then: every other one reads differently in every served language but English
    for kind, texts in FORMATS.items():
        for text in texts:
            for language in SERVED_LANGUAGES:
                shown = translate(text, language)
                assert (shown == text) == (language == "en" or text in notation), (kind, language)
    assert accepted("boolean").message_in("uk").startswith("так: true, WAHR, ja, yes, x, 1; ні: ")


async def test_a_refused_graphql_batch_is_answered_in_arabic(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given: an atomic batch with a raw id as pseudonym in its second row
    mutation = """mutation($s: ID!, $w: ID!, $rows: [SubmissionInput!]!) {
      submissionsIngest(studyId: $s, waveId: $w, submissions: $rows, mode: ATOMIC) {
        results { errors { field code message } } errors { field code message } } }"""
    variables = {
        "s": to_global_id("Study", setup.study.id),
        "w": to_global_id("Wave", setup.wave1.id),
        "rows": [setup.row(1), setup.row(2, subject="raw-id-4711")],
    }
    # when
    body = await _graphql(client, mutation, variables, _language(integrator, "ar"))
    # then: the whole batch's refusal and the row's error in Arabic
    payload = body["data"]["submissionsIngest"]
    assert payload["errors"] == [
        {
            "field": "submissions",
            "code": "BATCH_REJECTED",
            "message": "فشل 1 من 2 صفوف؛ لم يُخزَّن شيء في الوضع الذري",
        }
    ]
    assert payload["results"][1]["errors"][0]["code"] == "INVALID_PSEUDONYM"
    assert payload["results"][1]["errors"][0]["message"].startswith("يجب أن يكون subject قيمة")


async def test_a_rest_request_with_bad_parameters_is_refused_in_the_request_language(
    client: httpx.AsyncClient, setup: Setup, analyst: dict[str, str]
) -> None:
    # given: a file format the codebook has not, and a language tag over 8 characters
    url = f"/v1/studies/{setup.study.id}/waves/{setup.wave1.id}/codebook"
    params = {"format": "pdf", "language": "klingon-x"}
    # when
    german = await client.get(url, params=params, headers=_language(analyst, "de"))
    arabic = await client.get(url, params=params, headers=_language(analyst, "ar"))
    plain = await client.get(url, params=params, headers=analyst)
    # then: pydantic's refusals of each field in the caller's language, English without it
    for response in (german, arabic, plain):
        assert response.status_code == 422, response.text
        assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
            ("format", "BAD_USER_INPUT"),
            ("language", "BAD_USER_INPUT"),
        ]
    assert [e["message"] for e in german.json()["errors"]] == [
        "muss einer dieser Werte sein: 'json', 'csv', 'xlsx'",
        "darf höchstens 8 Zeichen haben",
    ]
    assert [e["message"] for e in arabic.json()["errors"]] == [
        "يجب أن يكون إحدى القيم: 'json', 'csv', 'xlsx'",
        "يجب ألا يتجاوز 8 حرفًا",
    ]
    assert [e["message"] for e in plain.json()["errors"]] == [
        "must be one of 'json', 'csv', 'xlsx'",
        "must have at most 8 characters",
    ]


async def test_an_operation_over_a_limit_is_refused_in_the_request_language(
    client: httpx.AsyncClient, analyst: dict[str, str]
) -> None:
    # given: more aliases than allowed
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }"
    # when
    answers = [
        (await client.post("/graphql", json={"query": query}, headers=headers)).json()
        for headers in (_language(analyst, "de"), _language(analyst, "ar"), analyst)
    ]
    # then
    assert [body["errors"][0]["message"] for body in answers] == [
        "Die Operation verwendet 31 Aliasse; die Grenze liegt bei 30.",
        "تستخدم العملية 31 اسمًا مستعارًا؛ والحد الأقصى 30.",
        "Operation uses 31 aliases; the limit is 30.",
    ]
    assert {body["errors"][0]["extensions"]["code"] for body in answers} == {
        "OPERATION_LIMIT_EXCEEDED"
    }


def test_a_question_spec_refused_by_pydantic_names_where_in_the_shared_words() -> None:
    # given: a spec with a type that does not exist, no bands, a label that is no object and
    # an invalid name (the validator's own message)
    spec = {"name": "1x", "type": "slider", "bands": [], "label": "Frage"}
    # when
    with pytest.raises(ValidationError) as refused:
        QuestionSpec.model_validate(spec)
    errors = [validation_error(e, "questions.0") for e in refused.value.errors()]
    # then: every message in the request language, the field the question's
    assert {e.field for e in errors} == {"questions.0"}
    types = "'integer', 'decimal', 'text', 'select_one', 'select_multiple', 'date', 'boolean', "
    types += "'scale', 'note'"
    assert [e.message_in("de") for e in errors] == [
        "der Fragenname '1x' muss mit einem Buchstaben beginnen, gefolgt von Buchstaben, "
        "Ziffern oder _",
        f"type: muss einer dieser Werte sein: {types}",
        "label: muss ein Objekt sein",
        "bands: muss mindestens 1 Einträge haben",
    ]
    assert [e.message_in("en") for e in errors] == [
        "question name '1x' must be a letter followed by letters, digits or _",
        f"type: must be one of {types}",
        "label: must be an object",
        "bands: must have at least 1 entries",
    ]

"""The offers subgraph answers a refused request in the language the client asks for: the
operation limits, a query's bad argument and a REST request's bad parameters, each in German and
Arabic with Accept-Language and in English without it. Codes and fields stay the same."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

LANGUAGES = ({"accept-language": "de"}, {"accept-language": "ar"}, {})


async def _messages(client: httpx.AsyncClient, query: str, variables: Any = None) -> list[str]:
    """The first error's message for German, Arabic and no Accept-Language."""
    messages = []
    for headers in LANGUAGES:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        errors = response.json()["errors"]
        messages.append(errors[0]["message"])
    return messages


async def test_a_page_over_the_limit_is_refused_in_the_request_language(
    client: httpx.AsyncClient,
) -> None:
    # when
    messages = await _messages(client, "{ offers(first: 101) { edges { node { id } } } }")
    # then
    assert messages == [
        "Seitengröße 101 ist nicht erlaubt: `first` und `last` dürfen höchstens 100 und nicht "
        "negativ sein.",
        "حجم الصفحة 101 غير مسموح به: يجب ألا تتجاوز `first` و`last` القيمة 100 وألا تكون سالبة.",
        "Page size 101 is not allowed: `first` and `last` must be at most 100 and must not be "
        "negative.",
    ]


async def test_a_document_over_the_byte_and_token_limits_is_refused_in_the_request_language(
    client: httpx.AsyncClient,
) -> None:
    # when
    too_large = await _messages(client, "{ __typename } #" + "x" * 100_000)
    too_many_tokens = await _messages(client, "{ " + "a " * 6000 + "}")
    # then
    assert too_large == [
        "Das Dokument hat 100016 Bytes; die Grenze liegt bei 65536.",
        "يحتوي المستند على 100016 بايت؛ والحد الأقصى 65536.",
        "The document has 100016 bytes; the limit is 65536.",
    ]
    assert too_many_tokens == [
        "Syntaxfehler: Das Dokument enthält mehr als 5000 Tokens. Das Einlesen wurde abgebrochen.",
        "خطأ في الصياغة: يحتوي المستند على أكثر من 5000 رمز. أُوقف التحليل.",
        "Syntax Error: Document contains more than 5000 tokens. Parsing aborted.",
    ]


async def test_a_query_error_is_answered_in_the_request_language(
    client: httpx.AsyncClient,
) -> None:
    # given: a language filter that is no language tag
    query = """query($f: OfferFilter) { offers(first: 1, filter: $f) { edges { node { id } } } }"""
    # when
    messages = await _messages(client, query, {"f": {"languages": ["not a tag"]}})
    # then
    assert messages == [
        "'not a tag' ist kein Sprachkürzel",
        "'not a tag' ليس وسم لغة",
        "'not a tag' is not a language tag",
    ]


async def test_a_rest_request_with_bad_parameters_is_refused_in_the_request_language(
    client: httpx.AsyncClient,
) -> None:
    # when: a page number that is no number and a page size below 1
    answers = [
        await client.get("/hsds/services?page=abc&per_page=0", headers=headers)
        for headers in LANGUAGES
    ]
    # then: the title and every field's message in the language, fields and codes the same
    for response in answers:
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "urn:koko:problem:BAD_USER_INPUT"
        assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
            ("page", "BAD_USER_INPUT"),
            ("per_page", "BAD_USER_INPUT"),
        ]
    german, arabic, plain = (r.json() for r in answers)
    assert german["title"] == "Die Anfrage ist nicht gültig"
    assert [e["message"] for e in german["errors"]] == [
        "muss eine ganze Zahl sein",
        "muss mindestens 1 sein",
    ]
    assert [e["message"] for e in arabic["errors"]] == [
        "يجب أن يكون عددًا صحيحًا",
        "يجب أن يكون 1 على الأقل",
    ]
    assert [e["message"] for e in plain["errors"]] == [
        "must be a whole number",
        "must be at least 1",
    ]
    assert [r.headers["content-language"] for r in answers] == ["de", "ar", "en"]


NIL = "00000000-0000-0000-0000-000000000000"
REPORT = "/reports/language-courses?region=091620000000&month=2026-01"
MONITORING = f"/reports/monitoring?region=091620000000&study={NIL}&question=q"


@pytest.mark.parametrize(
    ("url", "status", "german", "english"),
    [
        (
            "/hsds/services?format=xml",
            422,
            "format muss json oder ndjson sein",
            "format must be json or ndjson",
        ),
        (
            "/hsds/services?postcode=12",
            422,
            "postcode muss fünf Ziffern haben",
            "postcode must have five digits",
        ),
        (
            "/hsds/services?modified_after=yesterday",
            422,
            "modified_after muss ein Datum oder Zeitpunkt nach ISO 8601 sein",
            "modified_after must be an ISO 8601 date or date-time",
        ),
        (
            "/hsds/services?taxonomy_term_id=" + "x" * 201,
            422,
            "taxonomy_term_id darf höchstens 200 Zeichen haben",
            "taxonomy_term_id must be at most 200 characters",
        ),
        ("/hsds/services/nope", 422, "id muss eine UUID sein", "id must be a UUID"),
        (
            f"/hsds/services/{NIL}",
            404,
            "kein veröffentlichtes Angebot mit dieser ID",
            "no published service with this id",
        ),
        (
            f"/hsds/organizations/{NIL}",
            404,
            "keine Organisation mit veröffentlichten Angeboten hat diese ID",
            "no organization with published services has this id",
        ),
        ("/hsds/taxonomies/nope", 404, "keine Taxonomie hat diese ID", "no taxonomy has this id"),
        (
            f"/hsds/service_at_locations/{NIL}",
            404,
            "kein veröffentlichtes Angebot an einem Ort hat diese ID",
            "no published service at a location has this id",
        ),
        (
            "/feeds/course-starts.ics?region=099999999999",
            404,
            "die Region 099999999999 gibt es nicht",
            "region 099999999999 does not exist",
        ),
        (
            "/feeds/course-starts.ics?region=091620000000&lang=not%20a%20tag",
            422,
            "'not a tag' ist kein Sprachkürzel",
            "'not a tag' is not a language tag",
        ),
        (
            f"/offers/{NIL}.jsonld",
            404,
            "kein veröffentlichtes Angebot mit dieser ID",
            "no published offer with this id",
        ),
        (
            "/reports/language-courses?region=091620000000&month=2026-13",
            422,
            "month muss die Form JJJJ-MM (YYYY-MM) haben",
            "month must look like YYYY-MM",
        ),
        (
            REPORT + "&format=doc",
            422,
            "format muss html, pdf, xlsx oder csv sein",
            "format must be html, pdf, xlsx or csv",
        ),
        (
            MONITORING + "&format=doc",
            422,
            "format muss html oder pdf sein",
            "format must be html or pdf",
        ),
        (MONITORING + "&lang=fr", 422, "lang muss de oder en sein", "lang must be de or en"),
        (
            MONITORING,
            401,
            "der Monitoringbericht ist für die Koordinierenden der Region",
            "the monitoring report is for the region's coordinators",
        ),
    ],
)
async def test_the_rest_feeds_and_reports_refuse_in_the_request_language(
    client: httpx.AsyncClient, url: str, status: int, german: str, english: str
) -> None:
    # when: the same refusal with Accept-Language: de and without the header
    answers = [
        await client.get(url, headers=headers) for headers in ({"accept-language": "de"}, {})
    ]
    # then: the problem's title and its error in German, and in English without the header
    for response, expected in zip(answers, (german, english), strict=True):
        assert response.status_code == status, response.text
        problem = response.json()
        assert (problem["title"], problem["errors"][0]["message"]) == (expected, expected)

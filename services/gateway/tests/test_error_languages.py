"""The gateway refuses an operation in the language the client asks for (Accept-Language among
the served languages), English without it: the operation limits and its own request errors,
also when the refusal comes from its cache of prepared documents."""

from __future__ import annotations

import pytest
from conftest import GatewayClient

LANGUAGES = ({"accept-language": "de"}, {"accept-language": "ar"}, {})


async def _messages(gateway: GatewayClient, query: str, name: str | None = None) -> list[str]:
    messages = []
    for headers in LANGUAGES:
        response = await gateway.http.post(
            "/graphql", json={"query": query, "operationName": name}, headers=headers
        )
        assert response.status_code == 400, response.text
        messages.append(response.json()["errors"][0]["message"])
    return messages


async def test_a_page_over_the_limit_is_refused_in_the_request_language(
    gateway: GatewayClient,
) -> None:
    # when: the same document three times (the refusal is cached after the first)
    messages = await _messages(gateway, "{ products(first: 101) { id } }")
    # then
    assert messages == [
        "Seitengröße 101 ist nicht erlaubt: `first` und `last` dürfen höchstens 100 und nicht "
        "negativ sein.",
        "حجم الصفحة 101 غير مسموح به: يجب ألا تتجاوز `first` و`last` القيمة 100 وألا تكون سالبة.",
        "Page size 101 is not allowed: `first` and `last` must be at most 100 and must not be "
        "negative.",
    ]


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        (
            "query A { color } query B { color }",
            "C",
            [
                "Unbekannte Operation mit dem Namen 'C'.",
                "عملية غير معروفة باسم 'C'.",
                "Unknown operation named 'C'.",
            ],
        ),
        (
            "{ " + " ".join(f"a{i}: color" for i in range(31)) + " }",
            None,
            [
                "Die Operation verwendet 31 Aliasse; die Grenze liegt bei 30.",
                "تستخدم العملية 31 اسمًا مستعارًا؛ والحد الأقصى 30.",
                "Operation uses 31 aliases; the limit is 30.",
            ],
        ),
    ],
)
async def test_the_gateways_own_refusals_are_in_the_request_language(
    gateway: GatewayClient, query: str, name: str | None, expected: list[str]
) -> None:
    assert await _messages(gateway, query, name) == expected


@pytest.mark.parametrize(
    ("query", "variables", "german", "english"),
    [
        (
            "{ products { nam } }",
            None,
            "Das Feld 'nam' gibt es im Typ 'Product' nicht. Meinten Sie 'name'?",
            "Cannot query field 'nam' on type 'Product'. Did you mean 'name'?",
        ),
        (
            "query($id: ID!) { product(id: $id) { name } }",
            {},
            "Die Variable '$id' vom erforderlichen Typ 'ID!' wurde nicht angegeben.",
            "Variable '$id' has invalid value: Expected a value of non-null type 'ID!' to be "
            "provided.",
        ),
        (
            "{ products { name }",
            None,
            "Syntaxfehler: Erwartet wurde Name, gefunden wurde <EOF>.",
            "Syntax Error: Expected Name, found <EOF>.",
        ),
    ],
    ids=["validation", "variables", "syntax"],
)
async def test_graphql_cores_own_messages_are_in_the_request_language(
    gateway: GatewayClient,
    query: str,
    variables: dict[str, object] | None,
    german: str,
    english: str,
) -> None:
    # when: German asked for, and no Accept-Language (English, as graphql-core writes it)
    answers = [
        await gateway.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        for headers in ({"accept-language": "de"}, {})
    ]
    # then
    assert [a.json()["errors"][0]["message"] for a in answers] == [german, english]

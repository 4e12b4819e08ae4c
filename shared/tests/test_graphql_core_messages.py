"""graphql-core's own messages in the request language: each message is produced by graphql-core
itself (parse, validate, coerce variables), so a graphql-core upgrade that rewords one of the
templates of koko_shared.graphql.core_messages fails here."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLError, build_schema, parse, validate
from graphql.execution.values import get_variable_values

from koko_shared.graphql.core_messages import core_message

SCHEMA = build_schema(
    """
    type Query { product(id: ID!): Product, products(first: Int): [Product!]! }
    type Product { name: String, price: Int }
    """
)


def _messages(document: str, variables: dict[str, Any] | None = None) -> list[str]:
    """What graphql-core says of `document`: its syntax error, validation errors, or the
    errors of coercing `variables`."""
    try:
        parsed = parse(document)
    except GraphQLError as error:
        return [error.message]
    found = [e.message for e in validate(SCHEMA, parsed)]
    if found or variables is None:
        return found
    definitions = parsed.definitions[0].variable_definitions  # type: ignore[attr-defined]
    coerced = get_variable_values(SCHEMA, definitions, variables)
    return [e.message for e in coerced] if isinstance(coerced, list) else []


@pytest.mark.parametrize(
    ("document", "variables", "english", "german"),
    [
        (
            "{ produkt { name } }",
            None,
            "Cannot query field 'produkt' on type 'Query'. Did you mean 'product' or 'products'?",
            "Das Feld 'produkt' gibt es im Typ 'Query' nicht. Meinten Sie 'product', 'products'?",
        ),
        (
            "{ products { name price cost } }",
            None,
            "Cannot query field 'cost' on type 'Product'.",
            "Das Feld 'cost' gibt es im Typ 'Product' nicht.",
        ),
        (
            "{ products(frist: 1) { name } }",
            None,
            "Unknown argument 'frist' on field 'Query.products'. Did you mean 'first'?",
            "Unbekanntes Argument 'frist' am Feld 'Query.products'. Meinten Sie 'first'?",
        ),
        (
            "{ product { name } }",
            None,
            "Argument 'Query.product(id:)' of type 'ID!' is required, but it was not provided.",
            "Das Argument 'Query.product(id:)' vom Typ 'ID!' ist erforderlich, wurde aber nicht "
            "angegeben.",
        ),
        (
            "query($n: String) { products(first: $n) { name } }",
            None,
            "Variable '$n' of type 'String' used in position expecting type 'Int'.",
            "Die Variable '$n' vom Typ 'String' steht an einer Stelle, die den Typ 'Int' erwartet.",
        ),
        (
            "query($id: ID!) { product(id: $id) { name } }",
            {},
            "Variable '$id' has invalid value: Expected a value of non-null type 'ID!' to be "
            "provided.",
            "Die Variable '$id' vom erforderlichen Typ 'ID!' wurde nicht angegeben.",
        ),
        (
            "query($id: ID!) { product(id: $id) { name } }",
            {"id": None},
            "Variable '$id' has invalid value: Expected value of non-null type 'ID!' not to be "
            "None.",
            "Die Variable '$id' vom Typ 'ID!' darf nicht null sein.",
        ),
        (
            "query($n: Int) { products(first: $n) { name } }",
            {"n": "ten"},
            "Variable '$n' has invalid value: Int cannot represent non-integer value: 'ten'",
            "Die Variable '$n' hat einen ungültigen Wert 'ten': erwartet wird Int.",
        ),
        (
            "{ products { name }",
            None,
            "Syntax Error: Expected Name, found <EOF>.",
            "Syntaxfehler: Erwartet wurde Name, gefunden wurde <EOF>.",
        ),
        (
            "{ products { name } } }",
            None,
            "Syntax Error: Unexpected '}'.",
            "Syntaxfehler: '}' kommt hier unerwartet.",
        ),
    ],
    ids=[
        "unknown field, suggestions",
        "unknown field",
        "unknown argument",
        "missing argument",
        "variable in the wrong place",
        "variable not provided",
        "variable null",
        "variable of the wrong type",
        "syntax: expected",
        "syntax: unexpected",
    ],
)
def test_graphql_cores_message_is_rendered_from_its_template(
    document: str, variables: dict[str, Any] | None, english: str, german: str
) -> None:
    # given: graphql-core's own message (the pinned version's wording)
    (message,) = _messages(document, variables)
    assert message == english
    # then: German from the catalogue, English untouched
    assert core_message(message, "de") == german
    assert core_message(message, "en") == english


def test_every_served_language_renders_and_unmatched_messages_stay() -> None:
    message = "Cannot query field 'cost' on type 'Product'."
    assert core_message(message, "ar") == "لا يمكن الاستعلام عن الحقل 'cost' في النوع 'Product'."
    assert core_message(message, "uk") == "Не можна запитати поле 'cost' у типу 'Product'."
    # a message no template knows stays as graphql-core wrote it
    (unused,) = _messages("query($n: Int) { products { name } }")
    assert core_message(unused, "de") == unused == "Variable '$n' is never used."

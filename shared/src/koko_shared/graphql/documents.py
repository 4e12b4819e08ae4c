"""Parsing a client's GraphQL document within the limits, and what the parsed document weighs.

The weight is what a cache holding the document (and its text as the key) is charged: linear in
the text and in the tokens (comments included), with constants measured for graphql-core's AST
on its worst shapes (`shared/tests/test_graphql_documents.py` checks them against tracemalloc).
"""

from __future__ import annotations

import sys

from graphql import DocumentNode
from graphql.language.parser import Parser

# Bytes per token beyond the text: without locations an AST node with its name, arguments and
# tuples (measured at most ~270); with locations also the token objects of the linked list the
# nodes keep alive, comments included (measured at most ~600).
BYTES_PER_TOKEN = 400
BYTES_PER_TOKEN_WITH_LOCATIONS = 800


def parse_document(
    query: str, *, max_tokens: int, locations: bool = False
) -> tuple[DocumentNode, int]:
    """The document and its weight in bytes with `query` as the key. Raises GraphQLError for a
    syntax error or more than `max_tokens` tokens (comments count). Without locations the AST
    keeps neither the text nor its tokens, which is what a long-lived cache wants."""
    parser = Parser(query, no_location=not locations, max_tokens=max_tokens)
    document = parser.parse_document()
    # Names and values are slices of the text (at most its length again); with locations the
    # token values, comments included, are slices too.
    per_token = BYTES_PER_TOKEN_WITH_LOCATIONS if locations else BYTES_PER_TOKEN
    text = len(query.encode("utf-8", "surrogatepass"))
    weight = sys.getsizeof(query) + text * (2 if locations else 1) + parser.token_count * per_token
    return document, weight

"""Which GraphQL requests may read from the replica (koko_shared.database.read_replica): only
those that cannot write; anything unclear stays on the primary."""

from __future__ import annotations

import orjson
import pytest

from koko_shared.database.read_replica import reads_only


def post(document: object) -> bytes:
    return orjson.dumps({"query": document})


@pytest.mark.parametrize(
    ("method", "body", "expected"),
    [
        ("GET", b"", True),
        ("POST", post("{ offers { totalCount } }"), True),
        ("POST", post("query A { a } query B { b }"), True),
        ("POST", post("mutation { offerCreate { id } }"), False),
        ("POST", post("query A { a } mutation B { b }"), False),
        ("POST", post("subscription { changes }"), False),
        ("POST", post("{ unclosed"), False),
        ("POST", post("fragment F on Offer { id }"), False),
        ("POST", post(None), False),
        ("POST", b"not json", False),
        ("POST", b"[1, 2]", False),
        ("POST", post("{ a }" + " " * 30_000), True),  # long documents are not cached
    ],
)
def test_only_requests_that_cannot_write_read_from_the_replica(
    method: str, body: bytes, expected: bool
) -> None:
    assert reads_only(method, body) is expected

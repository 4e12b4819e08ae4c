"""What a parsed document weighs (the charge in the byte-bounded caches) against what it really
holds (tracemalloc), on the AST shapes that cost graphql-core the most per token; the document
size limit counts comments and white space; the subgraphs' parse cache stays within its bytes."""

from __future__ import annotations

import contextlib
import gc
import tracemalloc
from collections.abc import Callable

import pytest
from graphql import GraphQLError

from koko_shared.graphql import limits_extension
from koko_shared.graphql.documents import parse_document
from koko_shared.graphql.limits import Limits, document_too_large


def _spread(count: int) -> str:
    fragments = " ".join(
        f"fragment F{i} on Product {{ id name sku reviews {{ body author {{ name }} }} }}"
        for i in range(count)
    )
    return "{ product { " + " ".join(f"...F{i}" for i in range(count)) + " } } " + fragments


SHAPES: dict[str, str] = {
    "fragments": _spread(40),
    "one field repeated": "{ " + " ".join(["id"] * 1_500) + " }",
    "aliases": "{ " + " ".join(f"a{i}: b" for i in range(500)) + " }",
    "list and object arguments": "{ f("
    + ", ".join(f"a{i}: [1, {{x: 3}}]" for i in range(150))
    + ") }",
    "variable definitions": "query Q("
    + " ".join(f"$v{i}: [Int!]! = [1]" for i in range(150))
    + ") { a }",
    "directives": "{ " + " ".join("a @include(if: $x) @skip(if: true)" for _ in range(150)) + " }",
    "inline fragments": "{ " + " ".join("... on T { a }" for _ in range(300)) + " }",
    "comments": "{ a }\n" + "# padding\n" * 1_600,
    "a long string": '{ f(t: "' + "x" * 20_000 + '") }',
    "a long block string": '{ f(t: """' + "x\n" * 10_000 + '""") }',
    "non-ASCII names and text": '{ f(t: "' + "ü€" * 3_000 + '") ' + "b " * 700 + "}",
}


def _held(make: Callable[[], object]) -> int:
    """Bytes still allocated after `make()` by `make` itself (other threads of the test process,
    such as test servers, are left out)."""
    gc.collect()
    tracemalloc.start(25)
    try:
        kept = make()
        gc.collect()
        snapshot = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    del kept
    this_file = tracemalloc.Filter(True, __file__, all_frames=True)
    return sum(stat.size for stat in snapshot.filter_traces([this_file]).statistics("filename"))


@pytest.mark.parametrize("locations", [False, True], ids=["no locations", "locations"])
@pytest.mark.parametrize("shape", SHAPES)
def test_the_weight_of_a_document_is_at_least_what_it_holds(shape: str, locations: bool) -> None:
    # given: a copy of the text, as a request would bring its own
    query = "".join(SHAPES[shape])
    # when
    _, weight = parse_document(query, max_tokens=10_000, locations=locations)
    held = _held(lambda: (query, parse_document(query, max_tokens=10_000, locations=locations)))
    # then: the charge covers the text and the document (counted from tracemalloc's zero: the
    # text was allocated before, so it is in the weight but not in `held`)
    assert weight >= held, f"{shape}: weighed {weight}, holds {held}"


def test_comments_count_toward_the_token_limit() -> None:
    with pytest.raises(GraphQLError, match="more than 5000 tokens"):
        parse_document("{ a }\n" + "#\n" * 5_000, max_tokens=5_000)


def test_comments_and_white_space_count_toward_the_document_size_limit() -> None:
    limits = Limits()  # 65,536 bytes
    padded_by_comment = "{ a } #" + "x" * 100_000
    padded_by_space = "{ a" + " " * 100_000 + "}"
    assert str(document_too_large(padded_by_comment, limits)) == (
        "The document has 100007 bytes; the limit is 65536."
    )
    assert document_too_large(padded_by_space, limits) is not None
    assert document_too_large("{ a }" + " " * 60_000, limits) is None
    # UTF-8 bytes, not characters: 30,000 euro signs are 90,000 bytes
    assert document_too_large("{ a } #" + "€" * 30_000, limits) is not None


def test_the_subgraph_parse_cache_stays_within_its_bytes_under_a_flood(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: a small parse cache, as the subgraphs keep one per process
    budget = 4 * 1024 * 1024
    cache = limits_extension.ByteLru[object](budget)
    monkeypatch.setattr(limits_extension, "_parsed", cache)
    # when: 300 distinct documents of 60 kB arrive (each weighs ~180 kB with its tokens and
    # locations), a third of them not parsing
    for number in range(300):
        broken = "{" if number % 3 == 0 else ""
        query = f"{{ a{number} }}{broken} # " + "x" * 60_000
        with contextlib.suppress(GraphQLError):
            limits_extension.cached_parse(query, 5_000)
        # then
        assert cache.bytes <= budget
    assert 10 <= len(cache) <= 40
    assert all(not key[0].endswith("{") for key in cache._entries)  # failures are not kept

"""The operation limits are linear in the document: fragments are measured once, a fragment
bomb is judged in milliseconds, and introspection does not count like data."""

from __future__ import annotations

import time

from graphql import (
    FragmentDefinitionNode,
    OperationDefinitionNode,
    get_introspection_query,
    parse,
)

from koko_shared.graphql.limits import Limits, OperationShape, check, measure


def fragment_bomb(levels: int = 24) -> str:
    """Issue 8.1: each fragment spreads the one before twice, so expanding it costs 2^levels."""
    fragments = ["fragment F0 on Offer { id }"]
    fragments += [
        f"fragment F{i} on Offer {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)
    ]
    return f"{{ offers(first: 1) {{ edges {{ node {{ ...F{levels} }} }} }} }} {' '.join(fragments)}"


def shape_of(query: str, variables: dict[str, object] | None = None) -> OperationShape:
    document = parse(query, max_tokens=Limits().max_tokens)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return measure(operation, fragments, Limits(), variables)


def test_the_fragment_bomb_is_judged_in_milliseconds_and_refused() -> None:
    # given
    query = fragment_bomb()
    # when
    started = time.perf_counter()
    problems = check(shape_of(query), Limits(), {})
    elapsed = time.perf_counter() - started
    # then: its real cost (2^24 fields) is known without expanding it
    assert elapsed < 0.05, f"judging took {elapsed * 1000:.1f} ms"
    # offers 1 + edges 1 + node 1 + 2^24 copies of `id`
    assert [str(p) for p in problems] == [
        "Estimated operation cost 16777219 exceeds the limit of 20000."
    ]


def test_aliases_in_a_fragment_count_every_time_it_is_spread() -> None:
    query = (
        "{ a: offers { ...A } b: offers { ...A } c: offers { ...A } } "
        "fragment A on Offer { " + " ".join(f"x{i}: id" for i in range(10)) + " }"
    )
    assert shape_of(query).aliases == 3 + 3 * 10


def test_depth_and_cost_through_fragments_match_the_expanded_operation() -> None:
    fragmented = (
        "{ offers(first: 20) { ...O } } fragment O on Offer { id runs(first: 5) { ...R } } "
        "fragment R on Run { id place { id } }"
    )
    expanded = "{ offers(first: 20) { id runs(first: 5) { id place { id } } } }"
    assert shape_of(fragmented).cost == shape_of(expanded).cost == 1 + 20 * (2 + 5 * 3)
    assert shape_of(fragmented).depth == shape_of(expanded).depth == 4


def test_fragment_cycles_do_not_hang() -> None:
    shape = shape_of("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A color }")
    assert shape.cost == 1


def test_the_standard_introspection_query_passes_the_limits() -> None:
    # given: the query GraphiQL, Apollo Sandbox and codegen send (issue 10)
    query = get_introspection_query(descriptions=True)
    # when
    shape = shape_of(query)
    # then
    assert check(shape, Limits(), {}) == []
    assert shape.depth == 0  # no data field at all


def test_nested_introspection_member_lists_are_refused() -> None:
    query = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    problems = check(shape_of(query), Limits(), {})
    assert len(problems) == 1 and "Introspection nests 3 member lists" in str(problems[0])


def test_entity_representations_are_limited_as_literals_and_as_variables() -> None:
    # given
    literal = (
        "{ _entities(representations: ["
        + ", ".join(f'{{__typename: "Offer", id: "{i}"}}' for i in range(3))
        + "]) { ... on Offer { id } } }"
    )
    variable = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Offer { id } } }"
    many = [{"__typename": "Offer", "id": str(i)} for i in range(5_000)]
    # when
    small = [str(p) for p in check(shape_of(literal), Limits(max_entities=2), {})]
    large = [str(p) for p in check(shape_of(variable, {"r": many}), Limits(), {"r": many})]
    # then
    assert small == ["3 entity representations in one request; the limit is 2."]
    assert "5000 entity representations in one request; the limit is 2000." in large


def test_page_sizes_from_variables_are_checked_with_their_values() -> None:
    shape = shape_of("query($n: Int) { offers(first: $n) { id } }")
    assert check(shape, Limits(), {"n": 100}) == []
    assert "Page size 101" in str(check(shape, Limits(), {"n": 101})[0])


def test_entity_type_conditions_are_alternatives_not_a_sum() -> None:
    query = (
        "query($r: [_Any!]!) { _entities(representations: $r) { __typename "
        "... on Offer { id title } ... on Region { ars supply { level freeSeats } } } }"
    )
    representations = [{"__typename": "Offer", "id": "1"}] * 100
    shape = shape_of(query, {"r": representations})
    # per item: __typename 1 + the dearest alternative (Region: ars 1 + supply 1 + 2 = 4), not
    # the sum of both alternatives (Offer 2 + Region 4)
    assert shape.cost == 1 + 100 * (1 + 4)


def test_connection_edges_count_the_page_once() -> None:
    shape = shape_of("{ offers(first: 100) { totalCount edges { node { id runs { id } } } } }")
    # offers 1 + 100 x (totalCount 1 + edges 1 + node 1 + id 1 + runs (1 + 10 x id 1))
    assert shape.cost == 1 + 100 * (1 + 1 + 1 + 1 + (1 + 10))

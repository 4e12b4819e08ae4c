"""Relay pagination in both directions: `first`/`after` and `last`/`before` walk the same list,
page boundaries included, with pageInfo per the Relay spec; bad combinations are one clear
error."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Given, GraphQL

OFFERS_SHOWING = """
query ($first: Int, $after: String, $last: Int, $before: String, $filter: OfferFilter,
       $orderBy: OfferOrder) {
  offers(first: $first, after: $after, last: $last, before: $before, filter: $filter,
         orderBy: $orderBy) {
    edges { cursor node { id title NODE } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
OFFERS = OFFERS_SHOWING.replace("NODE", "")
# A page asked for its offers' relations reads them in its own statement (offer.related).
OFFERS_WITH_RELATIONS = OFFERS_SHOWING.replace(
    "NODE", "provider { name } location { city } nextStart"
)


async def _walk(graphql: GraphQL, query: str, field: str, backward: bool, **args: Any) -> list[str]:
    """Every node id, page by page (3 per page), in list order whichever the direction."""
    seen: list[list[str]] = []
    cursor: str | None = None
    for _ in range(20):
        variables = {**args, ("last" if backward else "first"): 3}
        if cursor is not None:
            variables["before" if backward else "after"] = cursor
        body = await graphql(query, variables)
        assert "errors" not in body, body
        connection = body["data"][field]
        edges, info = connection["edges"], connection["pageInfo"]
        page = [edge["node"]["id"] for edge in edges]
        if edges:
            assert info["startCursor"] == edges[0]["cursor"]
            assert info["endCursor"] == edges[-1]["cursor"]
        # Rows on the far side of the cursor exist exactly when a cursor was given.
        assert info["hasNextPage" if backward else "hasPreviousPage"] == (cursor is not None)
        seen.append(page)
        if not info["hasPreviousPage" if backward else "hasNextPage"]:
            break
        cursor = info["startCursor" if backward else "endCursor"]
    pages = seen[::-1] if backward else seen
    return [node for page in pages for node in page]


async def _catalogue(given: Given) -> None:
    provider = await given.provider()
    for index, title in enumerate(
        ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta"]
    ):
        location = await given.location(provider, lat=52.13 + index * 0.001, lon=11.63)
        offer = await given.offer(f"Sprachkurs {title}", provider=provider, location=location)
        if index % 3:
            await given.run(offer, starts_in_days=10 + index % 4)


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"orderBy": "UPDATED_AT"},
        {"orderBy": "NEXT_START"},
        {"filter": {"search": "Sprachkurs"}},
        {"filter": {"near": {"lat": 52.13, "lon": 11.63, "radiusKm": 20}}, "orderBy": "DISTANCE"},
    ],
    ids=["title", "updated", "next-start", "relevance", "distance"],
)
@pytest.mark.parametrize("query", [OFFERS, OFFERS_WITH_RELATIONS], ids=["plain", "relations"])
async def test_forward_and_backward_walks_return_the_same_offers(
    given: Given, graphql: GraphQL, arguments: dict[str, Any], query: str
) -> None:
    # given: eight offers, three per page
    await _catalogue(given)
    # when
    forward = await _walk(graphql, query, "offers", backward=False, **arguments)
    backward = await _walk(graphql, query, "offers", backward=True, **arguments)
    everything = await graphql(query, {"first": 100, **arguments})
    # then: both directions see every offer once, in the same order
    expected = [e["node"]["id"] for e in everything["data"]["offers"]["edges"]]
    assert len(expected) == 8
    assert forward == expected
    assert backward == expected


async def test_last_and_before_across_a_page_boundary(given: Given, graphql: GraphQL) -> None:
    # given
    await _catalogue(given)
    first_page = await graphql(OFFERS, {"first": 4})
    end = first_page["data"]["offers"]["pageInfo"]["endCursor"]
    second_page = await graphql(OFFERS, {"first": 4, "after": end})
    start_of_second = second_page["data"]["offers"]["pageInfo"]["startCursor"]
    # when: the two offers just before the second page
    before = await graphql(OFFERS, {"last": 2, "before": start_of_second})
    # then: they are the last two of the first page, in list order
    titles = [e["node"]["title"] for e in first_page["data"]["offers"]["edges"]]
    assert [e["node"]["title"] for e in before["data"]["offers"]["edges"]] == titles[2:]
    assert before["data"]["offers"]["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": True,
        "startCursor": first_page["data"]["offers"]["edges"][2]["cursor"],
        "endCursor": end,
    }


PROVIDERS = """
query ($first: Int, $after: String, $last: Int, $before: String) {
  providers(first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""

COURSE_RUNS = """
query ($first: Int, $after: String, $last: Int, $before: String) {
  courseRuns(first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


@pytest.mark.parametrize(
    ("query", "field"), [(PROVIDERS, "providers"), (COURSE_RUNS, "courseRuns")]
)
async def test_other_connections_page_backwards_too(
    given: Given, graphql: GraphQL, query: str, field: str
) -> None:
    # given: seven providers with a run each
    for index in range(7):
        provider = await given.provider(f"Träger {index}")
        offer = await given.offer(f"Kurs {index}", provider=provider)
        await given.run(offer, starts_in_days=5 + index)
    # when
    forward = await _walk(graphql, query, field, backward=False)
    backward = await _walk(graphql, query, field, backward=True)
    # then
    assert len(forward) == 7
    assert backward == forward


@pytest.mark.parametrize(
    ("variables", "field", "message"),
    [
        ({"first": 2, "last": 2}, "last", "either first or last"),
        ({"last": 101}, "last", "at most 100"),
        ({"last": -1}, "last", "must not be negative"),
        ({"first": 2, "before": "WyJ4Il0"}, "first", "use last with before"),
        ({"last": 2, "after": "WyJ4Il0"}, "after", "use first with after"),
        ({"last": 2, "before": "nope"}, "before", "cursor is not valid"),
    ],
)
async def test_bad_pagination_arguments_are_one_clear_error(
    given: Given, graphql: GraphQL, variables: dict[str, Any], field: str, message: str
) -> None:
    # given
    await given.offer("Sprachkurs")
    # when
    body = await graphql(OFFERS, variables)
    # then
    # no data for a refused request (a limit), null data or a null field for an execution error
    assert body.get("data") is None or body["data"]["offers"] is None
    [error] = body["errors"]
    assert message in error["message"]
    assert field in error["message"] or error.get("extensions", {}).get("field") == field

"""A page of offers fetches the provider, location and next start it is asked for in the
page's own statement (offer.related), with the answers the dataloaders give one offer at a time;
texts in German need no statement at all."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date, timedelta
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import Given, GraphQL, gid

FINDER_NODE = "id title provider { name } location { city } nextStart"

Statements = Callable[[], AsyncIterator[list[str]]]


def recording(engine: AsyncEngine) -> Callable[[], Any]:
    @asynccontextmanager
    async def statements() -> AsyncIterator[list[str]]:
        sent: list[str] = []

        def record(*args: Any) -> None:
            if "SAVEPOINT" not in args[2].upper():  # the test's own transaction
                sent.append(args[2])

        event.listen(engine.sync_engine, "before_cursor_execute", record)
        try:
            yield sent
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", record)

    return statements


async def twenty_offers(given: Given) -> list[Any]:
    """20 offers of 5 providers: with and without a location, with upcoming, past, cancelled
    and finished runs or none."""
    offers = []
    providers = [await given.provider(f"Träger {p}") for p in range(5)]
    locations = [await given.location(provider) for provider in providers]
    for index in range(20):
        provider = providers[index % 5]
        offer = await given.offer(
            f"Kurs {index:02}",
            provider=provider,
            location=locations[index % 5] if index % 4 else None,
        )
        if index % 3 == 0:
            await given.run(offer, 5 + index, status="cancelled")
        if index % 3 != 2:
            await given.run(offer, 20 + index)
        await given.run(offer, -30, status="running")
        await given.run(offer, 3, status="finished")
        offers.append(offer)
    return offers


async def test_a_finder_page_of_20_offers_costs_one_statement(
    given: Given, graphql: GraphQL, engine: AsyncEngine
) -> None:
    # given
    offers = await twenty_offers(given)
    statements = recording(engine)
    # when
    async with statements() as sent:
        body = await graphql(f"{{ offers(first: 20) {{ edges {{ node {{ {FINDER_NODE} }} }} }} }}")
    # then: the page with its providers, locations and next starts
    assert "errors" not in body, body
    assert len(sent) == 1, sent
    assert "FROM provider" in sent[0] and "FROM location" in sent[0] and "course_run" in sent[0]
    nodes = [edge["node"] for edge in body["data"]["offers"]["edges"]]
    assert len(nodes) == 20
    # and every value is the one an offer resolved on its own (through the dataloaders) shows
    alone = await graphql(
        "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Offer { "
        f"{FINDER_NODE} }} }} }}",
        {"r": [{"__typename": "Offer", "id": node["id"]} for node in nodes]},
    )
    assert alone["data"]["_entities"] == nodes
    by_id = {node["id"]: node for node in nodes}
    first = by_id[gid("Offer", offers[0].id)]
    assert first["location"] is None  # offer 0 has none
    assert first["nextStart"] == str(date.today() + timedelta(days=20))  # not the cancelled run
    assert by_id[gid("Offer", offers[2].id)]["nextStart"] is None  # only past and finished runs
    assert by_id[gid("Offer", offers[1].id)]["provider"] == {"name": "Träger 1"}


async def test_a_search_page_reads_the_relations_with_its_offers_rows(
    given: Given, graphql: GraphQL, engine: AsyncEngine
) -> None:
    # given
    offers = await twenty_offers(given)
    statements = recording(engine)
    # when a page by relevance is asked for with the finder's relations
    async with statements() as sent:
        body = await graphql(
            f'{{ offers(first: 20, filter: {{search: "Kurs"}}) '
            f"{{ edges {{ node {{ {FINDER_NODE} }} }} }} }}"
        )
    # then the offers' rows come with their providers, locations and next starts: no statement
    # of their own for the relations
    assert "errors" not in body, body
    with_relations = [s for s in sent if "FROM provider" in s]
    assert len(with_relations) == 1, sent
    assert "FROM location" in with_relations[0] and "course_run" in with_relations[0]
    assert not [s for s in sent if "unnest" in s], sent
    nodes = {edge["node"]["id"]: edge["node"] for edge in body["data"]["offers"]["edges"]}
    assert len(nodes) == 20
    first = nodes[gid("Offer", offers[0].id)]
    assert first["location"] is None and first["provider"] == {"name": "Träger 0"}
    assert first["nextStart"] == str(date.today() + timedelta(days=20))


async def test_relations_asked_through_fragments_and_aliases_come_with_the_page(
    given: Given, graphql: GraphQL, engine: AsyncEngine
) -> None:
    # given
    await twenty_offers(given)
    query = """
    query { offers(first: 20) { edges { node { ...Card ... on Offer { starts: nextStart } } } } }
    fragment Card on Offer { id org: provider { name } ... { location { city } } }
    """
    statements = recording(engine)
    # when
    async with statements() as sent:
        body = await graphql(query)
    # then
    assert "errors" not in body, body
    assert len(sent) == 1, sent
    node = body["data"]["offers"]["edges"][0]["node"]
    assert set(node) == {"id", "org", "location", "starts"}
    assert node["org"]["name"].startswith("Träger")


async def test_only_the_relations_asked_for_are_fetched(
    given: Given, graphql: GraphQL, engine: AsyncEngine
) -> None:
    # given
    await twenty_offers(given)
    statements = recording(engine)
    # when only next starts are asked for
    async with statements() as starts_only:
        starts = await graphql("{ offers(first: 20) { edges { node { nextStart } } } }")
    # and when only texts in German are
    async with statements() as texts_only:
        texts = await graphql(
            "{ offers(first: 20) { edges { node { title description language "
            "translationState textDirection } } } }"
        )
    # then
    assert "errors" not in starts and "errors" not in texts
    assert len(starts_only) == 1, starts_only
    assert "course_run" in starts_only[0]
    assert "FROM provider" not in starts_only[0] and "FROM location" not in starts_only[0]
    assert len(texts_only) == 1, texts_only  # the page alone
    assert "course_run" not in texts_only[0]
    assert texts["data"]["offers"]["edges"][0]["node"] == {
        "title": "Kurs 00",
        "description": "",
        "language": "de",
        "translationState": "SOURCE",
        "textDirection": "ltr",
    }


async def test_texts_in_another_language_are_read_in_one_statement_for_the_page(
    given: Given, graphql: GraphQL, engine: AsyncEngine
) -> None:
    # given
    offers = await twenty_offers(given)
    await given.translation(offers[0], "uk", "title", "Курс 00")
    statements = recording(engine)
    # when
    async with statements() as sent:
        body = await graphql(
            "{ offers(first: 20) { edges { node { title translationState } } } }",
            headers={"Accept-Language": "uk"},
        )
    # then
    assert "errors" not in body, body
    assert len(sent) == 2, sent
    nodes = [edge["node"] for edge in body["data"]["offers"]["edges"]]
    assert nodes[0] == {"title": "Курс 00", "translationState": "UP_TO_DATE"}
    assert nodes[1] == {"title": "Kurs 01", "translationState": "MISSING"}


async def test_offer_entities_cost_one_statement_per_kind_however_many(
    given: Given, graphql: GraphQL, engine: AsyncEngine
) -> None:
    # given 20 offers; the gateway asks for one (with a location), then for all of them with
    # that one twice
    offers = await twenty_offers(given)
    statements = recording(engine)
    query = (
        "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Offer { "
        f"{FINDER_NODE} }} }} }}"
    )

    async def entities(wanted: list[Any]) -> tuple[list[Any], list[str]]:
        representations = [{"__typename": "Offer", "id": gid("Offer", o.id)} for o in wanted]
        async with statements() as sent:
            body = await graphql(query, {"r": representations})
        assert "errors" not in body, body
        return body["data"]["_entities"], list(sent)

    # when
    one, for_one = await entities(offers[1:2])
    many, for_many = await entities([*offers, offers[1]])
    # then: offers, providers, locations and next starts are a statement each, as for one offer
    assert [e["id"] for e in many] == [gid("Offer", o.id) for o in [*offers, offers[1]]]
    assert many[1] == many[-1] == one[0]
    assert len(for_many) == len(for_one) <= 4, for_many

"""A keyset page of offers and the providers and locations fetched with it are read as plain
rows (offer.records, koko_shared.database.driver_statements), not ORM entities, and show every
value the ORM rows behind `_entities` show."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.dialects.postgresql import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine

from koko_offers.location.models import Location
from koko_offers.offer.models import Offer
from koko_offers.provider.models import Provider
from koko_shared.database.driver_statements import DriverStatement

from .conftest import Given, GraphQL

NODE = """id title status format regionArs targetGroups minAge maxAge residenceStatuses
instructionLanguages supportLanguages costOptions childcare url contactEmail contactPhone
lastConfirmedAt updatedAt version eligibilityNote feeNote nextStart
provider { id name kind regionArs website email phone description }
location { id name street postalCode city lat lon barrierFree appointmentOnly
           openingHours { weekday opens closes } }"""


@contextmanager
def orm_loads() -> Iterator[list[str]]:
    """The ORM entities of offers, providers and locations loaded meanwhile."""
    loaded: list[str] = []
    listeners = []
    for model in (Offer, Provider, Location):

        def load(target: Any, _context: Any, name: str = model.__name__) -> None:
            loaded.append(name)

        event.listen(model, "load", load)
        listeners.append((model, load))
    try:
        yield loaded
    finally:
        for model, load in listeners:
            event.remove(model, "load", load)


async def test_a_page_and_its_relations_load_no_orm_entities_and_show_the_same_values(
    given: Given, graphql: GraphQL, engine: AsyncEngine
) -> None:
    # given offers with every kind of value, a location with opening hours (JSON)
    provider = await given.provider("Träger mit Webseite")
    provider.website, provider.email = "https://example.org", "info@example.org"
    location = await given.location(provider, postal_code="39104")
    location.opening_hours = [{"weekday": 1, "opens": "08:00", "closes": "12:30"}]
    await given.offer(
        "Deutsch B1",
        provider=provider,
        location=location,
        target_groups=["adults", "women"],
        instruction_languages=["de", "ar"],
        cost_options=["bamf"],
        min_age=18,
        fee_note="kostenlos",
    )
    await given.offer("Alphabetisierung", provider=provider)
    query = f"{{ offers(first: 5) {{ edges {{ node {{ {NODE} }} }} }} }}"
    await graphql(query)  # the first request of a filter's shape finds its statement
    sent: list[tuple[str, bool]] = []

    def record(*args: Any) -> None:
        if "SAVEPOINT" not in args[2].upper():  # the test's own transaction
            sent.append((args[2], args[4].compiled is None))

    # when
    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        with orm_loads() as loaded:
            body = await graphql(query)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    # then
    assert "errors" not in body, body
    assert loaded == []
    # the page with its relations: one statement sent as SQL text, compiled once (not per
    # request)
    assert [as_text for _, as_text in sent] == [True], sent
    assert "FROM provider" in sent[0][0]
    nodes = [edge["node"] for edge in body["data"]["offers"]["edges"]]
    assert [n["title"] for n in nodes] == ["Alphabetisierung", "Deutsch B1"]
    assert nodes[1]["location"]["openingHours"] == [
        {"weekday": 1, "opens": "08:00", "closes": "12:30"}
    ]
    # and the same values as the ORM rows the dataloaders read for `_entities`
    with orm_loads() as loaded_alone:
        alone = await graphql(
            "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Offer { "
            f"{NODE} }} }} }}",
            {"r": [{"__typename": "Offer", "id": n["id"]} for n in nodes]},
        )
    assert loaded_alone  # (the comparison goes through the ORM)
    assert alone["data"]["_entities"] == nodes


def test_an_in_list_gets_a_placeholder_per_value_and_the_later_ones_move_on() -> None:
    table = Offer.__table__  # type: ignore[attr-defined]
    statement = select(table.c.id).where(
        table.c.title == "Kurs", table.c.status.in_(["draft"]), table.c.format == "online"
    )
    driver = DriverStatement.of(statement, asyncpg.dialect())  # type: ignore[no-untyped-call]
    assert driver is not None
    (status,) = driver.expanding
    given = {status: ["draft", "published", "archived"]}
    sql = driver.text(given)
    assert sql is not None
    assert "offer.status IN ($2, $3, $4)" in sql and "offer.format = $5" in sql, sql
    assert driver.values(given) == ("Kurs", "draft", "published", "archived", "online")
    assert driver.text({status: []}) is None  # SQLAlchemy's own rendering of an empty list


@pytest.mark.parametrize("given_values", [{}, {"title_1": "Kurs"}])
def test_values_not_given_are_the_compiled_ones(given_values: dict[str, Any]) -> None:
    table = Offer.__table__  # type: ignore[attr-defined]
    statement = select(table.c.id).where(table.c.title == "Kurs A", table.c.version == 3)
    driver = DriverStatement.of(statement, asyncpg.dialect())  # type: ignore[no-untyped-call]
    assert driver is not None
    assert "$1" in driver.sql and "$2" in driver.sql
    assert driver.values(given_values) == (given_values.get("title_1", "Kurs A"), 3)

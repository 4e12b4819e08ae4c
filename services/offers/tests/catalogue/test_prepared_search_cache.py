"""Prepared searches kept per vocabulary version (`offer.search_text_cache`, migration 0018): a
repeated search is prepared by one statement, with the same results; a change of the synonyms,
the code-list labels or the dictionary is seen by the next search of every process, since each
checks the version the database holds (two apps with engines of their own on one committed
database; the changes are made by one app's mutation or by SQL on a connection of its own)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from koko_offers.app import SPEC
from koko_offers.offer.search_text import prepare_search
from koko_offers.offer.search_text_cache import PREPARED_SEARCHES, PreparedSearches
from koko_offers.settings import OffersSettings
from koko_shared.auth.actor import Role
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.demo_regions import MAGDEBURG
from koko_shared.testing.database import fresh_database
from koko_shared.testing.identity import TestTokens

from .conftest import Given, app_client, assert_bound_is_a_setting
from .test_offer_page_round_trips import round_trips

SEARCH = """
query ($search: String) {
  offers(first: 20, filter: {search: $search}) { totalCount edges { node { title } } }
}
"""
CREATE_SYNONYM = """
mutation ($input: SearchSynonymCreateInput!) {
  searchSynonymCreate(input: $input) { errors { field code } }
}
"""
VERSION = text("SELECT version FROM search_vocabulary")


@dataclass
class Served:
    """Two offers apps, each with an engine of its own, on one database; and a third engine
    for changes neither app makes."""

    first: httpx.AsyncClient
    second: httpx.AsyncClient
    other: AsyncEngine

    async def execute(self, sql: str) -> None:
        async with self.other.begin() as connection:
            await connection.execute(text(sql))


@pytest.fixture
async def served(settings: OffersSettings) -> AsyncIterator[Served]:
    async with fresh_database("offers_prepared_search", SPEC.migrations_dir) as url:
        engines = [create_engine(url, pool_size=1) for _ in range(3)]
        try:
            maker = create_sessionmaker(engines[2])
            async with maker() as session, session.begin():
                given = Given(session)
                await given.offer("Jobcoaching am Abend", category="vocational_orientation")
                await given.offer("Bewerbungswerkstatt für Geflüchtete", category="vocational")
                await given.offer("Abendschule Nord", category="school")
                await given.offer("Deutsch lernen im Café", category="language_course")
            clients = [app_client(settings, engine, url) for engine in engines[:2]]
            async with clients[0] as first, clients[1] as second:
                yield Served(first, second, engines[2])
        finally:
            for engine in engines:
                await engine.dispose()


async def _titles(
    client: httpx.AsyncClient, search: str, sent: list[str] | None = None
) -> list[str]:
    response = await client.post(
        "/graphql", json={"query": SEARCH, "variables": {"search": search}}
    )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return sorted(edge["node"]["title"] for edge in body["data"]["offers"]["edges"])


async def test_a_repeated_search_is_prepared_by_one_statement_with_the_same_results(
    served: Served,
) -> None:
    # given: a search asked once (prepared, and its statements prepared on the connection)
    first = await _titles(served.first, "Jobcoaching")
    # when it is asked again
    with round_trips() as sent:
        again = await _titles(served.first, "Jobcoaching")
    # then: the same offers, and its preparation is the statement that makes the plan
    # settings and reads the vocabulary's version: no synonym, label or dictionary lookup
    assert again == first == ["Jobcoaching am Abend"]
    assert sent[1].startswith("execute SELECT (SELECT version"), sent
    for table in ("search_synonym", "search_term", "category AS c"):
        assert not [s for s in sent if table in s], sent


async def test_a_synonym_created_in_one_process_is_seen_by_the_next_search_of_another(
    served: Served, tokens: TestTokens
) -> None:
    # given: the second app has prepared a search
    before = await _titles(served.second, "Jobcoaching")
    # when a coordinator teaches the search a phrase through the first app
    created = await served.first.post(
        "/graphql",
        json={
            "query": CREATE_SYNONYM,
            "variables": {
                "input": {
                    "language": "de",
                    "phrase": "Jobcoaching",
                    "expansion": "Bewerbungswerkstatt",
                }
            },
        },
        headers=tokens.for_role(Role.COORDINATOR, MAGDEBURG),
    )
    after = await _titles(served.second, "Jobcoaching")
    # then: the second app's next search reads the synonym
    assert created.json()["data"]["searchSynonymCreate"]["errors"] == []
    assert before == ["Jobcoaching am Abend"]
    assert after == ["Bewerbungswerkstatt für Geflüchtete", "Jobcoaching am Abend"]


async def test_a_synonym_deleted_by_sql_is_gone_from_the_next_search(served: Served) -> None:
    # given: a synonym, read by both apps' prepared searches
    await served.execute(
        "INSERT INTO search_synonym (id, language, phrase, expansion, weight, updated_at) VALUES "
        "(gen_random_uuid(), 'de', 'jobcoaching', 'bewerbungswerkstatt', 2, now())"
    )
    before = [await _titles(client, "Jobcoaching") for client in (served.first, served.second)]
    # when it is deleted on a connection neither app holds
    await served.execute("DELETE FROM search_synonym WHERE phrase = 'jobcoaching'")
    after = [await _titles(client, "Jobcoaching") for client in (served.first, served.second)]
    # then
    assert before == [["Bewerbungswerkstatt für Geflüchtete", "Jobcoaching am Abend"]] * 2
    assert after == [["Jobcoaching am Abend"]] * 2


async def test_a_changed_code_list_label_is_read_by_the_next_search(served: Served) -> None:
    # given: a search both apps have prepared, which names no label
    before = [await _titles(client, "Abendschule") for client in (served.first, served.second)]
    # when the language courses get a label in another language spelled like the search
    await served.execute(
        'UPDATE category SET label = label || \'{"tr": "Abendschule"}\' '
        "WHERE code = 'language_course'"
    )
    after = [await _titles(client, "Abendschule") for client in (served.first, served.second)]
    # then: the search reads the label as the German one ("Sprachkurse")
    assert before == [["Abendschule Nord"]] * 2
    assert after == [["Abendschule Nord", "Deutsch lernen im Café"]] * 2


async def test_a_word_no_offer_had_is_searched_as_typed_once_an_offer_has_it(
    served: Served,
) -> None:
    # given: a word no offer contains, corrected to the nearest known word
    before = await _titles(served.second, "Jobcoching")
    # when an offer with that very word is published (through the other engine)
    async with async_sessionmaker(served.other)() as session, session.begin():
        await Given(session).offer("Jobcoching für Eilige", category="vocational_orientation")
    after = await _titles(served.second, "Jobcoching")
    # then: the word is no typo any more
    assert before == ["Jobcoaching am Abend"]
    assert after == ["Jobcoching für Eilige"]


async def test_without_the_version_row_searches_are_prepared_every_time(served: Served) -> None:
    # given: the version row deleted (by hand), a search asked once
    await served.execute("DELETE FROM search_vocabulary")
    before = await _titles(served.first, "Jobcoaching")
    # when a synonym is added
    await served.execute(
        "INSERT INTO search_synonym (id, language, phrase, expansion, weight, updated_at) VALUES "
        "(gen_random_uuid(), 'de', 'jobcoaching', 'bewerbungswerkstatt', 2, now())"
    )
    after = await _titles(served.first, "Jobcoaching")
    # then: the search works, and reads the synonym
    assert before == ["Jobcoaching am Abend"]
    assert after == ["Bewerbungswerkstatt für Geflüchtete", "Jobcoaching am Abend"]


@pytest.mark.parametrize(
    ("change", "changes_version"),
    [
        (
            "INSERT INTO search_synonym (id, language, phrase, expansion, weight, updated_at) "
            "VALUES (gen_random_uuid(), 'de', 'kita', 'kindergarten', 2, now())",
            True,
        ),
        ("UPDATE search_synonym SET weight = weight + 1", True),
        ("DELETE FROM search_synonym WHERE phrase = 'deutschkurs'", True),
        ("UPDATE category SET label = label || '{\"tr\": \"Okul\"}' WHERE code = 'school'", True),
        ('UPDATE course_type SET label = label || \'{"tr": "Kurs"}\'', True),
        ("DELETE FROM search_term WHERE term = 'jobcoaching'", True),
        ("INSERT INTO search_term (term) VALUES ('zwischenwort')", False),
        ("UPDATE category SET position = position", False),
    ],
)
async def test_what_a_search_is_prepared_from_changes_the_version(
    served: Served, change: str, changes_version: bool
) -> None:
    # given
    async with served.other.connect() as connection:
        before = (await connection.execute(VERSION)).scalar_one()
    # when
    await served.execute(change)
    # then
    async with served.other.connect() as connection:
        after = (await connection.execute(VERSION)).scalar_one()
    assert (after != before) is changes_version


async def test_a_search_after_a_write_in_its_transaction_is_not_kept(served: Served) -> None:
    # given: a transaction that adds an offer with a new word, searches for it, and rolls back
    cache = PreparedSearches()
    maker = async_sessionmaker(served.other)
    async with maker() as session, session.begin():
        await Given(session).offer("Jobcoching für Eilige", category="vocational_orientation")
        within = await prepare_search(session, "Jobcoching", cache)
        await session.rollback()
    # when the search is prepared again after the rollback
    async with maker() as session, session.begin():
        after = await prepare_search(session, "Jobcoching", cache)
    # then: the word the rollback took back is corrected again
    assert within is not None and within.corrections == ()
    assert after is not None and after.corrections == (("jobcoching", "jobcoaching"),)


async def test_a_flood_of_different_searches_stays_within_the_bound(served: Served) -> None:
    # given: a cache of 24 kB (a search weighs a few kB) and searches of known words in
    # every order, each a different key
    words = ["jobcoaching", "abend", "bewerbungswerkstatt", "abendschule", "nord", "deutsch"]
    searches = [f"{a} {b} {c}" for a in words for b in words for c in words if len({a, b, c}) == 3]
    cache = PreparedSearches()
    cache.configure(24 * 1024)
    maker = async_sessionmaker(served.other)
    # when: all 120 are prepared
    async with maker() as session, session.begin():
        for search in searches:
            await prepare_search(session, search, cache)
        # then: what is kept weighs no more than the bound, and the flood did not fit
        assert 0 < cache.bytes <= 24 * 1024
        assert 1 < len(cache) < len(searches)
        # and: the latest search is kept (one statement), the first one was dropped
        with round_trips() as latest:
            await prepare_search(session, searches[-1], cache)
        with round_trips() as first:
            await prepare_search(session, searches[0], cache)
    assert len(latest) == 1 < len(first), (latest, first)


def test_the_bound_is_a_setting(settings: OffersSettings) -> None:
    assert_bound_is_a_setting(settings, "prepared_search_cache_bytes", PREPARED_SEARCHES)

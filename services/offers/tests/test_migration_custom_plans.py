"""Migration 0020: every statement on the offers database is planned with its values. New
sessions start with `plan_cache_mode = force_custom_plan`, so a page by region alone (which
makes no plan settings of its own) stays planned with its region after the five runs that let
PostgreSQL switch a prepared statement to a generic plan; the migration goes down and up."""

from __future__ import annotations

import httpx
from sqlalchemy import text

from koko_offers.app import SPEC
from koko_offers.settings import OffersSettings
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.demo_regions import SACHSEN_ANHALT
from koko_shared.testing.database import fresh_database
from koko_shared.testing.migrations import migrated_database

from .catalogue.conftest import Given, app_client

BEFORE = "0019_location_area_index"
STATE_PAGE = (
    f'{{ offers(first: 10, orderBy: UPDATED_AT, filter: {{regionArs: "{SACHSEN_ANHALT}"}}) '
    "{ edges { node { id } } } }"
)
# The statements with values that read offers (a statement without values has only the one plan).
PLANS = text(
    "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) "
    "FROM pg_prepared_statements WHERE statement LIKE '%FROM offer%' "
    "AND cardinality(parameter_types) > 0"
)


MODE = "SHOW plan_cache_mode"


async def test_new_sessions_plan_with_their_values_down_and_up() -> None:
    async with migrated_database("offers", SPEC.migrations_dir) as database:
        steps = await database.down_and_up(BEFORE, MODE)
    # at head a new session plans every statement with its values; down, PostgreSQL's default
    # is back; up again, the database's
    assert steps == [("force_custom_plan",), ("auto",), ("force_custom_plan",)]


async def test_a_page_by_region_alone_is_never_planned_without_its_values(
    settings: OffersSettings,
) -> None:
    async with fresh_database("offers_custom_plans", SPEC.migrations_dir) as url:
        engine = create_engine(url, pool_size=1)
        try:
            maker = create_sessionmaker(engine)
            async with maker() as session, session.begin():
                given = Given(session)
                for n in range(12):
                    await given.offer(f"Sprachkurs {n}", category="language_course")
            # when the state's page by last update is asked for ten times on the one connection
            async with app_client(settings, engine, url) as client:
                for _ in range(10):
                    response: httpx.Response = await client.post(
                        "/graphql", json={"query": STATE_PAGE}
                    )
                    assert len(response.json()["data"]["offers"]["edges"]) == 10, response.text
            async with engine.connect() as connection:
                generic, custom = (await connection.execute(PLANS)).one()
        finally:
            await engine.dispose()
    # then: every run of its statements was planned with its values
    assert generic == 0 and custom >= 10, (generic, custom)

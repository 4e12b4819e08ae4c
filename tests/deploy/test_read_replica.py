"""Reads that tolerate lag go to the read replica (`OFFERS_DATABASE_READ_URL`), everything else to
the primary. Real PostgreSQL (a private cluster): the "replica" is a second role of the same
database that may only read (`default_transaction_read_only = on`, SELECT only), as a
CloudNativePG `-ro` service would be; the real app, its real lifespan and both engines."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings
from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.identity import IDENTITY_HEADER
from koko_shared.auth.identity_keys import identity_signer
from koko_shared.database.url import asyncpg_dsn, ensure_database
from koko_shared.demo_regions import MAGDEBURG
from koko_shared.settings import Environment
from koko_shared.testing.gateway_edge import gateway_client
from koko_shared.testing.throwaway_server import ThrowawayServer

pytestmark = pytest.mark.slow

READER = "koko_offers_reader"
SEARCH = {"query": "query { offers(first: 1) { totalCount } }"}
PUBLIC_READS = (
    "/hsds/services",
    "/hsds/organizations",
    "/hsds/service_at_locations",
    "/hsds/taxonomy_terms",
    "/feeds/offers.geojson",
    f"/feeds/course-starts.ics?region={MAGDEBURG}",
    f"/reports/language-courses?region={MAGDEBURG}&month=2026-12&format=csv",
)
CREATE = {
    "query": "mutation($input: ProviderCreateInput!) { providerCreate(input: $input) {"
    " provider { name } errors { code } } }",
    "variables": {"input": {"regionArs": MAGDEBURG, "name": "Bildungswerk", "kind": "VHS"}},
}


async def add_reader(server: ThrowawayServer) -> None:
    """A role that may only read the offers database: the stand-in for a replica."""
    url = server.url("koko_offers")
    await ensure_database(url)
    conn = await asyncpg.connect(**asyncpg_dsn(url))  # type: ignore[arg-type]
    try:
        await conn.execute(f"CREATE ROLE {READER} LOGIN")
        await conn.execute(f"ALTER ROLE {READER} SET default_transaction_read_only = on")
        # Tables created later by the migrations (as postgres) are readable by the reader.
        await conn.execute(
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {READER}"
        )
    finally:
        await conn.close()


Routed = Counter[str]


def counting(routed: Routed, name: str, maker: Callable[[], Any]) -> Callable[[], Any]:
    def make() -> Any:
        routed[name] += 1
        return maker()

    return make


@pytest.fixture
async def offers(
    server: ThrowawayServer, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, Any, Routed]]:
    await add_reader(server)
    settings = OffersSettings(
        environment=Environment.TEST,
        data_dir=tmp_path,
        database_url=server.url("koko_offers").render_as_string(hide_password=False),
        database_read_url=server.url("koko_offers")
        .set(username=READER)
        .render_as_string(hide_password=False),
        graphiql=False,
    )
    app = create_app(settings)
    routed: Routed = Counter()
    async with (
        app.router.lifespan_context(app),
        gateway_client(app, "offers", "http://offers.test") as client,
    ):
        replica = app.state.read_sessionmaker
        app.state.read_sessionmaker = counting(routed, "replica", replica)
        async with app.state.sessionmaker() as session, session.begin():
            await session.execute(
                text(
                    "INSERT INTO region (ars, name, level, parent_ars) VALUES"
                    " ('150000000000', 'Sachsen-Anhalt', 'state', NULL),"
                    f" ('{MAGDEBURG}', 'Magdeburg', 'district', '150000000000')"
                )
            )
        app.state.sessionmaker = counting(routed, "primary", app.state.sessionmaker)
        yield client, replica, routed


async def test_public_reads_go_to_the_replica_and_writes_to_the_primary(
    offers: tuple[httpx.AsyncClient, Any, Routed],
) -> None:
    client, _, routed = offers
    # when: an anonymous search and every public feed and report
    search = await client.post("/graphql", json=SEARCH)
    feeds = [await client.get(path) for path in PUBLIC_READS]
    # then: answered (none of them writes: the replica's transactions are READ ONLY), from the
    # replica only
    assert search.status_code == 200 and "errors" not in search.json(), search.text
    assert [(f.url.path, f.status_code) for f in feeds] == [
        (path.split("?")[0], 200) for path in PUBLIC_READS
    ]
    reads = 1 + len(PUBLIC_READS)
    assert routed == Counter(replica=reads)
    # when: a signed-in coordinator writes, then reads what they wrote
    coordinator = Actor("coordinator", (Grant(Role.COORDINATOR, MAGDEBURG),))
    signed = {IDENTITY_HEADER: identity_signer(client_settings(client)).sign(coordinator, "offers")}
    created = await client.post("/graphql", json=CREATE, headers=signed)
    read_back = await client.post(
        "/graphql",
        json={"query": "{ providers(first: 5) { edges { node { name } } } }"},
        headers=signed,
    )
    # then: both on the primary (the replica could not take the write, and may lag behind it)
    payload = created.json()["data"]["providerCreate"]
    assert payload == {"provider": {"name": "Bildungswerk"}, "errors": []}, created.text
    names = [e["node"]["name"] for e in read_back.json()["data"]["providers"]["edges"]]
    assert "Bildungswerk" in names, read_back.text
    assert routed == Counter(replica=reads, primary=2)
    # and: an anonymous mutation is not sent to the replica either
    await client.post("/graphql", json=CREATE)
    assert routed == Counter(replica=reads, primary=3)


async def test_the_replica_engine_is_read_only(
    offers: tuple[httpx.AsyncClient, Any, Routed],
) -> None:
    _, replica, _ = offers
    async with replica() as session:
        assert await session.scalar(text("SELECT current_user")) == READER
        assert await session.scalar(text("SHOW transaction_read_only")) == "on"
        with pytest.raises(DBAPIError, match="read-only transaction"):
            await session.execute(text("CREATE TABLE planted (id int)"))


def client_settings(client: httpx.AsyncClient) -> Any:
    return client._transport.inner.app.state.settings  # type: ignore[attr-defined]

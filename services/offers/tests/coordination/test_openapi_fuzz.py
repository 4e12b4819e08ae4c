"""schemathesis against the offers REST API over real HTTP, as an integrator or attacker runs
it: every phase and every check (`--checks all --mode all`), deterministic and bounded, with a
partner's credentials and real ids. Every answer must be documented (status, content type,
schema, headers), valid data accepted, invalid data refused, 405s carry `Allow`, no 5xx."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta

import httpx
import pytest
import uvicorn

from koko_offers.app import SPEC, create_app
from koko_offers.settings import OffersSettings
from koko_shared.auth.actor import Role
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.testing.database import fresh_database
from koko_shared.testing.identity import TestTokens
from koko_shared.testing.schemathesis_run import StatusCounter, run_schemathesis
from koko_shared.testing.waiting import wait_until

from .conftest import MAGDEBURG, Catalogue


@dataclass
class Live:
    base_url: str
    headers: dict[str, str]
    ids: dict[str, str]
    statuses: StatusCounter


def _wait_until_started(server: uvicorn.Server) -> None:
    wait_until(lambda: server.started, seconds=30, what="the fuzzed server started")


@pytest.fixture(scope="module")
async def live(settings: OffersSettings, tokens: TestTokens) -> AsyncIterator[Live]:
    # Its own database: the rows are committed and must not show up in other tests.
    async with fresh_database("offers_fuzz", SPEC.migrations_dir) as url:
        engine = create_engine(url, pool_size=2)
        async with create_sessionmaker(engine)() as session:
            catalogue = Catalogue(session)
            offer, _ = await catalogue.language_course(start=date.today() + timedelta(days=20))
            await session.commit()
        await engine.dispose()
        app = StatusCounter(
            create_app(
                settings.model_copy(
                    update={
                        "database_url": url.render_as_string(hide_password=False),
                        "webhook_dispatcher_enabled": False,
                        # hundreds of requests a minute from one client: the contract, not the limit
                        "rate_limit_per_minute": 0,
                        # the REST contract with the caller's token, not through the gateway
                        "development_direct_access": True,
                    }
                )
            )
        )
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        await asyncio.to_thread(_wait_until_started, server)
        port = server.servers[0].sockets[0].getsockname()[1]
        ids = {
            "service_id": str(offer.id),
            "offer_id": str(offer.id),
            "organization_id": str(offer.provider_id),
            "service_at_location_id": str(offer.id),
            "region": MAGDEBURG,
        }
        headers = tokens.for_role(Role.PARTNER, MAGDEBURG, subject="fuzzing-partner")
        yield Live(f"http://127.0.0.1:{port}", headers, ids, app)
        server.should_exit = True
        await asyncio.to_thread(thread.join, 10)


def test_schemathesis_with_every_check_finds_nothing(live: Live) -> None:
    # given: every REST operation of the published document, real ids and the demo region in
    # the generated positive cases (unknown, malformed and hostile ones in the negative cases)
    # when: schemathesis runs every phase with every check, positive and negative data
    run = run_schemathesis(
        f"{live.base_url}/openapi.json",
        headers=live.headers,
        parameters=live.ids,
        beyond_schema={
            "GET /webhooks/subscriptions": "`after`: an opaque cursor of an earlier page",
            "GET /webhooks/subscriptions/{subscription_id}/deliveries": "`after`: an opaque cursor "
            "of an earlier page",
        },
    )
    # then: no failure of any kind, on every operation, and requests got through to success
    assert run.failures == [], "\n\n".join(run.failures) + "\n" + run.output[-3000:]
    assert run.operations >= 20, run.output[-3000:]
    assert live.statuses.count(200, 299) >= 50, live.statuses.statuses
    assert live.statuses.count(400, 499) >= 50, live.statuses.statuses


async def test_the_openapi_states_limits_content_types_and_problems(
    client: httpx.AsyncClient,
) -> None:
    # when
    document = (await client.get("/openapi.json")).json()
    paths = document["paths"]
    # then: limits
    page = {p["name"]: p["schema"] for p in paths["/hsds/services"]["get"]["parameters"]}
    assert any(s.get("maximum") == 100_000 for s in page["page"]["anyOf"])
    assert any(s.get("maximum") == 100 for s in page["per_page"]["anyOf"])
    body = document["components"]["schemas"]["SubscriptionIn"]["properties"]
    assert body["url"]["maxLength"] == 1000
    assert body["regionArs"]["pattern"] == "^((0[1-9]|1[0-6])[0-9]{10})$"
    assert body["eventTypes"]["maxItems"] == 6
    # integrators: bearer security where credentials count, short ids, no GraphQL
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    ids = {
        operation["operationId"]: operation
        for path_item in paths.values()
        for operation in path_item.values()
    }
    assert {"listServices", "getService", "createSubscription", "offerJsonld"} <= set(ids)
    assert "security" not in ids["listServices"]
    assert {"bearerAuth": []} in ids["createSubscription"]["security"]
    assert not any(path.startswith("/graphql") for path in paths)
    assert "415" in paths["/webhooks/subscriptions"]["post"]["responses"]
    # content types of the non-JSON feeds
    for path, media_type in (
        ("/feeds/course-starts.ics", "text/calendar"),
        ("/feeds/offers.geojson", "application/geo+json"),
        ("/offers/{offer_id}.jsonld", "application/ld+json"),
        ("/webhooks/schemas/{event_type}", "application/schema+json"),
    ):
        assert media_type in paths[path]["get"]["responses"]["200"]["content"], path
    # every REST route documents its problems
    for path, operations in paths.items():
        if path.startswith("/graphql"):
            continue
        for operation in operations.values():
            for status in ("400", "404", "422", "503"):
                content = operation["responses"][status]["content"]
                assert list(content) == ["application/problem+json"], (path, status)

"""schemathesis against the offers REST API over real HTTP: examples generated from the OpenAPI
document (bounded), with a partner's credentials and real ids in the paths half of the time.
Every answer must be documented (status, content type, schema, headers) and none may be a 5xx."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.checks import response_schema_conformance

from koko_offers.app import SPEC, create_app
from koko_offers.settings import OffersSettings
from koko_shared.auth.actor import Role
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.testing.database import fresh_database
from koko_shared.testing.identity import TestTokens

from .conftest import MAGDEBURG, Catalogue

EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@dataclass
class Live:
    base_url: str
    headers: dict[str, str]
    ids: dict[str, str]


def _wait_until_started(server: uvicorn.Server) -> None:
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started


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
        app = create_app(
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
        yield Live(f"http://127.0.0.1:{port}", headers, ids)
        server.should_exit = True
        await asyncio.to_thread(thread.join, 10)


def test_the_offers_rest_api_keeps_its_openapi_contract(live: Live) -> None:
    # given: every REST operation of the published document (GraphQL has its own tests)
    api = schemathesis.openapi.from_url(f"{live.base_url}/openapi.json").exclude(
        path_regex="^/graphql"
    )
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 20
    calls: list[int] = []
    failures: list[str] = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def exercise(case: schemathesis.Case) -> None:
            # real ids and the demo region half of the time, so handlers get past lookups
            if len(calls) % 2 == 0:
                for params in (case.path_parameters, case.query):
                    for name in list(params or {}):
                        if name in live.ids:
                            params[name] = live.ids[name]  # type: ignore[index]
            # when / then
            response = case.call_and_validate(
                base_url=live.base_url, headers=live.headers, checks=CHECKS
            )
            calls.append(response.status_code)

        try:
            exercise()
        except (
            Exception,
            BaseExceptionGroup,
        ) as error:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {error}")
    assert failures == [], "\n\n".join(failures)
    # then: examples really reached the service, also with success
    assert len(calls) >= len(operations) * 3
    assert any(status == 200 for status in calls), sorted(set(calls))


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
    assert body["regionArs"]["pattern"] == "^[0-9]{12}$"
    assert body["eventTypes"]["maxItems"] == 6
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


def test_schemathesis_with_every_check_finds_nothing(live: Live) -> None:
    from koko_shared.testing.schemathesis_run import run_schemathesis

    run = run_schemathesis(
        f"{live.base_url}/openapi.json",
        headers=live.headers,
        exclude_path_regex="^/graphql",
        parameters=live.ids,
    )
    print(run.output)
    assert run.failures == [], "\n\n".join(run.failures)

"""schemathesis against the surveys REST API over real HTTP: examples generated from the
OpenAPI document (bounded), with credentials and a real study and wave in the path. Every
answer must be documented (status, content type, schema, headers) and none may be a 5xx."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

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
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from koko_shared.auth.actor import Role
from koko_shared.database.engine import create_sessionmaker
from koko_shared.testing.identity import TestTokens
from koko_surveys.app import create_app
from koko_surveys.settings import SurveysSettings

from .conftest import MAGDEBURG, Setup, create_setup

EXAMPLES = 20
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
    setup: Setup
    headers: dict[str, str]


def _wait_until_started(server: uvicorn.Server) -> None:
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started


@pytest.fixture(scope="module")
async def live(
    settings: SurveysSettings, database_url: URL, engine: AsyncEngine, tokens: TestTokens
) -> AsyncIterator[Live]:
    setup = await create_setup(create_sessionmaker(engine))
    # A real server in its own thread and event loop, with its own connections.
    app = create_app(
        settings.model_copy(
            update={
                "database_url": database_url.render_as_string(hide_password=False),
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
    headers = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),))
    yield Live(f"http://127.0.0.1:{port}", setup, headers)
    server.should_exit = True
    await asyncio.to_thread(thread.join, 10)


def test_the_surveys_rest_api_keeps_its_openapi_contract(live: Live) -> None:
    # given: every REST operation of the published document
    api = schemathesis.openapi.from_url(f"{live.base_url}/openapi.json").include(path_regex="^/v1/")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 5
    calls: list[int] = []

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
            # the real study and wave in the path half of the time, so bodies get parsed
            path = case.path_parameters or {}
            if "study_id" in path and len(calls) % 2 == 0:
                path["study_id"] = str(live.setup.study.id)
                if "wave_id" in path:
                    path["wave_id"] = str(live.setup.wave1.id)
            # when / then
            response = case.call_and_validate(
                base_url=live.base_url, headers=live.headers, checks=CHECKS
            )
            calls.append(response.status_code)

        exercise()
    # then: examples really reached the service, also past authorization
    assert len(calls) >= len(operations) * 5
    assert any(status in (200, 201, 204) for status in calls), sorted(set(calls))


async def test_the_openapi_documents_the_batch_bodies_limits_and_problems(
    client: httpx.AsyncClient,
) -> None:
    # when
    document = (await client.get("/openapi.json")).json()
    # then: generated clients know all three body formats, the limits and the problem answers
    batch = document["paths"]["/v1/studies/{study_id}/waves/{wave_id}/submissions:batch"]["post"]
    body = batch["requestBody"]["content"]
    assert set(body) == {"application/json", "application/x-ndjson", "text/csv"}
    assert body["application/json"]["schema"]["maxItems"] == 10_000
    assert "bytes" in batch["requestBody"]["description"]
    row = document["components"]["schemas"]["SubmissionRow"]
    assert row["properties"]["subject"]["pattern"] == "^[0-9a-f]{64}$"
    for status in ("401", "403", "404", "408", "413", "422"):
        content = batch["responses"][status]["content"]
        assert list(content) == ["application/problem+json"]
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_schemathesis_with_every_check_finds_nothing(live: Live) -> None:
    from koko_shared.testing.schemathesis_run import run_schemathesis

    run = run_schemathesis(
        f"{live.base_url}/openapi.json",
        headers=live.headers,
        include_path_regex="^/v1/",
        parameters={"study_id": str(live.setup.study.id), "wave_id": str(live.setup.wave1.id)},
    )
    print(run.output)
    assert run.failures == [], "\n\n".join(run.failures)

"""schemathesis against the surveys REST API over real HTTP, as an integrator or attacker runs
it: every phase and every check (`--checks all --mode all`), deterministic and bounded, with
credentials and a real study and wave. Every answer must be documented (status, content type,
schema, headers), valid data accepted, invalid data refused, 405s carry `Allow`, no 5xx."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from koko_shared.auth.actor import Role
from koko_shared.database.engine import create_sessionmaker
from koko_shared.testing.identity import TestTokens
from koko_shared.testing.schemathesis_run import StatusCounter, run_schemathesis
from koko_shared.testing.waiting import wait_until
from koko_surveys.app import create_app
from koko_surveys.settings import SurveysSettings

from .conftest import MAGDEBURG, Setup, create_setup


@dataclass
class Live:
    base_url: str
    setup: Setup
    headers: dict[str, str]
    statuses: StatusCounter


def _wait_until_started(server: uvicorn.Server) -> None:
    wait_until(lambda: server.started, seconds=30, what="the fuzzed server started")


@pytest.fixture(scope="module")
async def live(
    settings: SurveysSettings, database_url: URL, engine: AsyncEngine, tokens: TestTokens
) -> AsyncIterator[Live]:
    setup = await create_setup(create_sessionmaker(engine))
    # A real server in its own thread and event loop, with its own connections.
    app = StatusCounter(
        create_app(
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
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    await asyncio.to_thread(_wait_until_started, server)
    port = server.servers[0].sockets[0].getsockname()[1]
    headers = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),))
    yield Live(f"http://127.0.0.1:{port}", setup, headers, app)
    server.should_exit = True
    await asyncio.to_thread(thread.join, 10)


def test_schemathesis_with_every_check_finds_nothing(live: Live) -> None:
    # given: every REST operation of the published document, the real study and wave in the
    # generated positive cases (unknown, malformed and hostile ones in the negative cases)
    # when: schemathesis runs every phase with every check, positive and negative data
    run = run_schemathesis(
        f"{live.base_url}/openapi.json",
        headers=live.headers,
        parameters={"study_id": str(live.setup.study.id), "wave_id": str(live.setup.wave1.id)},
        beyond_schema={
            "/v1/studies/{study_id}/instruments": "an XLSForm's contents",
            "/v1/studies/{study_id}/waves/{wave_id}/submissions:batch": "answers the "
            "wave's instrument allows, checked per row (atomic mode refuses the batch)",
            "/v1/studies/{study_id}/waves/{wave_id}/submissions": "`after`: an opaque cursor "
            "of an earlier page",
        },
        per_row={
            "/v1/studies/{study_id}/waves/{wave_id}/submissions:batch": "a malformed row is "
            "that row's rejection in a 200 (partial mode), as documented"
        },
    )
    # then: no failure of any kind, on every operation, and requests got through to success
    assert run.failures == [], "\n\n".join(run.failures) + "\n" + run.output[-3000:]
    assert run.operations >= 5, run.output[-3000:]
    assert live.statuses.count(200, 299) >= 5, live.statuses.statuses
    assert live.statuses.count(400, 499) >= 50, live.statuses.statuses


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
    for status in ("401", "403", "404", "408", "413", "415", "422", "429"):
        content = batch["responses"][status]["content"]
        assert list(content) == ["application/problem+json"]
    assert "HTTPValidationError" not in document["components"]["schemas"]


async def test_integrators_get_bearer_security_short_operation_ids_and_no_graphql(
    client: httpx.AsyncClient,
) -> None:
    # when
    document = (await client.get("/openapi.json")).json()
    docs = await client.get("/docs")
    # then: Swagger UI's Authorize button comes from the bearer scheme every route requires
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"], scheme["bearerFormat"]) == ("http", "bearer", "JWT")
    operations = {
        operation["operationId"]: operation
        for path_item in document["paths"].values()
        for operation in path_item.values()
    }
    assert {"submitBatch", "exportSubmissions", "uploadInstrument", "eraseSubject"} <= set(
        operations
    )
    assert all(
        op["security"] == [{"bearerAuth": []}]
        for name, op in operations.items()
        if name != "getCodebook"
    )
    # the codebook reads credentials when sent (a study's own) and serves public ones without
    assert operations["getCodebook"]["security"] == [{"bearerAuth": []}, {}]
    assert {"listSubmissions", "getSubmission"} <= set(operations)
    assert not any(path.startswith("/graphql") for path in document["paths"])
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


async def test_a_body_of_a_type_the_route_does_not_take_is_a_415_problem(
    client: httpx.AsyncClient, setup: Setup
) -> None:
    # when
    response = await client.post(
        setup.batch_url,
        content=b"<rows/>",
        headers={"Content-Type": "application/xml"},
    )
    # then
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:koko:problem:UNSUPPORTED_MEDIA_TYPE"
    assert set(response.headers["accept-post"].split(", ")) == {
        "application/json",
        "application/x-ndjson",
        "text/csv",
    }
    # and: in the request's language (English without Accept-Language)
    german = await client.post(
        setup.batch_url,
        content=b"<rows/>",
        headers={"Content-Type": "application/xml", "Accept-Language": "de"},
    )
    assert (german.json()["title"], response.json()["title"]) == (
        "Nicht unterstützter Medientyp",
        "Unsupported media type",
    )
    assert german.json()["detail"].startswith("dieser Pfad nimmt ")
    assert german.headers["content-language"] == "de"


async def test_a_method_a_path_does_not_take_is_a_405_naming_every_method_it_does(
    client: httpx.AsyncClient, setup: Setup
) -> None:
    # when
    response = await client.put(setup.batch_url, json=[])
    # then
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"

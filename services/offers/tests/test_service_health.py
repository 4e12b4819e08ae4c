"""The service answers health, readiness and metrics, and its migrations apply cleanly."""

import re

import httpx
from fastapi import FastAPI
from prometheus_client import generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings

TYPENAME = {"query": "{ __typename }"}


async def test_ready_when_database_is_migrated(client: httpx.AsyncClient) -> None:
    # when
    health = await client.get("/healthz")
    ready = await client.get("/readyz")
    # then
    assert health.status_code == 200
    assert ready.status_code == 200, ready.text
    assert ready.headers["x-request-id"]


async def test_every_answer_names_the_process_that_gave_it(
    client: httpx.AsyncClient, app: FastAPI, settings: OffersSettings
) -> None:
    # when: a health check, a GraphQL answer and a refusal (no place free)
    answers = [await client.get("/healthz"), await client.post("/graphql", json=TYPENAME)]
    limiter = app.state.admission
    limiter.in_flight, limiter.queue_size = limiter.limit, 0
    try:
        answers.append(await client.post("/graphql", json=TYPENAME))
    finally:
        limiter.in_flight, limiter.queue_size = 0, 16
    # then: each carries this process's token (koko_shared.http.instance), the refusal too
    assert [a.status_code for a in answers] == [200, 200, 503]
    tokens = {a.headers["koko-instance"] for a in answers}
    assert len(tokens) == 1 and re.fullmatch("[0-9a-f]{12}", tokens.pop())
    # and: another app (another worker process) draws its own
    other = create_app(settings)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=other), base_url="http://offers.test"
    ) as plain:
        theirs = (await plain.get("/healthz")).headers["koko-instance"]
    assert theirs != answers[0].headers["koko-instance"]


async def test_metrics_count_requests_and_are_not_on_the_public_port(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await client.get("/healthz")
    # served on their own port (koko_shared.telemetry.serve_metrics), from this registry
    metrics = generate_latest(app.state.metrics.registry).decode()
    assert 'http_requests_total{method="GET",route="/healthz",service="offers",status="200"}' in (
        metrics
    )
    assert (await client.get("/metrics")).status_code == 404


async def test_graphql_is_counted_under_its_own_route(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    # when
    await client.post("/graphql", json={"query": "{ __typename }"})
    await client.post("/graphql", json={"query": "{ nope }"})
    # then
    metrics = generate_latest(app.state.metrics.registry).decode()
    assert 'method="POST",route="/graphql",service="offers",status="200"' in metrics, metrics
    assert 'route="unmatched"' not in metrics


async def test_change_log_is_append_only(session: AsyncSession) -> None:
    # given
    await session.execute(
        text(
            "INSERT INTO change_log (actor_subject, region_ars, entity, entity_id, action) "
            "VALUES ('t', '150030000000', 'offer', gen_random_uuid(), 'created')"
        )
    )
    # when / then
    try:
        async with session.begin_nested():
            await session.execute(text("DELETE FROM change_log"))
        raise AssertionError("deleting from change_log must fail")
    except Exception as exc:  # the database refuses
        assert "append-only" in str(exc)


async def test_unknown_path_is_problem_json(client: httpx.AsyncClient) -> None:
    response = await client.get("/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:koko:problem:NOT_FOUND"

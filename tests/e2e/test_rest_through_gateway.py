"""One public entrypoint: every public REST path of both services answers through the gateway
exactly as the subgraph itself answers, with the caller's credentials and request id."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.identity import IDENTITY_HEADER, IdentitySigner
from koko_shared.auth.identity_keys import key_id, load_private_key
from koko_shared.graphql.ids import from_global_id
from koko_shared.testing.waiting import wait_until_async
from tests.e2e.conftest import System

pytestmark = pytest.mark.e2e

MAGDEBURG = "150030000000"
SACHSEN_ANHALT = "150000000000"
MONTH = date.today().strftime("%Y-%m")
PUBLIC_GETS = (
    "/hsds/",
    "/hsds/services?per_page=5",
    "/hsds/organizations",
    "/hsds/taxonomies",
    f"/feeds/course-starts.ics?region={MAGDEBURG}",
    f"/reports/language-courses?region={MAGDEBURG}&month={MONTH}&format=csv",
    "/openapi/offers.json",
    "/openapi/surveys.json",
)


async def _both(
    system: System, method: str, path: str, **kwargs: object
) -> tuple[httpx.Response, httpx.Response]:
    """The answer through the gateway and the subgraph's own, asked as the gateway asks it."""
    service = "surveys" if path.startswith(("/v1/", "/openapi/surveys")) else "offers"
    upstream = {"surveys": system.surveys, "offers": system.offers}[service]
    direct_path = "/openapi.json" if path.startswith("/openapi/") else path
    async with (
        httpx.AsyncClient(timeout=30) as client,
        httpx.AsyncClient(timeout=30, transport=system.as_gateway(service)) as as_gateway,
    ):
        through = await client.request(method, system.gateway.url + path, **kwargs)  # type: ignore[arg-type]
        direct = await as_gateway.request(method, upstream.url + direct_path, **kwargs)  # type: ignore[arg-type]
    return through, direct


@pytest.mark.parametrize("path", PUBLIC_GETS)
async def test_public_rest_paths_answer_through_the_gateway(system: System, path: str) -> None:
    through, direct = await _both(system, "GET", path)
    assert through.status_code == direct.status_code == 200, (path, through.text[:300])
    assert through.headers["content-type"] == direct.headers["content-type"]
    if "json" in direct.headers["content-type"]:
        assert through.json() == direct.json()
    else:
        assert through.content == direct.content


async def test_an_offer_as_json_ld_through_the_gateway(system: System) -> None:
    # given a published offer's id from the HSDS feed (served by the gateway too)
    async with httpx.AsyncClient(timeout=30) as client:
        services = (await client.get(f"{system.gateway.url}/hsds/services?per_page=1")).json()
        offer_id = services["contents"][0]["id"]
        # when its JSON-LD is asked for at the gateway
        response = await client.get(f"{system.gateway.url}/offers/{offer_id}.jsonld")
    # then the offers subgraph's document comes back
    assert response.status_code == 200, response.text
    assert response.json()["@type"] == "Course"


async def test_surveys_ingest_goes_through_with_the_callers_token(system: System) -> None:
    # given a study and wave of the demo and an integrator of that study
    admin = Actor("admin", (Grant(Role.ADMIN, "*"),))
    data = await system.subgraph(
        "surveys", "{ studies { edges { node { id waves { id } } } } }", actor=admin
    )
    study = data["studies"]["edges"][0]["node"]
    study_id = str(from_global_id(study["id"])[1])
    wave_id = str(from_global_id(study["waves"][0]["id"])[1])
    path = f"/v1/studies/{study_id}/waves/{wave_id}/submissions:batch"
    integrator = system.tokens.for_role(Role.INTEGRATOR, SACHSEN_ANHALT, studies=(study_id,))
    rows = [{"submissionId": "proxy-1", "subject": "not-a-pseudonym", "answers": {}}]

    # when a dry run is posted through the gateway and to the subgraph itself
    through, direct = await _both(
        system, "POST", path + "?mode=dry_run", json=rows, headers=integrator
    )

    # then both give the same per-row verdict (the token reached the subgraph)
    assert through.status_code == direct.status_code == 200, through.text
    assert through.json() == direct.json()
    assert through.json()["results"][0]["status"] == "rejected"

    # and without the token the subgraph's own 401 problem comes back
    anonymous, _ = await _both(system, "POST", path, json=rows)
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"


async def test_a_forged_identity_header_is_dropped_and_the_request_id_passed_on(
    system: System,
) -> None:
    # given an identity header signed with the gateway's own (stolen) key, for offers
    key = load_private_key(system.identity_key.read_bytes())
    signer = IdentitySigner(key, key_id(key.public_key()))
    forged = signer.sign(Actor("intruder", (Grant(Role.ADMIN, "*"),)), "offers")
    request_id = f"proxy-{uuid.uuid4().hex}"
    path = "/webhooks/subscriptions"
    async with (
        httpx.AsyncClient(timeout=30) as client,
        httpx.AsyncClient(timeout=30, transport=system.as_gateway("offers")) as as_gateway,
    ):
        # (the subgraph itself would take it: that is why the key must stay the gateway's)
        direct = await client.get(f"{system.offers.url}{path}", headers={IDENTITY_HEADER: forged})
        assert direct.status_code == 200
        # what the subgraph answers the gateway for a caller without credentials
        anonymous = await as_gateway.get(f"{system.offers.url}{path}")
        # when it is sent through the gateway
        response = await client.get(
            f"{system.gateway.url}{path}",
            headers={IDENTITY_HEADER: forged, "x-request-id": request_id},
        )
    # then the subgraph never sees it: the caller is as anonymous as one without it
    assert response.status_code == anonymous.status_code
    assert response.status_code in (401, 403), response.text
    assert response.headers.get_list("x-request-id") == [request_id]
    # (the access line is written once the answer has gone out: wait for it briefly)
    await wait_until_async(
        lambda: request_id in system.offers.log_path.read_text(),
        seconds=5,
        what="the access line logged",
    )


async def test_bodies_over_the_limit_are_refused_at_the_gateway(system: System) -> None:
    # given a request declaring a 2 MB body (over the 1 MB limit of offers' partner API)
    reader, writer = await asyncio.open_connection("127.0.0.1", system.gateway.port)
    writer.write(
        b"POST /webhooks/subscriptions HTTP/1.1\r\nhost: koko\r\n"
        b"content-type: application/json\r\ncontent-length: 2000000\r\n\r\n{"
    )
    await writer.drain()
    # then the gateway refuses it before reading it, as a problem
    head = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)).decode()
    length = next(
        int(line.split(":", 1)[1])
        for line in head.lower().splitlines()
        if line.startswith("content-length:")
    )
    body = (await asyncio.wait_for(reader.readexactly(length), timeout=10)).decode()
    writer.close()
    assert head.startswith("HTTP/1.1 413"), head
    assert "application/problem+json" in head
    assert "PAYLOAD_TOO_LARGE" in body


async def test_subgraph_graphql_and_unknown_paths_are_not_exposed(system: System) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        for path in ("/docs", "/hsdsx", "/offers/1", "/v1/other", "/openapi.json"):
            response = await client.get(f"{system.gateway.url}{path}")
            assert response.status_code == 404, (path, response.status_code)
            assert response.headers["content-type"] == "application/problem+json", path
            assert response.json()["type"] == "urn:koko:problem:NOT_FOUND", path


@pytest.mark.parametrize(
    "headers",
    [{}, {"authorization": "Bearer not-a-token"}],
    ids=["no credentials", "invalid token"],
)
async def test_an_upload_without_valid_credentials_is_401_at_the_gateway(
    system: System, headers: dict[str, str]
) -> None:
    # given a large streamed ingest body (no Content-Length) and no valid credentials
    async def body() -> AsyncIterator[bytes]:
        for _ in range(64):
            yield b" " * 65536

    path = f"/v1/studies/{uuid.uuid4()}/waves/{uuid.uuid4()}/submissions:batch"
    # when
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(
            f"{system.gateway.url}{path}",
            content=body(),
            headers={**headers, "content-type": "application/x-ndjson"},
        )
    # then the client learns what is wrong (not a 503 inviting a retry)
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["type"] == "urn:koko:problem:UNAUTHENTICATED"


async def test_the_analysts_export_of_a_demo_wave_through_the_gateway(system: System) -> None:
    # given the demo's school leavers and the analyst make run prints (Magdeburg)
    admin = Actor("admin", (Grant(Role.ADMIN, "*"),))
    data = await system.subgraph(
        "surveys", "{ studies { edges { node { id code waves { code } } } } }", actor=admin
    )
    study = next(
        e["node"]
        for e in data["studies"]["edges"]
        if e["node"]["code"] == "verbleib-schulabgaenger"
    )
    path = f"/v1/studies/{from_global_id(study['id'])[1]}/submissions"
    wave = study["waves"][0]["code"]
    analyst = system.tokens.for_role(Role.ANALYST, MAGDEBURG, subject="e2e-analyst")
    other = system.tokens.for_role(Role.ANALYST, MAGDEBURG, subject="e2e-other-analyst")
    async with httpx.AsyncClient(timeout=120) as client:
        # when the analyst exports the wave at the gateway and reads the next page
        first = await client.get(system.gateway.url + path, params={"wave": wave}, headers=analyst)
        assert first.status_code == 200, first.text[:500]
        cursor = {"after": first.json()["nextCursor"]}
        second = await client.get(system.gateway.url + path, params=cursor, headers=analyst)
        foreign = await client.get(system.gateway.url + path, params=cursor, headers=other)
    # then the wave leaves protected and paged, and the pages are the analyst's own
    body = first.json()
    assert body["summary"]["records"] > 1000 and body["summary"]["keyColumns"]
    assert second.status_code == 200
    assert {r["id"] for r in body["items"]}.isdisjoint({r["id"] for r in second.json()["items"]})
    assert foreign.status_code == 404

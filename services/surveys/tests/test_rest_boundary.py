"""The REST boundary of surveys: credentials first (401), then rights (404 when the study is not
visible, 403 when visible but not writable), and only then the request body."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from koko_shared.auth.actor import Role
from koko_shared.demo_regions import BOERDE, MAGDEBURG
from koko_shared.graphql.ids import to_global_id
from koko_shared.testing.identity import TestTokens

from .conftest import Setup


class WatchedBody:
    """A streamed request body that records whether anyone read it."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.read = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self.read = True
        yield self.content


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic dXNlcjpwdw=="}],
    ids=["no credentials", "invalid token", "wrong scheme"],
)
async def test_ingest_without_valid_credentials_is_401_before_the_body_is_read(
    client: httpx.AsyncClient, setup: Setup, headers: dict[str, str]
) -> None:
    # given
    body = WatchedBody(b"[{")
    # when
    response = await client.post(
        setup.batch_url, content=body, headers={**headers, "content-type": "application/json"}
    )
    # then
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["status"] == 401
    assert not body.read


async def test_a_caller_who_may_not_see_the_study_gets_404_as_for_an_unknown_study(
    client: httpx.AsyncClient, setup: Setup, tokens: TestTokens
) -> None:
    # given: an integrator of another district; the study is internal to Magdeburg
    outsider = tokens.for_role(Role.INTEGRATOR, BOERDE, studies=(str(setup.study.id),))
    unknown = f"/v1/studies/{uuid.uuid4()}/waves/{setup.wave1.id}/submissions:batch"
    body = WatchedBody(b"[{")
    # when
    existing = await client.post(
        setup.batch_url, content=body, headers={**outsider, "content-type": "application/json"}
    )
    missing = await client.post(unknown, json=[setup.row(1)], headers=outsider)
    # then: the same answer, so study ids do not leak; the body was never read
    assert existing.status_code == missing.status_code == 404
    assert existing.json()["type"] == missing.json()["type"]
    assert existing.json()["title"].split(" ")[0] == missing.json()["title"].split(" ")[0]
    assert not body.read


async def test_a_caller_who_sees_the_study_but_may_not_write_gets_403_before_parsing(
    client: httpx.AsyncClient, setup: Setup, tokens: TestTokens
) -> None:
    # given: an analyst of the region sees the study but does not write to it
    analyst = tokens.for_role(Role.ANALYST, MAGDEBURG)
    body = WatchedBody(b"[{ this is not JSON")
    # when
    response = await client.post(
        setup.batch_url, content=body, headers={**analyst, "content-type": "application/json"}
    )
    # then: refused for the rights, not for the broken body it never read
    assert response.status_code == 403
    assert not body.read


async def test_an_unknown_wave_is_404_before_the_body_is_read(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given
    body = WatchedBody(b"[]")
    url = f"/v1/studies/{setup.study.id}/waves/{uuid.uuid4()}/submissions:batch"
    # when
    response = await client.post(
        url, content=body, headers={**integrator, "content-type": "application/json"}
    )
    # then
    assert response.status_code == 404
    assert not body.read


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/studies/{study}/submissions"),
        ("DELETE", "/v1/studies/{study}/subjects/" + "a" * 64),
        ("POST", "/v1/studies/{study}/subjects/" + "a" * 64 + "/consent-withdrawals"),
    ],
)
async def test_other_protected_endpoints_answer_401_without_credentials(
    client: httpx.AsyncClient, setup: Setup, method: str, path: str
) -> None:
    # when
    response = await client.request(
        method, path.format(study=setup.study.id), json={"scope": "linkage"}
    )
    # then
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_the_graphql_mutation_answers_not_found_for_a_study_the_caller_may_not_see(
    client: httpx.AsyncClient, setup: Setup, tokens: TestTokens
) -> None:
    # given
    outsider = tokens.for_role(Role.INTEGRATOR, BOERDE, studies=(str(setup.study.id),))
    mutation = """mutation($s: ID!, $w: ID!, $rows: [SubmissionInput!]!) {
      submissionsIngest(studyId: $s, waveId: $w, submissions: $rows) { errors { code } } }"""
    wave = to_global_id("Wave", setup.wave1.id)
    rows = [setup.row(1)]

    async def codes(study: str) -> list[str]:
        response = await client.post(
            "/graphql",
            json={"query": mutation, "variables": {"s": study, "w": wave, "rows": rows}},
            headers=outsider,
        )
        return [e["code"] for e in response.json()["data"]["submissionsIngest"]["errors"]]

    # when
    existing = await codes(to_global_id("Study", setup.study.id))
    unknown = await codes(to_global_id("Study", uuid.uuid4()))
    # then
    assert existing == unknown == ["NOT_FOUND"]


@pytest.mark.parametrize(
    "url",
    ["/v1/studies/%00/waves/x/submissions:batch", "/openapi.json?x=a%00b"],
    ids=["path", "query"],
)
async def test_a_nul_character_in_the_url_is_400_not_a_server_error(
    client: httpx.AsyncClient, url: str
) -> None:
    # when
    response = await client.post(url, content=b"[]") if "batch" in url else await client.get(url)
    # then: PostgreSQL text cannot hold U+0000; it is the client's mistake
    assert response.status_code == 400
    assert response.json()["type"] == "urn:koko:problem:BAD_USER_INPUT"


async def test_a_consent_withdrawal_is_authorized_before_its_body_is_read(
    client: httpx.AsyncClient, setup: Setup, tokens: TestTokens
) -> None:
    # given: an integrator of another district, and a body that records whether it was read
    outsider = tokens.for_role(Role.INTEGRATOR, BOERDE, studies=(str(setup.study.id),))
    path = f"/v1/studies/{setup.study.id}/subjects/{'a' * 64}/consent-withdrawals"
    body = WatchedBody(b'{"scope": "linkage"}')
    # when
    response = await client.post(
        path, content=body, headers={**outsider, "content-type": "application/json"}
    )
    # then: as for an unknown study, and the body was never read
    assert response.status_code == 404
    assert not body.read


async def test_a_consent_withdrawal_with_a_wrong_body_is_a_field_error(
    client: httpx.AsyncClient, setup: Setup, tokens: TestTokens
) -> None:
    # given: the study's coordinator
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    path = f"/v1/studies/{setup.study.id}/subjects/{'a' * 64}/consent-withdrawals"
    # when
    response = await client.post(path, json={"scope": "everything"}, headers=coordinator)
    # then
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "urn:koko:problem:BAD_USER_INPUT"
    assert problem["errors"][0]["field"] == "scope"

"""A writer reads back its own submissions over REST (a page per wave with a cursor, one by its
id) and never another writer's; GraphQL `study(id:)` takes the Relay id and the plain UUID."""

from __future__ import annotations

from typing import Any

import httpx

from koko_shared.auth.actor import Role
from koko_shared.graphql.ids import to_global_id
from koko_shared.pagination import encode_cursor
from koko_shared.testing.identity import TestTokens

from .conftest import MAGDEBURG, Setup, graphql_data


def _list_url(setup: Setup) -> str:
    return f"/v1/studies/{setup.study.id}/waves/{setup.wave1.id}/submissions"


async def _post(
    client: httpx.AsyncClient, setup: Setup, headers: dict[str, str], rows: list[Any]
) -> None:
    response = await client.post(setup.batch_url, json=rows, headers=headers)
    assert response.status_code == 200, response.text
    assert {r["status"] for r in response.json()["results"]} == {"created"}, response.text


async def test_a_writer_pages_through_its_own_submissions_of_a_wave(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given five submissions in two batches
    await _post(client, setup, integrator, [setup.row(n) for n in range(1, 4)])
    await _post(client, setup, integrator, [setup.row(n) for n in range(4, 6)])
    # when: pages of two
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"first": 2, **({"after": cursor} if cursor else {})}
        response = await client.get(_list_url(setup), params=params, headers=integrator)
        assert response.status_code == 200, response.text
        body = response.json()
        seen += [item["submissionId"] for item in body["items"]]
        pages += 1
        cursor = body["nextCursor"]
        if cursor is None:
            break
    # then: every submission exactly once, a batch in the order of its ids
    assert pages == 3
    assert seen == [f"sub-{n}" for n in range(1, 6)]
    item = body["items"][0]
    assert item["status"] == "stored" and item["instrumentVersion"] == setup.version
    assert item["wave"] == "w1"


async def test_a_corrected_submission_says_so_and_names_its_correction(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given a submission and its correction
    await _post(client, setup, integrator, [setup.row(1)])
    correction = setup.row(1, submissionId="sub-1b", supersedes="sub-1")
    correction["answers"] = {"destination": "work", "age": 18}
    await _post(client, setup, integrator, [correction])
    # when
    items = (await client.get(_list_url(setup), headers=integrator)).json()["items"]
    # then
    statuses = {i["submissionId"]: (i["status"], i["correctedBy"]) for i in items}
    assert statuses == {"sub-1": ("corrected", "sub-1b"), "sub-1b": ("stored", None)}


async def test_one_submission_is_read_back_by_its_id(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    # given an id with the characters submission ids may hold
    row = setup.row(1, submissionId="school/42:2025@a.b")
    row["answers"] = {"destination": "training", "age": 17, "seeking_course": True}
    await _post(client, setup, integrator, [row])
    # when
    response = await client.get(
        f"/v1/studies/{setup.study.id}/submissions/school/42:2025@a.b", headers=integrator
    )
    # then: as stored
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["submissionId"] == "school/42:2025@a.b"
    assert body["answers"] == {"destination": "training", "age": 17, "seeking_course": True}
    assert body["attributes"]["sex"] == "f" and body["attributes"]["regionArs"] == MAGDEBURG
    assert body["status"] == "stored" and body["waveId"] == str(setup.wave1.id)


async def test_another_writers_submissions_are_neither_listed_nor_readable(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], tokens: TestTokens
) -> None:
    # given a submission of another integrator of the same study
    other = tokens.for_role(
        Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),), subject="other-script"
    )
    await _post(client, setup, other, [setup.row(7)])
    # when / then: our integrator neither lists nor reads it
    items = (await client.get(_list_url(setup), headers=integrator)).json()["items"]
    assert items == []
    response = await client.get(
        f"/v1/studies/{setup.study.id}/submissions/sub-7", headers=integrator
    )
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    # the other integrator does
    mine = (await client.get(_list_url(setup), headers=other)).json()["items"]
    assert [i["submissionId"] for i in mine] == ["sub-7"]


async def test_only_writers_read_submissions_back(
    client: httpx.AsyncClient, setup: Setup, tokens: TestTokens
) -> None:
    analyst = tokens.for_role(Role.ANALYST, MAGDEBURG)
    assert (await client.get(_list_url(setup), headers=analyst)).status_code == 403
    assert (await client.get(_list_url(setup))).status_code == 401
    bad_cursor = await client.get(
        _list_url(setup),
        params={"after": "not-a-cursor"},
        headers=tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),)),
    )
    assert bad_cursor.status_code == 422
    # a hand-made cursor is read, not a 500
    for forged in (["2026-01-01T00:00:00", "x", str(setup.study.id)], [1, 2, 3], ["a", "b", "c"]):
        response = await client.get(
            _list_url(setup),
            params={"after": encode_cursor(forged)},
            headers=tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),)),
        )
        assert response.status_code in (200, 422), response.text


async def test_graphql_study_takes_the_relay_id_and_the_plain_uuid(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str]
) -> None:
    query = "query($id: ID!) { study(id: $id) { id code } }"
    relay = to_global_id("Study", setup.study.id)
    for given in (relay, str(setup.study.id)):
        # when
        data = await graphql_data(client, query, {"id": given}, integrator)
        # then
        assert data["study"] == {"id": relay, "code": setup.study.code}
    # a malformed id is still the client's mistake
    response = await client.post(
        "/graphql", json={"query": query, "variables": {"id": "nonsense"}}, headers=integrator
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

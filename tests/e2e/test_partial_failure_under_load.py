"""The surveys service goes away while clients are querying through the gateway, and comes back:
offers keep answering correctly, survey fields turn null with an error at their path, and once
surveys is back everything answers in full again, without restarting the gateway."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import System

pytestmark = pytest.mark.e2e

WITH_DEMAND = (
    "{ offers(first: 10) { edges { node { id title"
    " region { ars name demand { level newcomers suppressed } } } } } }"
)
OFFERS_ONLY = "{ offers(first: 10) { totalCount edges { node { id title provider { name } } } } }"
CLIENTS = 4
MAX_REQUESTS_PER_CLIENT = 500
MAX_SECONDS = 180.0  # a bound on the whole run; each phase ends as soon as it has its answers
# GATEWAY_SUBGRAPH_CIRCUIT_OPEN_SECONDS in tests/e2e/conftest.py
CIRCUIT_OPEN_SECONDS = 1.0


@dataclass
class Answer:
    query: str
    started: float
    finished: float
    status: int
    body: dict[str, Any]


def _offers_part(body: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [
        (
            e["node"]["id"],
            e["node"]["title"],
            e["node"]["region"]["ars"],
            e["node"]["region"]["name"],
        )
        for e in body["data"]["offers"]["edges"]
    ]


def _is_surveys_down_answer(body: dict[str, Any]) -> bool:
    """Every `demand` null, and one error per offer whose path points at exactly that field."""
    edges = body["data"]["offers"]["edges"]
    if any(e["node"]["region"]["demand"] is not None for e in edges):
        return False
    paths = {
        tuple(e["path"])
        for e in body.get("errors", [])
        if e.get("extensions", {}).get("serviceName") == "surveys"
        # unreachable, or not asked while the gateway's circuit for it is open
        and e.get("extensions", {}).get("code") in ("SUBGRAPH_UNAVAILABLE", "SERVICE_UNAVAILABLE")
    }
    expected = {("offers", "edges", i, "node", "region", "demand") for i in range(len(edges))}
    return paths == expected and len(body["errors"]) == len(edges)


async def _until(
    condition: Callable[[], bool], arrived: asyncio.Event, seconds: float = 90
) -> None:
    """Wait until `condition` holds, looking again each time an answer `arrived`."""
    deadline = time.monotonic() + seconds
    while not condition():
        arrived.clear()
        try:
            await asyncio.wait_for(arrived.wait(), timeout=max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            return


async def test_surveys_stops_and_comes_back_under_load(system: System) -> None:
    # Every request asks for a fresh answer: this test is about the live path through the
    # gateway while a subgraph is down, not about the response cache that would hide it.
    fresh = {"Cache-Control": "no-cache"}
    baseline = {
        query: await system.query(query, headers=fresh) for query in (WITH_DEMAND, OFFERS_ONLY)
    }
    for body in baseline.values():
        assert "errors" not in body, body
    # The demo's intake study is Magdeburg's: its offers' regions have a demand.
    magdeburg = [
        e["node"]["region"]["demand"]
        for e in baseline[WITH_DEMAND]["data"]["offers"]["edges"]
        if e["node"]["region"]["ars"] == "150030000000"
    ]
    assert magdeburg and all(magdeburg)

    assert system.gateway.process is not None
    gateway_pid = system.gateway.process.pid
    answers: list[Answer] = []
    stop = asyncio.Event()
    arrived = asyncio.Event()
    hard_deadline = time.monotonic() + MAX_SECONDS

    async def client(number: int) -> None:
        async with httpx.AsyncClient(base_url=system.gateway.url, timeout=20) as http:
            for i in range(MAX_REQUESTS_PER_CLIENT):
                if stop.is_set() or time.monotonic() > hard_deadline:
                    return
                query = WITH_DEMAND if (i + number) % 2 == 0 else OFFERS_ONLY
                started = time.monotonic()
                response = await http.post("/graphql", json={"query": query}, headers=fresh)
                answers.append(
                    Answer(query, started, time.monotonic(), response.status_code, response.json())
                )
                arrived.set()

    def started_since(moment: float) -> int:
        """Answers (each appended once finished) to requests sent at or after `moment`."""
        return sum(a.started >= moment for a in answers)

    # Each phase lasts until enough answers arrived, not a fixed time: on a busy machine a
    # request or a restart can take seconds, and a fixed schedule would leave a phase empty.
    clients = [asyncio.create_task(client(n)) for n in range(CLIENTS)]
    try:
        await _until(lambda: len(answers) >= CLIENTS, arrived)
        await asyncio.to_thread(system.surveys.stop)
        down = time.monotonic()
        await _until(lambda: started_since(down) >= 8, arrived)
        restarting = time.monotonic()
        await asyncio.to_thread(system.surveys.start)
        up = time.monotonic()
        # The gateway's circuit for surveys may still be open for a moment after surveys is
        # back: it asks again after CIRCUIT_OPEN_SECONDS (one probe), then every answer is full.
        recovered = up + CIRCUIT_OPEN_SECONDS + 0.5
        await _until(lambda: started_since(recovered) >= 8, arrived)
    finally:
        stop.set()
        await asyncio.gather(*clients, return_exceptions=True)
        if system.surveys.process is None or system.surveys.process.poll() is not None:
            system.surveys.start()
    for task in clients:
        task.result()  # no client saw a transport error

    assert all(a.status == 200 for a in answers), [a.body for a in answers if a.status != 200][:3]

    while_down = [a for a in answers if a.started >= down and a.finished <= restarting]
    after = [a for a in answers if a.started >= recovered]
    assert len(while_down) >= 8 and len(after) >= 8, (len(while_down), len(after))

    for answer in answers:
        if answer.query == OFFERS_ONLY:
            # Offers never depended on surveys: identical, error-free answers throughout.
            assert answer.body == baseline[OFFERS_ONLY]
            continue
        assert _offers_part(answer.body) == _offers_part(baseline[WITH_DEMAND])
        if answer in while_down:
            assert _is_surveys_down_answer(answer.body), answer.body
            assert answer.finished - answer.started < 5, "a dead subgraph must fail fast"
        elif answer.started >= recovered:
            assert answer.body == baseline[WITH_DEMAND]
        else:  # in flight while surveys stopped or started, or circuit still open: either
            assert answer.body == baseline[WITH_DEMAND] or _is_surveys_down_answer(answer.body)

    assert any(a.query == WITH_DEMAND for a in while_down)
    assert any(a.query == WITH_DEMAND for a in after)
    # And a fresh request after the load is complete again, from the same gateway process.
    assert await system.query(WITH_DEMAND) == baseline[WITH_DEMAND]
    assert system.gateway.process.pid == gateway_pid and system.gateway.process.poll() is None

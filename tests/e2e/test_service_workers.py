"""A subgraph in several worker processes (OFFERS_WORKERS): on one machine a Python service
serves on one core per process, and the load benchmark's offers service was the one busy core
(docs/benchmarks.md). Started as an operator would, it serves from every worker."""

from __future__ import annotations

import asyncio
import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from koko_shared.http.worker_metrics import running
from koko_shared.testing.waiting import wait_until
from tests.e2e.conftest import System
from tests.e2e.processes import ServiceProcess, free_port

QUERY = {"query": '{ offers(first: 1, filter: {search: "Deutschkurs"}) { totalCount } }'}


def workers_of(pid: int) -> set[int]:
    """The worker processes uvicorn spawned (not multiprocessing's resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return {
        int(child)
        for child in children
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    }


@contextmanager
def two_worker_offers(
    system: System, e2e_dir: Path, name: str
) -> Iterator[tuple[ServiceProcess, set[int]]]:
    """The offers service of the running system's database, as an operator starts it with two
    workers, started; yields it and its workers' PIDs, and stops it."""
    offers = _offers_process(system, e2e_dir, name)
    offers.start(timeout=120)
    try:
        assert offers.process is not None
        workers = workers_of(offers.process.pid)
        assert len(workers) == 2
        yield offers, workers
    finally:
        offers.stop()


def _offers_process(system: System, e2e_dir: Path, name: str) -> ServiceProcess:
    port = free_port()
    return ServiceProcess(
        name,
        "koko_offers.cli",
        port,
        {
            "OFFERS_ENVIRONMENT": "test",
            "OFFERS_DEVELOPMENT_DIRECT_ACCESS": "true",
            "OFFERS_RATE_LIMIT_PER_MINUTE": "0",
            "OFFERS_DATA_DIR": str(e2e_dir / "data"),
            "OFFERS_PORT": str(port),
            "OFFERS_METRICS_PORT": str(free_port()),
            "OFFERS_WORKERS": "2",
            "OFFERS_DATABASE_URL": system.offers_database.render_as_string(hide_password=False),
        },
        e2e_dir / f"{name}.log",
    )


async def test_the_offers_service_serves_from_two_worker_processes(
    system: System, e2e_dir: Path
) -> None:
    # given: the offers service of the running system's database, started with two workers
    # (then: a supervisor with two workers)
    with two_worker_offers(system, e2e_dir, "offers-workers") as (offers, workers):
        # and: concurrent searches are all answered, the same way
        async with httpx.AsyncClient(base_url=offers.url, timeout=30) as client:
            answers = await asyncio.gather(
                *(client.post("/graphql", json=QUERY) for _ in range(16))
            )
        assert {a.status_code for a in answers} == {200}
        # each names the worker that gave it (koko_shared.http.instance), for the gateway's
        # choice of connection: one token per worker at most
        tokens = {a.headers["koko-instance"] for a in answers}
        assert 1 <= len(tokens) <= 2
        assert all(re.fullmatch("[0-9a-f]{12}", token) for token in tokens)
        bodies = {a.content for a in answers}
        assert len(bodies) == 1
        assert b'"totalCount":' in bodies.pop()
    # and: stopping the supervisor stops its workers
    assert not [pid for pid in workers if running(pid)]


async def test_a_worker_stalled_for_seconds_is_not_killed_by_its_supervisor(
    system: System, e2e_dir: Path
) -> None:
    # given: two workers serving
    with two_worker_offers(system, e2e_dir, "offers-stalled-worker") as (offers, workers):
        assert offers.process is not None
        stalled = min(workers)
        # when: one does not run for 7 s, as a worker starved of CPU on a saturated machine,
        # or one still importing the service after a restart there (uvicorn's supervisor pings
        # each worker and, by default, kills one that has not answered within 5 s: under the
        # load benchmark it killed and restarted one worker every few seconds, each restart
        # slower than 5 s to answer on the busy machine)
        os.kill(stalled, signal.SIGSTOP)
        try:
            await asyncio.sleep(7)
        finally:
            os.kill(stalled, signal.SIGCONT)
        # then: it is still the same worker, and both serve
        assert workers_of(offers.process.pid) == workers
        async with httpx.AsyncClient(base_url=offers.url, timeout=30) as client:
            answers = await asyncio.gather(*(client.post("/graphql", json=QUERY) for _ in range(8)))
        assert {a.status_code for a in answers} == {200}


async def test_a_worker_that_dies_is_replaced_and_the_log_says_so(
    system: System, e2e_dir: Path
) -> None:
    # given: two workers serving
    with two_worker_offers(system, e2e_dir, "offers-dying-worker") as (offers, workers):
        assert offers.process is not None
        supervisor, dead = offers.process.pid, min(workers)
        # when: one is killed
        os.kill(dead, signal.SIGKILL)

        # then: the supervisor starts another, and both serve
        def replaced_workers() -> set[int] | None:
            now = workers_of(supervisor)
            return now if len(now) == 2 and dead not in now else None

        replaced = wait_until(
            replaced_workers, seconds=60, what="a new worker in place of the killed one"
        )
        assert replaced is not None and replaced - workers and (workers - {dead}) <= replaced
        async with httpx.AsyncClient(base_url=offers.url, timeout=30) as client:
            answers = await asyncio.gather(*(client.post("/graphql", json=QUERY) for _ in range(8)))
        assert {a.status_code for a in answers} == {200}
    # and: the service's log names the worker that died (it was left out at the warning level)
    assert f"Child process [{dead}] died" in (e2e_dir / "offers-dying-worker.log").read_text()


async def test_the_metrics_port_serves_the_sum_of_the_workers(
    system: System, e2e_dir: Path
) -> None:
    # given: two workers serving, the metrics on their own port (served by the supervisor)
    with two_worker_offers(system, e2e_dir, "offers-worker-metrics") as (offers, workers):
        assert offers.process is not None
        supervisor = offers.process.pid
        metrics_url = f"http://127.0.0.1:{offers.env['OFFERS_METRICS_PORT']}/metrics"
        folder = Path(worker_environment(min(workers))["PROMETHEUS_MULTIPROC_DIR"])
        # when: searches are sent, each on a connection of its own, until both workers answered
        sent, answered_by = await search_until_both_answered(offers.url)
        # then: the service counts every one of them, whichever worker answered
        assert len(answered_by) == 2
        figures = await scrape(metrics_url)
        assert figures["http_requests_total", "/graphql", "200"] == sent
        # and: its admission limit is both workers' (each: its pool, 10 + 10 connections)
        assert figures["koko_admission_limit", "", ""] == 40
        # when: a worker is killed and the supervisor replaces it
        dead = min(workers)
        os.kill(dead, signal.SIGKILL)
        wait_until(
            lambda: len(now := workers_of(supervisor)) == 2 and dead not in now,
            seconds=60,
            what="a new worker in place of the killed one",
        )
        more, _ = await search_until_both_answered(offers.url)
        # then: what the dead worker counted is still counted, and its places are not
        figures = await scrape(metrics_url)
        assert figures["http_requests_total", "/graphql", "200"] == sent + more
        assert figures["koko_admission_limit", "", ""] == 40
    # and: the workers' metric files are gone with the supervisor
    assert not await asyncio.to_thread(folder.exists)


async def search_until_both_answered(url: str) -> tuple[int, set[str]]:
    """Searches, each on a connection of its own, until both workers answered one (at most
    200); how many were sent and the workers that answered."""
    sent, answered_by = 0, set[str]()
    while len(answered_by) < 2 and sent < 200:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            answer = await client.post("/graphql", json=QUERY)
        sent += 1
        assert answer.status_code == 200
        answered_by.add(answer.headers["koko-instance"])
    return sent, answered_by


async def scrape(url: str) -> dict[tuple[str, str, str], float]:
    """The offers service's samples by name, route and status ("" where a sample has none)."""
    async with httpx.AsyncClient(timeout=10) as client:
        text = (await client.get(url)).raise_for_status().text
    return {
        (sample.name, sample.labels.get("route", ""), sample.labels.get("status", "")): (
            sample.value
        )
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.labels.get("service") == "offers"
        and (sample.name.startswith("koko_admission") or sample.name == "http_requests_total")
    }


def worker_environment(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(p.decode(errors="replace").split("=", 1) for p in pairs if b"=" in p)

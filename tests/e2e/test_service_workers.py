"""A subgraph in several worker processes (OFFERS_WORKERS): on one machine a Python service
serves on one core per process, and the load benchmark's offers service was the one busy core
(docs/benchmarks.md). Started as an operator would, it serves from every worker."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

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


async def test_the_offers_service_serves_from_two_worker_processes(
    system: System, e2e_dir: Path
) -> None:
    # given: the offers service of the running system's database, started with two workers
    port = free_port()
    offers = ServiceProcess(
        "offers-workers",
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
        e2e_dir / "offers-workers.log",
    )
    offers.start(timeout=120)
    try:
        assert offers.process is not None
        # then: a supervisor with two workers
        workers = workers_of(offers.process.pid)
        assert len(workers) == 2
        # and: concurrent searches are all answered, the same way
        async with httpx.AsyncClient(base_url=offers.url, timeout=30) as client:
            answers = await asyncio.gather(
                *(client.post("/graphql", json=QUERY) for _ in range(16))
            )
        assert {a.status_code for a in answers} == {200}
        bodies = {a.content for a in answers}
        assert len(bodies) == 1
        assert b'"totalCount":' in bodies.pop()
    finally:
        offers.stop()
    # and: stopping the supervisor stops its workers
    assert not [pid for pid in workers if alive(pid)]


def alive(pid: int) -> bool:
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False

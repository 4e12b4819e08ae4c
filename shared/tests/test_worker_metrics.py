"""A service of several worker processes reports as one: the workers write their metrics to a
shared folder and the supervisor serves the sum (koko_shared.http.worker_metrics). The workers
here are real processes, each with the folder in its environment before it imports
prometheus_client, as uvicorn's spawned workers have it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from koko_shared.http.worker_metrics import (
    FOLDER_VARIABLE,
    in_worker_processes,
    running,
    worker_metrics_folder,
    workers_registry,
)

# One worker: a limiter of `limit` places, all in use, that refused `refused` requests, with a
# request counted per place; once its figures are copied into the shared files it prints "ready"
# and waits for its stdin to close.
WORKER = textwrap.dedent(
    """
    import asyncio, sys
    from koko_shared.http.admission import ConcurrencyLimiter, Refused
    from koko_shared.http.admission_metrics import register_admission_metrics
    from koko_shared.telemetry import Metrics

    limit, refused = (int(a) for a in sys.argv[1:3])
    metrics = Metrics("offers")

    async def main():
        limiter = ConcurrencyLimiter(limit, queue_size=0, queue_seconds=1)
        register_admission_metrics(metrics.registry, limiter, "offers")
        for _ in range(limit):
            await limiter.acquire()
        for _ in range(refused):
            try:
                await limiter.acquire()
            except Refused:
                pass
        for _ in range(limit):
            metrics.requests.labels("offers", "POST", "/graphql", 200).inc()
        await asyncio.sleep(1.5)  # the mirror's next copy

    asyncio.run(main())
    print("ready", flush=True)
    sys.stdin.read()
    """
)


@pytest.fixture
def folder() -> Iterator[Path]:
    with worker_metrics_folder("offers") as path:
        yield path


def start_worker(limit: int, refused: int) -> subprocess.Popen[str]:
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(limit), str(refused)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    return worker


def scraped(folder: Path) -> dict[str, float]:
    text = generate_latest(workers_registry(folder)).decode()
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.labels.get("service") == "offers"
        and (sample.name.startswith("koko_admission") or sample.name == "http_requests_total")
    }


def test_the_service_reports_the_sum_of_its_workers_and_forgets_a_dead_ones_gauges(
    folder: Path,
) -> None:
    # given: two workers, one with its 3 places taken and 2 refusals, one with 1 and none
    first = start_worker(3, 2)
    second = start_worker(1, 0)
    try:
        # then: the service's figures are their sums
        figures = scraped(folder)
        assert figures["koko_admission_limit"] == 4
        assert figures["koko_admission_in_flight"] == 4
        assert figures["koko_admission_refused_total"] == 2
        assert figures["koko_admission_overloads_total"] == 1
        assert figures["http_requests_total"] == 4
        # the first's queue overflowed (a refusal): it stands, and so the service's does
        assert figures["koko_admission_standing_queue"] == 1
        # when: the first worker ends (the supervisor replaces a worker that died or hung)
        assert first.stdin is not None
        first.stdin.close()
        first.wait(timeout=10)
        assert not running(first.pid)
        # then: what it counted stays counted; what it held now is no longer in use
        figures = scraped(folder)
        assert figures["koko_admission_refused_total"] == 2
        assert figures["http_requests_total"] == 4
        assert figures["koko_admission_limit"] == 1
        assert figures["koko_admission_in_flight"] == 1
        assert figures["koko_admission_standing_queue"] == 0
    finally:
        for worker in (first, second):
            worker.kill()
            worker.wait()


def test_the_folder_is_named_to_the_workers_only_while_the_supervisor_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # given: no folder asked for
    monkeypatch.delenv(FOLDER_VARIABLE, raising=False)
    with worker_metrics_folder("offers") as made:
        # then: a temporary one, in the environment the workers inherit
        assert os.environ[FOLDER_VARIABLE] == str(made) and made.is_dir()
        assert in_worker_processes()
    # and: removed afterwards, the process itself not a worker
    assert not made.exists()
    assert not in_worker_processes()
    # given: the operator's folder, holding files of an earlier run
    given = tmp_path / "metrics"
    given.mkdir()
    (given / "counter_12345.db").write_bytes(b"old")
    monkeypatch.setenv(FOLDER_VARIABLE, str(given))
    (given / "offers").mkdir()
    (given / "offers" / "counter_12345.db").write_bytes(b"old")
    with worker_metrics_folder("offers") as used:
        # then: the service's own folder in it is used (another service's files are not its
        # own), emptied (the old counts would be summed with the new)
        assert used == given / "offers" and os.environ[FOLDER_VARIABLE] == str(used)
        assert not list(used.iterdir())
        assert (given / "counter_12345.db").exists()
    # and: kept afterwards; this process, of one, serves its own registry
    assert used.is_dir() and os.environ[FOLDER_VARIABLE] == str(given)
    assert not in_worker_processes()
    # given: a file where the folder should be
    monkeypatch.setenv(FOLDER_VARIABLE, str(given / "counter_12345.db"))
    # then: the service does not start, and says why
    with (
        pytest.raises(SystemExit, match="no folder for the workers' metrics"),
        worker_metrics_folder("offers"),
    ):
        pass


def test_a_zombie_is_not_running() -> None:
    # given: a child that has ended but was not collected yet
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
        # then: it does not count as running, this process does
        assert not running(child.pid)
        assert running(os.getpid())
    finally:
        child.wait()

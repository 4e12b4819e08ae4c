"""Refusals happen before the telemetry middleware sees a request: the limiter's own counts are
in the metrics instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from koko_shared.http.admission import ConcurrencyLimiter, Refused
from koko_shared.http.admission_metrics import register_admission_metrics


async def test_refusals_limit_and_places_in_use_are_in_the_metrics() -> None:
    limiter = ConcurrencyLimiter(1, queue_size=0, queue_seconds=1)
    registry = CollectorRegistry()
    register_admission_metrics(registry, limiter, "offers")
    taken = await limiter.acquire()
    for _ in range(3):
        with pytest.raises(Refused):
            await limiter.acquire()
    text = generate_latest(registry).decode()
    assert 'koko_admission_refused_total{service="offers"} 3.0' in text
    assert 'koko_admission_limit{service="offers"} 1.0' in text
    assert 'koko_admission_in_flight{service="offers"} 1.0' in text
    assert 'koko_admission_waiting{service="offers"} 0.0' in text
    # refusals are a queue that overflowed: it stands
    assert 'koko_admission_standing_queue{service="offers"} 1.0' in text
    assert 'koko_admission_overloads_total{service="offers"} 1.0' in text
    limiter.release(taken)
    assert 'koko_admission_in_flight{service="offers"} 0.0' in generate_latest(registry).decode()


def test_a_service_of_one_process_reports_them_with_a_metrics_folder_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # given: the operator's PROMETHEUS_MULTIPROC_DIR in the environment of a service that runs
    # in one process (no supervisor summing workers' files)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    limiter = ConcurrencyLimiter(2, queue_size=0, queue_seconds=1)
    registry = CollectorRegistry()
    register_admission_metrics(registry, limiter, "offers")
    # then: its own registry, the one it serves, holds the figures
    assert 'koko_admission_limit{service="offers"} 2.0' in generate_latest(registry).decode()

"""Admission control in the metrics: the admission guard refuses as the outermost layer, before
the telemetry middleware counts a request, so its refusals, limit and places in use are
reported from the limiter itself (`koko_admission_refused_total`, `koko_admission_limit`,
`koko_admission_in_flight`, `koko_admission_waiting`, and `koko_admission_standing_queue`: 1
while the queue has not emptied for a whole interval or overflowed, koko_shared.http.codel, with
`koko_admission_overloads_total` counting how often that began; labelled by service).

In one process a collector reads the limiter at every scrape. A worker of several
(koko_shared.http.worker_metrics) is not the process scraped: it copies the limiter's figures
into the shared metric files every MIRROR_SECONDS instead, and the service reports the sum over
its workers (the standing queue: 1 while any worker's stands)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from prometheus_client import Counter, Gauge
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry

from koko_shared.http.admission import ConcurrencyLimiter
from koko_shared.http.worker_metrics import in_worker_processes

# A scrape every 15 s or more (Prometheus' default interval) sees figures at most this old.
MIRROR_SECONDS = 1.0


@dataclass(frozen=True)
class _Figure:
    name: str
    help: str
    read: Callable[[ConcurrencyLimiter], float]
    counter: bool = False
    # How the workers' gauges add up (prometheus_client's multiprocess modes).
    workers: Literal["livesum", "livemax"] = "livesum"


FIGURES = (
    _Figure(
        "koko_admission_refused",
        "Requests refused by admission control (503 OVERLOADED with Retry-After)",
        lambda limiter: limiter.refused,
        counter=True,
    ),
    _Figure(
        "koko_admission_limit", "Requests admitted at once at most", lambda limiter: limiter.limit
    ),
    _Figure("koko_admission_in_flight", "Requests admitted now", lambda limiter: limiter.in_flight),
    _Figure(
        "koko_admission_waiting",
        "Requests waiting for a place now",
        lambda limiter: limiter.waiting,
    ),
    _Figure(
        "koko_admission_standing_queue",
        "1 while the admission queue stands (overload: fewer at once, newest first, short"
        " waits); 0 while it empties within the interval (bursts)",
        lambda limiter: int(limiter.overloaded),
        workers="livemax",
    ),
    _Figure(
        "koko_admission_overloads",
        "Times the admission queue began to stand (overload)",
        lambda limiter: limiter.queue.overloads,
        counter=True,
    ),
)


class AdmissionCollector(Collector):
    def __init__(self, limiter: ConcurrencyLimiter, service: str) -> None:
        self.limiter = limiter
        self.service = service

    def collect(self) -> Iterator[Metric]:
        for figure in FIGURES:
            family = (
                CounterMetricFamily(figure.name, figure.help, labels=["service"])
                if figure.counter
                else GaugeMetricFamily(figure.name, figure.help, labels=["service"])
            )
            family.add_metric([self.service], figure.read(self.limiter))
            yield family


class AdmissionMirror:
    """The limiter's figures copied into the workers' shared metric files (counters by their
    growth since the last copy), from a daemon thread: no cost per request."""

    def __init__(self, limiter: ConcurrencyLimiter, service: str) -> None:
        self.limiter = limiter
        # Not in any registry: in multiprocess mode the values live in the shared files, and
        # the supervisor serves those.
        self.metrics: list[tuple[_Figure, Counter | Gauge]] = [
            (
                figure,
                Counter(figure.name, figure.help, ["service"], registry=None).labels(service)
                if figure.counter
                else Gauge(
                    figure.name,
                    figure.help,
                    ["service"],
                    registry=None,
                    multiprocess_mode=figure.workers,
                ).labels(service),
            )
            for figure in FIGURES
        ]
        self.copied: dict[str, float] = {}

    def copy(self) -> None:
        for figure, metric in self.metrics:
            value = figure.read(self.limiter)
            if isinstance(metric, Counter):
                grown = value - self.copied.get(figure.name, 0)
                if grown > 0:
                    metric.inc(grown)
                self.copied[figure.name] = value
            else:
                metric.set(value)

    def start(self) -> None:
        self.copy()
        threading.Thread(target=self._run, name="admission-metrics", daemon=True).start()

    def _run(self) -> None:
        while True:  # for the life of the worker (a daemon thread)
            time.sleep(MIRROR_SECONDS)
            self.copy()


def register_admission_metrics(
    registry: CollectorRegistry, limiter: ConcurrencyLimiter, service: str
) -> None:
    if in_worker_processes():
        AdmissionMirror(limiter, service).start()
    else:
        registry.register(AdmissionCollector(limiter, service))

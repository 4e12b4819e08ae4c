"""Admission control in the metrics: the admission guard refuses as the outermost layer, before
the telemetry middleware counts a request, so its refusals, limit and places in use are
reported from the limiter itself (`koko_admission_refused_total`, `koko_admission_limit`,
`koko_admission_in_flight`, `koko_admission_waiting`, and `koko_admission_standing_queue`: 1
while the queue has not emptied for a whole interval or overflowed, koko_shared.http.codel, with
`koko_admission_overloads_total` counting how often that began; labelled by service)."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry

from koko_shared.http.admission import ConcurrencyLimiter


class AdmissionCollector(Collector):
    def __init__(self, limiter: ConcurrencyLimiter, service: str) -> None:
        self.limiter = limiter
        self.service = service

    def collect(self) -> Iterator[Metric]:
        refused = CounterMetricFamily(
            "koko_admission_refused",
            "Requests refused by admission control (503 OVERLOADED with Retry-After)",
            labels=["service"],
        )
        refused.add_metric([self.service], self.limiter.refused)
        limit = GaugeMetricFamily(
            "koko_admission_limit", "Requests admitted at once at most", labels=["service"]
        )
        limit.add_metric([self.service], self.limiter.limit)
        in_flight = GaugeMetricFamily(
            "koko_admission_in_flight", "Requests admitted now", labels=["service"]
        )
        in_flight.add_metric([self.service], self.limiter.in_flight)
        waiting = GaugeMetricFamily(
            "koko_admission_waiting", "Requests waiting for a place now", labels=["service"]
        )
        waiting.add_metric([self.service], self.limiter.waiting)
        standing = GaugeMetricFamily(
            "koko_admission_standing_queue",
            "1 while the admission queue stands (overload: fewer at once, newest first, short"
            " waits); 0 while it empties within the interval (bursts)",
            labels=["service"],
        )
        standing.add_metric([self.service], int(self.limiter.overloaded))
        overloads = CounterMetricFamily(
            "koko_admission_overloads",
            "Times the admission queue began to stand (overload)",
            labels=["service"],
        )
        overloads.add_metric([self.service], self.limiter.queue.overloads)
        yield from (refused, limit, in_flight, waiting, standing, overloads)


def register_admission_metrics(
    registry: CollectorRegistry, limiter: ConcurrencyLimiter, service: str
) -> None:
    registry.register(AdmissionCollector(limiter, service))

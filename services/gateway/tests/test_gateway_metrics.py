"""Prometheus metrics per subgraph fetch (latency, outcome, errors by code) and per operation
name with bounded label values (issue 12)."""

from __future__ import annotations

from conftest import GatewayClient, gateway_settings, open_gateway
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families


async def _samples(client: GatewayClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    # What the metrics port serves (koko_shared.telemetry.serve_metrics): the app's registry.
    registry = client.http._transport.app.state.metrics.registry  # type: ignore[attr-defined]
    text = generate_latest(registry).decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_fetches_and_operations_are_measured(supergraph_sdl: str) -> None:
    async for client in open_gateway(supergraph_sdl, gateway_settings()):
        # when: a named operation over two subgraphs, and one whose subgraph reports an error
        await client.query('query ChairStock { product(id: "p1") { name inStock } }')
        await client.query("query Ratings { products { rating } }")
        samples = await _samples(client)
        # then
        fetches = "koko_gateway_subgraph_fetch_seconds_count"
        assert _value(samples, fetches, subgraph="products", outcome="ok") >= 1
        assert _value(samples, fetches, subgraph="inventory", outcome="ok") >= 1
        assert _value(samples, fetches, subgraph="reviews", outcome="errors") >= 1
        errors = [
            labels
            for (name, labels), value in samples.items()
            if name == "koko_gateway_subgraph_errors_total" and value >= 1
        ]
        assert any(dict(labels)["subgraph"] == "reviews" for labels in errors)
        operations = "koko_gateway_operation_seconds_count"
        assert _value(samples, operations, operation="ChairStock", outcome="ok") == 1
        assert _value(samples, operations, operation="Ratings", outcome="partial") == 1


async def test_a_failed_fetch_is_counted_by_code(supergraph_sdl: str) -> None:
    settings = gateway_settings(
        subgraph_urls="reviews=http://127.0.0.1:9/graphql", subgraph_retries=0
    )
    async for client in open_gateway(supergraph_sdl, settings):
        await client.query('{ product(id: "p1") { name reviews { body } } }')
        samples = await _samples(client)
        assert (
            _value(
                samples,
                "koko_gateway_subgraph_errors_total",
                subgraph="reviews",
                code="SUBGRAPH_UNAVAILABLE",
            )
            == 1
        )
        assert (
            _value(
                samples,
                "koko_gateway_subgraph_fetch_seconds_count",
                subgraph="reviews",
                outcome="unreachable",
            )
            == 1
        )


async def test_operation_names_cannot_grow_the_series_without_bound(supergraph_sdl: str) -> None:
    async for client in open_gateway(supergraph_sdl, gateway_settings()):
        # when: 250 distinct operation names
        for index in range(250):
            await client.query(f"query Op{index} {{ color }}", operationName=f"Op{index}")
        samples = await _samples(client)
        # then: 200 names, the rest counted as "other"
        names = {
            dict(labels)["operation"]
            for (name, labels) in samples
            if name == "koko_gateway_operation_seconds_count"
        }
        assert len(names) == 201 and "other" in names
        assert (
            _value(samples, "koko_gateway_operation_seconds_count", operation="other", outcome="ok")
            == 50
        )

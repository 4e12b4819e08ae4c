"""Conformance: null propagation into nullable and non-null parents, errors with paths, a dead
subgraph, timeouts, recovery without restarting the gateway, masking in production."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from conftest import GatewayClient, gateway_settings, open_gateway
from servers import ServerThread

from koko_shared.testing.clock import ManualClock

# The timeout of the gateways whose reviews `slow` field hangs (it sleeps 4 s, so it never answers
# within this). The timeout applies to every subgraph: at 1.5 s, products (served by a thread of
# this process) once answered too late on a loaded CI machine (2 cores, 4 test workers), and the
# circuit test read its timeout where it expected the circuit's refusal.
HUNG_TIMEOUT_SECONDS = 3.0


async def test_error_in_nullable_field_nulls_only_that_field(gateway: GatewayClient) -> None:
    result = await gateway.query("{ products { name rating } }")
    assert [p["rating"] for p in result["data"]["products"]] == [5, None, 5]
    assert [e["path"] for e in result["errors"]] == [["products", 1, "rating"]]
    assert "rating service exploded" in result["errors"][0]["message"]


async def test_non_null_error_bubbles_to_the_nullable_parent(gateway: GatewayClient) -> None:
    result = await gateway.query(
        '{ ok: product(id: "p1") { name mandatoryRating } '
        'bad: product(id: "p2") { name mandatoryRating } }'
    )
    assert result["data"] == {"ok": {"name": "Chair", "mandatoryRating": 4}, "bad": None}
    assert result["errors"][0]["path"] == ["bad", "mandatoryRating"]


async def test_non_null_error_bubbles_through_non_null_parents_to_data(
    gateway: GatewayClient,
) -> None:
    # products: [Product!]! -> a null Product can't stay in the list, the list can't be null,
    # so the null reaches `data`.
    result = await gateway.query("{ products { name mandatoryRating } }")
    assert result["data"] is None
    assert result["errors"][0]["path"] == ["products", 1, "mandatoryRating"]


@pytest.fixture
async def fragile_reviews(
    supergraph_sdl: str, subgraph_servers: dict[str, ServerThread]
) -> AsyncIterator[tuple[GatewayClient, ServerThread]]:
    # A stopped subgraph refuses the connection at once, so these tests need no short timeout;
    # a generous one keeps the healthy subgraphs' fetches from timing out on a loaded CI machine
    # (a 1.5 s timeout once failed the recovery below: products, served by a thread of this
    # process, answered too late).
    async for client in open_gateway(
        supergraph_sdl, gateway_settings(subgraph_timeout_seconds=10.0, subgraph_retries=0)
    ):
        yield client, subgraph_servers["reviews"]
    if subgraph_servers["reviews"].server is None:
        subgraph_servers["reviews"].start()


async def test_dead_subgraph_nulls_its_fields_and_recovers(
    fragile_reviews: tuple[GatewayClient, ServerThread],
) -> None:
    client, reviews = fragile_reviews
    query = '{ product(id: "p1") { name inStock reviews { body } } }'
    # given the reviews subgraph is down
    reviews.stop()
    # when
    down = await client.query(query)
    # then the other subgraphs still answer, and the error names the failed path
    assert down["data"] == {"product": {"name": "Chair", "inStock": True, "reviews": None}}
    assert [e["path"] for e in down["errors"]] == [["product", "reviews"]]
    assert down["errors"][0]["extensions"]["code"] == "SUBGRAPH_UNAVAILABLE"
    # and when it comes back, the same gateway answers fully again
    reviews.start()
    up = await client.query(query)
    assert up == {
        "data": {"product": {"name": "Chair", "inStock": True, "reviews": [{"body": "Good SKU-1"}]}}
    }


async def test_a_dead_subgraph_is_named_in_the_request_language(
    fragile_reviews: tuple[GatewayClient, ServerThread],
) -> None:
    # given: the reviews subgraph is down (subgraph failures are exposed outside production)
    client, reviews = fragile_reviews
    reviews.stop()
    query = {"query": '{ product(id: "p1") { name reviews { body } } }'}
    # when
    answers = [
        (await client.http.post("/graphql", json=query, headers=headers)).json()
        for headers in ({"accept-language": "de"}, {})
    ]
    # then: the developer's diagnosis in German, and as before without the header
    assert [a["errors"][0]["message"] for a in answers] == [
        "Der Subgraph 'reviews' ist nicht erreichbar",
        "subgraph 'reviews' is unreachable",
    ]
    reviews.start()


async def test_dead_root_subgraph(
    fragile_reviews: tuple[GatewayClient, ServerThread],
) -> None:
    client, reviews = fragile_reviews
    reviews.stop()
    result = await client.query('{ latestReviews { body } product(id: "p1") { name } }')
    # latestReviews is non-null, so its failure nulls data; the error carries its path.
    assert result["data"] is None
    assert result["errors"][0]["path"] == ["latestReviews"]
    reviews.start()


async def test_subgraph_timeout_nulls_the_slow_field(supergraph_sdl: str) -> None:
    # `slow` sleeps 4 s: beyond this gateway's timeout
    settings = gateway_settings(subgraph_timeout_seconds=HUNG_TIMEOUT_SECONDS, subgraph_retries=0)
    async for client in open_gateway(supergraph_sdl, settings):
        result = await client.query('{ product(id: "p1") { name inStock slow } }')
        assert result["data"] == {"product": {"name": "Chair", "inStock": True, "slow": None}}
        assert result["errors"][0]["path"] == ["product", "slow"]
        assert "timed out" in result["errors"][0]["message"]


async def test_production_masks_subgraph_error_messages(supergraph_sdl: str) -> None:
    settings = gateway_settings(environment="production")
    async for client in open_gateway(supergraph_sdl, settings):
        result = await client.query("{ products { rating } }")
        assert result["errors"][0]["path"] == ["products", 1, "rating"]
        assert "exploded" not in result["errors"][0]["message"]
        # introspection is off in production by default
        introspection = await client.query("{ __schema { types { name } } }", expect_status=400)
        assert "introspection" in introspection["errors"][0]["message"].lower()


async def test_the_circuit_opens_on_a_hung_subgraph_and_closes_when_it_recovers(
    supergraph_sdl: str,
) -> None:
    # given: reviews times out (its `slow` field hangs past the timeout); two timeouts
    # open the circuit for one second
    settings = gateway_settings(
        subgraph_timeout_seconds=HUNG_TIMEOUT_SECONDS,
        subgraph_retries=0,
        subgraph_circuit_failures=2,
        subgraph_circuit_open_seconds=1.0,
    )
    hung = '{ product(id: "p1") { name slow } }'
    healthy = '{ product(id: "p1") { name reviews { body } } }'
    clock = ManualClock()
    async for client in open_gateway(supergraph_sdl, settings, clock=clock):
        for _ in range(2):
            timed_out = await client.query(hung)
            assert "timed out" in timed_out["errors"][0]["message"]
        # when: the circuit is open (reviews would answer this query, but is not asked)
        fast = await client.query(healthy)
        # then: a partial answer with the error at the subgraph's path
        assert fast["data"] == {"product": {"name": "Chair", "reviews": None}}
        error = fast["errors"][0]
        assert error["path"] == ["product", "reviews"]
        assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        assert "circuit open" in error["message"]
        german = await client.http.post(
            "/graphql", json={"query": healthy}, headers={"accept-language": "de"}
        )
        assert german.json()["errors"][0]["message"] == (
            "Der Subgraph 'reviews' ist nicht verfügbar (Schutzschalter nach wiederholten "
            "Fehlern offen; nächster Versuch in 1 s)"
        )
        # when: one second later the circuit is still open; after the pause a probe reaches
        # the (now answering) subgraph
        clock.advance(0.9)
        still_open = await client.query(healthy)
        assert still_open["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        clock.advance(0.2)
        recovered = await client.query(healthy)
        again = await client.query(healthy)
        # then
        for body in (recovered, again):
            assert body == {
                "data": {"product": {"name": "Chair", "reviews": [{"body": "Good SKU-1"}]}}
            }


async def test_a_failed_probe_opens_the_circuit_again(supergraph_sdl: str) -> None:
    settings = gateway_settings(
        subgraph_timeout_seconds=HUNG_TIMEOUT_SECONDS,
        subgraph_retries=0,
        subgraph_circuit_failures=1,
        subgraph_circuit_open_seconds=0.5,
    )
    hung = '{ product(id: "p1") { name slow } }'
    clock = ManualClock()
    async for client in open_gateway(supergraph_sdl, settings, clock=clock):
        await client.query(hung)  # opens
        clock.advance(0.6)
        probe = await client.query(hung)  # the probe times out: open again
        assert "timed out" in probe["errors"][0]["message"]
        refused = await client.query(hung)  # not asked: refused at once, not timed out
        assert "circuit open" in refused["errors"][0]["message"]
        assert refused["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"

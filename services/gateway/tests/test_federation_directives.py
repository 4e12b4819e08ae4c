"""Conformance: @requires (flat and nested), @provides, @shareable, @override, @inaccessible,
interfaces and unions across subgraphs, @skip/@include on entity fields."""

from __future__ import annotations

from conftest import GatewayClient


async def test_requires_sends_required_fields_in_the_representation(
    gateway: GatewayClient,
) -> None:
    # shippingEstimate in inventory @requires "price weight", which products owns.
    result = await gateway.query("{ products { id shippingEstimate } }")
    assert result["data"]["products"] == [
        {"id": "p1", "shippingEstimate": 55},
        {"id": "p2", "shippingEstimate": 200},
        {"id": "p3", "shippingEstimate": 15},
    ]
    # The required fields themselves are not in the response unless asked for.
    assert "price" not in result["data"]["products"][0]


async def test_requires_with_nested_fields(gateway: GatewayClient) -> None:
    result = await gateway.query("{ products { volumeClass dimensions { width } } }")
    assert result["data"]["products"] == [
        {"volumeClass": "small", "dimensions": {"width": 40}},
        {"volumeClass": "large", "dimensions": {"width": 120}},
        {"volumeClass": "small", "dimensions": {"width": 20}},
    ]


async def test_provides_answers_from_the_providing_subgraph(gateway: GatewayClient) -> None:
    # Review.author @provides(fields: "name"): reviews answers User.name itself, so the value
    # is the one reviews provides, not the one products would give.
    result = await gateway.query("{ latestReviews { body author { id name } } }")
    assert result == {
        "data": {
            "latestReviews": [
                {"body": "Latest", "author": {"id": "u2", "name": "Grace (provided)"}}
            ]
        }
    }


async def test_field_not_provided_goes_to_the_owner(gateway: GatewayClient) -> None:
    result = await gateway.query('{ user(id: "u1") { name } }')
    assert result == {"data": {"user": {"name": "Ada"}}}


async def test_shareable_field_resolved_from_either_subgraph(gateway: GatewayClient) -> None:
    from_products = await gateway.query('{ product(id: "p1") { name } }')
    from_reviews = await gateway.query("{ topProduct { sku name } }")
    assert from_products["data"]["product"]["name"] == "Chair"
    # topProduct comes from reviews, which also resolves the shareable `name` itself.
    assert from_reviews["data"]["topProduct"] == {"sku": "SKU-1", "name": "Chair from reviews"}


async def test_reviews_root_entity_reaches_products_by_sku(gateway: GatewayClient) -> None:
    result = await gateway.query("{ topProduct { price inStock } }")
    assert result == {"data": {"topProduct": {"price": 100, "inStock": True}}}


async def test_override_routes_to_the_new_owner(gateway: GatewayClient) -> None:
    result = await gateway.query('{ product(id: "p2") { delivery } }')
    assert result == {"data": {"product": {"delivery": "2 days for p2"}}}


async def test_inaccessible_field_is_hidden_from_the_api(gateway: GatewayClient) -> None:
    result = await gateway.query('{ product(id: "p1") { internalCode } }', expect_status=400)
    assert "internalCode" in result["errors"][0]["message"]
    introspection = await gateway.query('{ __type(name: "Product") { fields { name } } }')
    names = {f["name"] for f in introspection["data"]["__type"]["fields"]}
    assert "internalCode" not in names and "name" in names
    schema = await gateway.query("{ __schema { types { name } directives { name } } }")
    type_names = {t["name"] for t in schema["data"]["__schema"]["types"]}
    assert not {n for n in type_names if n.startswith(("join__", "link__"))}
    assert "_Entity" not in type_names and "_Service" not in type_names


async def test_interface_entities_across_subgraphs(gateway: GatewayClient) -> None:
    result = await gateway.query(
        """{ media { __typename id title
             ... on Book { pages reviewsCount }
             ... on Movie { minutes reviewsCount } } }"""
    )
    assert result == {
        "data": {
            "media": [
                {
                    "__typename": "Book",
                    "id": "b1",
                    "title": "Book b1",
                    "pages": 100,
                    "reviewsCount": 7,
                },
                {
                    "__typename": "Movie",
                    "id": "m1",
                    "title": "Movie m1",
                    "minutes": 90,
                    "reviewsCount": 3,
                },
            ]
        }
    }


async def test_union_members_across_subgraphs(gateway: GatewayClient) -> None:
    result = await gateway.query(
        """{ search(text: "x") { ... on Movie { title reviewsCount } ... on Book { pages } } }"""
    )
    assert result == {"data": {"search": [{"title": "Movie x", "reviewsCount": 3}, {"pages": 250}]}}


async def test_skip_and_include_on_entity_fields(gateway: GatewayClient) -> None:
    query = """query Q($withStock: Boolean!, $skipReviews: Boolean!) {
        product(id: "p1") {
          name
          inStock @include(if: $withStock)
          reviews @skip(if: $skipReviews) { body }
        } }"""
    both = await gateway.query(query, {"withStock": True, "skipReviews": False})
    neither = await gateway.query(query, {"withStock": False, "skipReviews": True})
    assert both["data"]["product"] == {
        "name": "Chair",
        "inStock": True,
        "reviews": [{"body": "Good SKU-1"}],
    }
    assert neither["data"]["product"] == {"name": "Chair"}


async def test_enum_values_pass_through(gateway: GatewayClient) -> None:
    assert await gateway.query("{ color }") == {"data": {"color": "RED"}}


async def test_entity_fetches_of_one_level_share_one_request_per_subgraph(
    supergraph_sdl: str,
) -> None:
    from conftest import gateway_settings

    from koko_gateway.gateway import Gateway
    from koko_gateway.planning.nodes import EntityBatch, Sequence

    engine = Gateway(supergraph_sdl, gateway_settings())
    try:
        query = "{ media { ... on Book { reviewsCount } ... on Movie { reviewsCount } } }"
        plan = engine.plan(engine.prepare(query, None), {}, query)
        # then: the products fetch, then ONE request to reviews for both Book and Movie
        assert isinstance(plan.node, Sequence) and len(plan.node.nodes) == 2
        batch = plan.node.nodes[1]
        assert isinstance(batch, EntityBatch) and batch.service_name == "reviews"
        assert [f.entity_type for f in batch.fetches] == ["Book", "Movie"]
    finally:
        await engine.aclose()

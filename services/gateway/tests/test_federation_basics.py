"""Conformance: root fields, entities by key (single, composite, multiple keys), aliases,
variables, fragments, __typename."""

from __future__ import annotations

from conftest import GatewayClient


async def test_root_field_of_one_subgraph(gateway: GatewayClient) -> None:
    # when
    result = await gateway.query("{ products { id name price } }")
    # then
    assert result == {
        "data": {
            "products": [
                {"id": "p1", "name": "Chair", "price": 100},
                {"id": "p2", "name": "Table", "price": 300},
                {"id": "p3", "name": "Lamp", "price": 40},
            ]
        }
    }


async def test_entity_fields_from_another_subgraph_by_key(gateway: GatewayClient) -> None:
    result = await gateway.query("{ products { id inStock delivery } }")
    assert result["data"]["products"] == [
        {"id": "p1", "inStock": True, "delivery": "2 days for p1"},
        {"id": "p2", "inStock": True, "delivery": "2 days for p2"},
        {"id": "p3", "inStock": False, "delivery": "2 days for p3"},
    ]
    assert "errors" not in result


async def test_second_key_is_used_for_a_subgraph_that_only_knows_sku(
    gateway: GatewayClient,
) -> None:
    result = await gateway.query('{ product(id: "p2") { id rating reviews { body } } }')
    assert result["data"]["product"]["reviews"] == [{"body": "Good SKU-2"}]


async def test_composite_key_entity(gateway: GatewayClient) -> None:
    # Warehouse is keyed by "id region": inventory returns it, reviews adds `manager`.
    result = await gateway.query('{ product(id: "p1") { name warehouse { capacity manager } } }')
    assert result == {
        "data": {
            "product": {
                "name": "Chair",
                "warehouse": {"capacity": 0, "manager": "manager of w1 in north"},
            }
        }
    }


async def test_three_subgraphs_in_one_query(gateway: GatewayClient) -> None:
    result = await gateway.query(
        "{ products(first: 2) { name inStock reviews { body author { name } } } }"
    )
    assert result["data"]["products"] == [
        {
            "name": "Chair",
            "inStock": True,
            "reviews": [{"body": "Good SKU-1", "author": {"name": "Ada (provided by reviews)"}}],
        },
        {
            "name": "Table",
            "inStock": True,
            "reviews": [{"body": "Good SKU-2", "author": {"name": "Ada (provided by reviews)"}}],
        },
    ]


async def test_aliases_variables_fragments_and_typename(gateway: GatewayClient) -> None:
    query = """
      query Two($a: ID!, $b: ID!) {
        first: product(id: $a) { ...Parts kind: __typename }
        second: product(id: $b) { ...Parts stock: inStock }
        __typename
      }
      fragment Parts on Product { label: name id ... on Product { cost: price } }
    """
    result = await gateway.query(query, {"a": "p1", "b": "p3"})
    assert result == {
        "data": {
            "first": {"label": "Chair", "id": "p1", "cost": 100, "kind": "Product"},
            "second": {"label": "Lamp", "id": "p3", "cost": 40, "stock": False},
            "__typename": "Query",
        }
    }


async def test_response_keeps_the_clients_field_order(gateway: GatewayClient) -> None:
    result = await gateway.query('{ product(id: "p1") { inStock name id } }')
    assert list(result["data"]["product"]) == ["inStock", "name", "id"]


async def test_mutation_then_entity_fetch(gateway: GatewayClient) -> None:
    result = await gateway.query(
        'mutation { renameProduct(id: "p3", name: "Desk lamp") { name inStock } }'
    )
    assert result == {"data": {"renameProduct": {"name": "Desk lamp", "inStock": False}}}
    result = await gateway.query('mutation { renameProduct(id: "p3", name: "Lamp") { name } }')
    assert result["data"]["renameProduct"]["name"] == "Lamp"

"""`inventory`: extends Product with @requires (flat and nested), @override, a composite key."""

from __future__ import annotations

import strawberry
from strawberry.federation import Schema

FEDERATION_VERSION = "2.9"


@strawberry.federation.type(shareable=True)
class Dimensions:
    width: int
    height: int


@strawberry.federation.type(keys=["id region"])
class Warehouse:
    id: strawberry.ID
    region: str
    capacity: int

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, region: str) -> Warehouse:
        return cls(id=id, region=region, capacity=len(region) * 100 + int(str(id)[-1]))


@strawberry.federation.type(keys=["id"])
class Product:
    id: strawberry.ID
    price: int = strawberry.federation.field(external=True)
    weight: int = strawberry.federation.field(external=True)
    dimensions: Dimensions = strawberry.federation.field(external=True)
    delivery: str = strawberry.federation.field(override="products")

    @strawberry.federation.field(requires=["price weight"])
    def shipping_estimate(self) -> int:
        # Heavier and cheaper things cost more to ship: needs both required fields.
        return self.weight * 10 + (0 if self.price > 200 else 5)

    @strawberry.federation.field(requires=["dimensions { width height }"])
    def volume_class(self) -> str:
        area = self.dimensions.width * self.dimensions.height  # type: ignore[attr-defined]
        return "large" if area > 5000 else "small"

    @strawberry.field
    def in_stock(self) -> bool:
        return str(self.id) != "p3"

    @strawberry.field
    def warehouse(self) -> Warehouse:
        return Warehouse(id=strawberry.ID("w1"), region="north", capacity=0)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, **fields: object) -> Product:
        dimensions = fields.get("dimensions")
        return cls(
            id=id,
            price=int(fields.get("price", 0)),  # type: ignore[call-overload]
            weight=int(fields.get("weight", 0)),  # type: ignore[call-overload]
            dimensions=Dimensions(**dimensions) if isinstance(dimensions, dict) else None,  # type: ignore[arg-type]
            delivery=f"2 days for {id}",
        )


@strawberry.type
class Query:
    @strawberry.field
    def warehouses(self) -> list[Warehouse]:
        return [Warehouse(id=strawberry.ID("w1"), region="north", capacity=0)]


schema = Schema(
    query=Query,
    types=[Product, Warehouse],
    federation_version=FEDERATION_VERSION,  # type: ignore[arg-type]
)

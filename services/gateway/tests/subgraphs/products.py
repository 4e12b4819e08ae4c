"""`products`: owns Product (keys `id` and `sku`), User, the Media interface and a union."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from strawberry.federation import Schema

FEDERATION_VERSION = "2.9"

PRODUCTS = {
    "p1": {"sku": "SKU-1", "name": "Chair", "price": 100, "weight": 5, "w": 40, "h": 90},
    "p2": {"sku": "SKU-2", "name": "Table", "price": 300, "weight": 20, "w": 120, "h": 75},
    "p3": {"sku": "SKU-3", "name": "Lamp", "price": 40, "weight": 1, "w": 20, "h": 50},
}
USERS = {"u1": "Ada", "u2": "Grace"}


@strawberry.federation.type(shareable=True)
class Dimensions:
    width: int
    height: int


@strawberry.federation.type(keys=["id", "sku"])
class Product:
    id: strawberry.ID
    sku: str
    name: str = strawberry.federation.field(shareable=True)
    price: int
    weight: int
    dimensions: Dimensions
    internal_code: str = strawberry.federation.field(inaccessible=True)
    # Moved to `inventory` with @override there; still declared here as before the move.
    delivery: str

    @classmethod
    def from_id(cls, product_id: str) -> Product:
        row = PRODUCTS[product_id]
        return cls(
            id=strawberry.ID(product_id),
            sku=str(row["sku"]),
            name=str(row["name"]),
            price=int(row["price"]),
            weight=int(row["weight"]),
            dimensions=Dimensions(width=int(row["w"]), height=int(row["h"])),
            internal_code=f"INT-{product_id}",
            delivery="from products (overridden, must not be used)",
        )

    @classmethod
    def resolve_reference(cls, **key: str) -> Product | None:
        if "id" in key:
            return cls.from_id(key["id"]) if key["id"] in PRODUCTS else None
        for product_id, row in PRODUCTS.items():
            if row["sku"] == key.get("sku"):
                return cls.from_id(product_id)
        return None


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID
    name: str = strawberry.federation.field(shareable=True)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return cls(id=id, name=USERS[str(id)])


@strawberry.federation.interface(keys=["id"])
class Media:
    id: strawberry.ID
    title: str


@strawberry.federation.type(keys=["id"])
class Book(Media):
    pages: int

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Book:
        return cls(id=id, title=f"Book {id}", pages=100)


@strawberry.federation.type(keys=["id"])
class Movie(Media):
    minutes: int

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Movie:
        return cls(id=id, title=f"Movie {id}", minutes=90)


SearchResult = Annotated[Book | Movie, strawberry.union("SearchResult")]


@strawberry.enum
class Color(Enum):
    RED = "RED"
    GREEN = "GREEN"


@strawberry.type
class Query:
    @strawberry.field
    def products(self, first: int | None = None) -> list[Product]:
        products = [Product.from_id(pid) for pid in PRODUCTS]
        return products[:first] if first is not None else products

    @strawberry.field
    def product(self, id: strawberry.ID) -> Product | None:
        return Product.from_id(str(id)) if str(id) in PRODUCTS else None

    @strawberry.field
    def user(self, id: strawberry.ID) -> User | None:
        return User(id=id, name=USERS[str(id)]) if str(id) in USERS else None

    @strawberry.field
    def media(self) -> list[Media]:
        return [
            Book(id=strawberry.ID("b1"), title="Book b1", pages=100),
            Movie(id=strawberry.ID("m1"), title="Movie m1", minutes=90),
        ]

    @strawberry.field
    def search(self, text: str) -> list[SearchResult]:
        return [
            Movie(id=strawberry.ID("m2"), title=f"Movie {text}", minutes=120),
            Book(id=strawberry.ID("b2"), title=f"Book {text}", pages=250),
        ]

    @strawberry.field
    def color(self) -> Color:
        return Color.RED

    @strawberry.field
    def echo(self, text: str) -> str:
        return text


@strawberry.type
class Mutation:
    @strawberry.mutation
    def rename_product(self, id: strawberry.ID, name: str) -> Product:
        PRODUCTS[str(id)]["name"] = name
        return Product.from_id(str(id))


schema = Schema(
    query=Query,
    mutation=Mutation,
    types=[Book, Movie],
    federation_version=FEDERATION_VERSION,  # type: ignore[arg-type]
)

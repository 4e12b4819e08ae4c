"""`reviews`: Product by its second key (`sku`), @provides, shareable fields, media entities,
a slow field and fields that fail, for error and null propagation tests."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry.federation import Schema

FEDERATION_VERSION = "2.9"


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID
    name: str = strawberry.federation.field(external=True)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return cls(id=id, name="")


@strawberry.type
class Review:
    id: strawberry.ID
    body: str
    author: User = strawberry.federation.field(provides=["name"])


@strawberry.federation.type(keys=["sku"])
class Product:
    sku: str
    name: str = strawberry.federation.field(shareable=True)

    @strawberry.field
    def reviews(self) -> list[Review] | None:
        return [
            Review(
                id=strawberry.ID(f"r-{self.sku}"),
                body=f"Good {self.sku}",
                author=User(id=strawberry.ID("u1"), name="Ada (provided by reviews)"),
            )
        ]

    @strawberry.field
    def rating(self) -> int | None:
        if self.sku == "SKU-2":
            raise ValueError("rating service exploded")
        return 5

    @strawberry.field
    def mandatory_rating(self) -> int:
        if self.sku == "SKU-2":
            raise ValueError("mandatory rating exploded")
        return 4

    @strawberry.field
    async def slow(self) -> str | None:
        # Far beyond the 1.5 s timeout of the timeout tests' gateways, so that the healthy
        # fetches of the same request have room on a loaded machine while this one surely
        # times out.
        await asyncio.sleep(4)
        return "slow"

    @classmethod
    def resolve_reference(cls, sku: str) -> Product:
        return cls(sku=sku, name=f"name of {sku} from reviews")


@strawberry.federation.type(keys=["id"])
class Book:
    id: strawberry.ID

    @strawberry.field
    def reviews_count(self) -> int:
        return 7

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Book:
        return cls(id=id)


@strawberry.federation.type(keys=["id"])
class Movie:
    id: strawberry.ID

    @strawberry.field
    def reviews_count(self) -> int:
        return 3

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Movie:
        return cls(id=id)


@strawberry.federation.type(keys=["id region"])
class Warehouse:
    id: strawberry.ID
    region: str

    @strawberry.field
    def manager(self) -> str:
        return f"manager of {self.id} in {self.region}"

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, region: str) -> Warehouse:
        return cls(id=id, region=region)


@strawberry.type
class Query:
    @strawberry.field
    def latest_reviews(self) -> list[Review]:
        return [
            Review(
                id=strawberry.ID("r0"),
                body="Latest",
                author=User(id=strawberry.ID("u2"), name="Grace (provided)"),
            )
        ]

    @strawberry.field
    def top_product(self) -> Product:
        return Product(sku="SKU-1", name="Chair from reviews")


schema = Schema(
    query=Query,
    types=[Product, Book, Movie, User, Warehouse],
    federation_version=FEDERATION_VERSION,  # type: ignore[arg-type]
)

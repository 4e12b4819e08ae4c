"""Relay `node(id:)`: any object of this subgraph by its global id."""

from __future__ import annotations

import strawberry


@strawberry.interface(description="An object with a global id (base64 of `Type:uuid`).")
class Node:
    id: strawberry.ID = strawberry.field(description="Global id (Relay).")

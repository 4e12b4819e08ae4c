"""Strawberry pieces every subgraph uses: federation schema, Relay page info, error masking."""

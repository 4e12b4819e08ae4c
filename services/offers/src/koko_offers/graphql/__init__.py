"""The offers federation subgraph: schema, per-request context and router."""

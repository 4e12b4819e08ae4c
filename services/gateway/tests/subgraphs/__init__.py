"""Small Strawberry subgraphs written from the Federation v2 spec for conformance tests."""

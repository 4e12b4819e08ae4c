"""The supergraph: composing it from subgraph SDL, and reading its join directives."""

"""Query planning: split a client operation into subgraph fetches ordered by dependency."""

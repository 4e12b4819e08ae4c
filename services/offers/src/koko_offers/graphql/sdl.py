"""Print the subgraph SDL: `python -m koko_offers.graphql.sdl`."""

from koko_offers.graphql.schema import schema

if __name__ == "__main__":
    print(schema.as_str())

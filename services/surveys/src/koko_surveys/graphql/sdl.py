"""Print the subgraph SDL: `python -m koko_surveys.graphql.sdl`."""

from koko_surveys.graphql.schema import schema

if __name__ == "__main__":
    print(schema.as_str())

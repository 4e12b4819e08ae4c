"""Recompose `deploy/supergraph.graphql` from the subgraphs listed in `subgraphs.toml`.

`--write` rewrites the file; `--check` fails when it is out of date (CI). The SDL of each
subgraph comes from its strawberry federation schema, so no service needs to be running.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import tomllib
from pathlib import Path

from koko_gateway.supergraph.compose import CompositionError, SubgraphSource, compose_supergraph

HERE = Path(__file__).resolve().parent
SUBGRAPHS_FILE = HERE / "subgraphs.toml"
SUPERGRAPH_FILE = HERE.parent / "supergraph.graphql"


def _module_exists(module_name: str) -> bool:
    try:
        return importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:
        return False


def load_subgraphs(config: Path = SUBGRAPHS_FILE) -> list[SubgraphSource]:
    entries = tomllib.loads(config.read_text())["subgraph"]
    sources: list[SubgraphSource] = []
    for entry in entries:
        module_name, _, attribute = entry["schema"].partition(":")
        if not _module_exists(module_name):
            raise SystemExit(
                f"compose: subgraph {entry['name']!r}: no module {module_name} (see {config.name})"
            )
        schema = getattr(importlib.import_module(module_name), attribute or "schema")
        sources.append(SubgraphSource(name=entry["name"], url=entry["url"], sdl=schema.as_str()))
    return sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="rewrite deploy/supergraph.graphql")
    mode.add_argument("--check", action="store_true", help="fail when it is out of date")
    parser.add_argument("--output", type=Path, default=SUPERGRAPH_FILE)
    args = parser.parse_args(argv)

    subgraphs = load_subgraphs()
    try:
        supergraph = compose_supergraph(subgraphs)
    except CompositionError as exc:
        print(exc, file=sys.stderr)
        return 1

    if args.write:
        args.output.write_text(supergraph)
        print(f"compose: wrote {args.output} ({', '.join(s.name for s in subgraphs)})")
        return 0
    current = args.output.read_text() if args.output.exists() else ""
    if current != supergraph:
        print(
            f"compose: {args.output} is out of date; run `make compose` and commit it",
            file=sys.stderr,
        )
        return 1
    print(f"compose: {args.output} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())

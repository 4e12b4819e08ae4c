"""Recompose every committed supergraph and write or check it.

- `deploy/supergraph.graphql` from the subgraphs listed in `subgraphs.toml` (Koko's own graph);
- the gateway's test supergraphs listed in `test-supergraphs.toml`;
- one supergraph per gateway feature folder, `services/gateway/tests/features/<feature>/`:
  its `subgraphs/*.graphql` compose to its `supergraph.graphql`.

`--write` rewrites the files; `--check` fails when one is out of date (CI). The SDL of a Python
subgraph comes from its strawberry federation schema, so no service needs to be running.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from koko_gateway.supergraph.compose import CompositionError, SubgraphSource, compose_supergraph

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SUBGRAPHS_FILE = HERE / "subgraphs.toml"
TEST_SUPERGRAPHS_FILE = HERE / "test-supergraphs.toml"
SUPERGRAPH_FILE = HERE.parent / "supergraph.graphql"
FEATURES_DIR = ROOT / "services" / "gateway" / "tests" / "features"
# Feature subgraphs are SDL only; the tests serve them at the addresses they choose.
FEATURE_URL = "http://{name}.test/graphql"


@dataclass(frozen=True, slots=True)
class Target:
    output: Path
    # Loaded only when the target is composed (`--only` skips the others' imports).
    subgraphs: Callable[[], list[SubgraphSource]]


def _module_exists(module_name: str) -> bool:
    try:
        return importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:
        return False


def _module_from_file(path: Path) -> ModuleType:
    name = "koko_compose_" + "_".join(path.relative_to(ROOT).with_suffix("").parts)
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"compose: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # strawberry resolves annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def _sdl(entry: dict[str, str], config: Path) -> str:
    if "sdl" in entry:
        return (ROOT / entry["sdl"]).read_text()
    location, _, attribute = entry["schema"].partition(":")
    if location.endswith(".py"):
        module = _module_from_file(ROOT / location)
    else:
        if not _module_exists(location):
            raise SystemExit(
                f"compose: subgraph {entry['name']!r}: no module {location} (see {config.name})"
            )
        module = importlib.import_module(location)
    return str(getattr(module, attribute or "schema").as_str())


def _sources(entries: list[dict[str, str]], config: Path) -> list[SubgraphSource]:
    return [SubgraphSource(e["name"], e["url"], _sdl(e, config)) for e in entries]


def load_subgraphs(config: Path = SUBGRAPHS_FILE) -> list[SubgraphSource]:
    return _sources(tomllib.loads(config.read_text())["subgraph"], config)


def feature_targets(features: Path = FEATURES_DIR) -> list[Target]:
    targets = []
    for folder in sorted(p for p in features.glob("*/subgraphs") if p.is_dir()):

        def sources(folder: Path = folder) -> list[SubgraphSource]:
            return [
                SubgraphSource(f.stem, FEATURE_URL.format(name=f.stem), f.read_text())
                for f in sorted(folder.glob("*.graphql"))
            ]

        targets.append(Target(folder.parent / "supergraph.graphql", sources))
    return targets


def all_targets() -> list[Target]:
    targets = [Target(SUPERGRAPH_FILE, load_subgraphs)]
    tests = tomllib.loads(TEST_SUPERGRAPHS_FILE.read_text())["supergraph"]
    for test in tests:
        entries = test["subgraphs"]
        targets.append(
            Target(ROOT / test["output"], lambda e=entries: _sources(e, TEST_SUPERGRAPHS_FILE))
        )
    return targets + feature_targets()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="rewrite the supergraph files")
    mode.add_argument("--check", action="store_true", help="fail when one is out of date")
    parser.add_argument(
        "--only", default="", help="only targets whose output path contains this text"
    )
    args = parser.parse_args(argv)

    failed = False
    for target in all_targets():
        if args.only not in str(target.output):
            continue
        shown = target.output.relative_to(ROOT)
        subgraphs = target.subgraphs()
        try:
            supergraph = compose_supergraph(subgraphs)
        except CompositionError as exc:
            print(f"compose: {shown}: {exc}", file=sys.stderr)
            failed = True
            continue
        if args.write:
            target.output.parent.mkdir(parents=True, exist_ok=True)
            if not target.output.exists() or target.output.read_text() != supergraph:
                target.output.write_text(supergraph)
                names = ", ".join(s.name for s in subgraphs)
                print(f"compose: wrote {shown} ({names})")
            continue
        current = target.output.read_text() if target.output.exists() else ""
        if current != supergraph:
            print(
                f"compose: {shown} is out of date; run `make compose` and commit it",
                file=sys.stderr,
            )
            failed = True
        else:
            print(f"compose: {shown} is up to date")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

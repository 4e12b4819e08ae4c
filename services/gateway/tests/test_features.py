"""Golden plan tests and end-to-end tests, one folder per federation feature.

`features/<feature>/` holds the subgraphs' SDL (`subgraphs/*.graphql`), the supergraph they
compose to (`supergraph.graphql`, written by `make compose` with the real composer and checked by
`make compose-check`), the subgraphs' data (`data.json`) and the cases: `cases/<case>.graphql`
(the client operation), `cases/<case>.plan` (the printed query plan) and `cases/<case>.json` (the
response; run with the variables of `cases/<case>.variables.json` when there is one). For every
case the plan must print exactly as checked in, and the operation must answer exactly the
checked-in response through the gateway against the subgraphs served over real HTTP
(`sdl_subgraph.py`).

To rewrite the golden files after a deliberate planner change: `KOKO_WRITE_GOLDEN=1 make test
PYTEST_ARGS=services/gateway/tests/test_features.py`, then review the diff (Apollo's planner is
a good oracle for the plans).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import gateway_settings, point_supergraph
from sdl_subgraph import SdlSubgraph
from servers import ServerThread

from koko_gateway.gateway import Gateway
from koko_gateway.planning.printer import print_plan

FEATURES = Path(__file__).parent / "features"
WRITE = os.environ.get("KOKO_WRITE_GOLDEN") == "1"
CASES = sorted(FEATURES.glob("*/cases/*.graphql"))


def _id(case: Path) -> str:
    return f"{case.parent.parent.name}/{case.stem}"


def _text(path: Path) -> str:
    return path.read_text()


def _variables(case: Path) -> dict[str, object] | None:
    path = case.with_suffix(".variables.json")
    return json.loads(path.read_text()) if path.exists() else None


def _golden(path: Path, actual: str) -> str:
    if WRITE:
        path.write_text(actual)
    assert path.exists(), f"{path.relative_to(FEATURES)} is missing (KOKO_WRITE_GOLDEN=1)"
    return path.read_text()


class _Feature:
    """The subgraph servers of one feature, started once per test session."""

    def __init__(self, folder: Path) -> None:
        data = json.loads((folder / "data.json").read_text())
        self.servers = {
            sdl.stem: ServerThread(SdlSubgraph(sdl.read_text(), data.get(sdl.stem, {})))
            for sdl in sorted((folder / "subgraphs").glob("*.graphql"))
        }
        for server in self.servers.values():
            server.start()
        urls = {name: server.url for name, server in self.servers.items()}
        self.sdl = point_supergraph((folder / "supergraph.graphql").read_text(), urls)

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()


@pytest.fixture(scope="session")
def features() -> Iterator[dict[Path, _Feature]]:
    started: dict[Path, _Feature] = {}
    yield started
    for feature in started.values():
        feature.stop()


@pytest.mark.parametrize("case", CASES, ids=_id)
async def test_plan(case: Path) -> None:
    sdl = (case.parent.parent / "supergraph.graphql").read_text()
    gateway = Gateway(sdl, gateway_settings())
    try:
        query = _text(case)
        plan = gateway.plan(gateway.prepare(query, None), {}, query)
        printed = print_plan(plan.node)
        assert printed == _golden(case.with_suffix(".plan"), printed)
    finally:
        await gateway.aclose()


@pytest.mark.parametrize("case", CASES, ids=_id)
async def test_response(case: Path, features: dict[Path, _Feature]) -> None:
    folder = case.parent.parent
    if folder not in features:
        features[folder] = _Feature(folder)
    gateway = Gateway(features[folder].sdl, gateway_settings())
    try:
        response = await gateway.execute(_text(case), variables=_variables(case))
        actual = json.dumps(response.body, indent=2, ensure_ascii=False) + "\n"
        expected = _golden(case.with_suffix(".json"), actual)
        assert response.body == json.loads(expected)
    finally:
        await gateway.aclose()

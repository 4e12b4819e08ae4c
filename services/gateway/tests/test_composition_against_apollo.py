"""Koko's composer checked against Apollo's: every feature folder's subgraphs are composed by
Apollo's composition (npm `@apollo/composition`, the version of the query planner,
`deploy/federation/apollo_composition.mjs`), and the committed supergraph must mean the same: the
same types, fields, field types, members, and join/federation directives (field sets and argument
order in one spelling). Koko composes with `@theguild/federation-composition` and aligns its
output where the two differ in meaning (`deploy/federation/align.mjs`); this test finds any
difference that is left or comes with a new case. Without Node the tests are skipped; CI sets
KOKO_REQUIRE_TOOLS=1, which makes that a failure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.node_tools import ROOT, run_node

FEATURES = Path(__file__).parent / "features"
FOLDERS = sorted(p.parent for p in FEATURES.glob("*/supergraph.graphql"))
APOLLO_COMPOSITION = ROOT / "deploy" / "federation" / "apollo_composition.mjs"


def _case(folder: Path, supergraph: Path | None = None) -> dict[str, Any]:
    return {
        "id": folder.name,
        "supergraph": str(supergraph or folder / "supergraph.graphql"),
        "subgraphs": [
            {"name": sdl.stem, "url": f"http://{sdl.stem}.test/graphql", "sdl": sdl.read_text()}
            for sdl in sorted((folder / "subgraphs").glob("*.graphql"))
        ],
    }


def _compose(tmp_path: Path, cases: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    listing = tmp_path / "cases.json"
    listing.write_text(json.dumps(cases))
    return {line["id"]: line for line in run_node(APOLLO_COMPOSITION, str(listing))}


@pytest.fixture(scope="module")
def apollo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Apollo's composition of every feature folder, from one Node process."""
    return _compose(tmp_path_factory.mktemp("composition"), [_case(f) for f in FOLDERS])


def _difference(line: dict[str, Any]) -> list[str]:
    committed, theirs = set(line["committed"]), set(line["apollo"])
    return [f"- {x}" for x in sorted(committed - theirs)] + [
        f"+ {x}" for x in sorted(theirs - committed)
    ]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_supergraph_means_what_apollos_composition_writes(
    folder: Path, apollo: dict[str, dict[str, Any]]
) -> None:
    # given: Apollo's composition of the folder's subgraphs
    line = apollo[folder.name]
    assert "error" not in line, f"Apollo's composition refused the subgraphs: {line['error']}"

    # then: the committed supergraph (Koko's composer) means the same ("-" Koko, "+" Apollo)
    assert _difference(line) == []


def test_the_comparison_sees_a_narrowed_field_type(tmp_path: Path) -> None:
    # given: the union-intersection supergraph as the composition library alone writes it
    folder = FEATURES / "audit_union_intersection"
    as_apollo = 'book: ViewerMedia @join__field(graph: A, type: "Book")'
    narrowed = tmp_path / "supergraph.graphql"
    text = (folder / "supergraph.graphql").read_text()
    assert as_apollo in text
    narrowed.write_text(text.replace(as_apollo, 'book: Book @join__field(graph: A, type: "Book")'))

    # when: it is compared with Apollo's composition
    line = _compose(tmp_path, [_case(folder, narrowed)])[folder.name]

    # then: the one field differs
    assert _difference(line) == [
        '- Viewer.book: Book @join__field(graph: A, type: "Book")'
        ' @join__field(graph: B, type: "ViewerMedia")',
        '+ Viewer.book: ViewerMedia @join__field(graph: A, type: "Book")'
        ' @join__field(graph: B, type: "ViewerMedia")',
    ]

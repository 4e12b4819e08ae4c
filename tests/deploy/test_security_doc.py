"""docs/security.md states only what a test shows: every test it names beside a claim exists
(a renamed or deleted test leaves a claim without its proof, and this fails)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "security.md"


def _tracked_tests() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "*test_*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / name for name in listed]


def _resolve(name: str, current: Path | None, tests: list[Path]) -> Path | None:
    """A path as the doc writes it: from the root, beside the previous file, or a unique name."""
    for candidate in (ROOT / name, current.parent / name if current else None):
        if candidate is not None and candidate.is_file():
            return candidate
    matches = [t for t in tests if t.as_posix().endswith("/" + name)]
    return matches[0] if len(matches) == 1 else None


def _named_tests() -> list[tuple[Path | None, str, str]]:
    """(file, test function or "", as written) for every test reference in the doc's lines."""
    tests = _tracked_tests()
    found = []
    for line in DOC.read_text().splitlines():
        current: Path | None = None
        for token in re.findall(r"`([^`]+)`", line):
            path, _, name = token.split("[")[0].partition("::")
            if path.endswith(".py") and "test_" in path.rsplit("/", 1)[-1]:
                current = _resolve(path, current, tests)
                found.append((current, name, token))
            elif path.endswith(".py"):
                current = None
            elif not path and name:
                found.append((current, name, token))
            elif re.fullmatch(r"test_\w+", path) and current is not None:
                found.append((current, path, token))
    return found


def test_every_test_named_in_the_security_doc_exists() -> None:
    named = _named_tests()
    assert len(named) > 60
    missing = []
    for path, name, written in named:
        if path is None or (name and not re.search(rf"def {re.escape(name)}\b", path.read_text())):
            missing.append(written)
    assert not missing, missing

"""`requires_tool`: a missing tool skips the test on a laptop and fails it in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

NEEDS_CHROMIUM = """
import pytest

@pytest.mark.requires_tool("chromium")
def test_needs_chromium():
    assert True
"""


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_needs.py").write_text(NEEDS_CHROMIUM)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KOKO_REQUIRE")}
    environment.update(PATH=str(tmp_path), **env)  # no chromium on this PATH
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "koko_shared.testing.tools", "-rs", "-q",
         "-p", "no:cacheprovider", "-c", "/dev/null", str(tmp_path)],
        capture_output=True, text=True, env=environment, cwd=tmp_path, check=False,
    )  # fmt: skip


def test_a_missing_tool_skips_with_what_to_install(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "apt-get install chromium" in result.stdout


@pytest.mark.parametrize("variable", ["KOKO_REQUIRE_TOOLS", "KOKO_REQUIRE_NODE"])
def test_a_missing_tool_fails_in_ci(tmp_path: Path, variable: str) -> None:
    result = _run(tmp_path, **{variable: "1"})
    assert result.returncode == 1, result.stdout
    assert "1 error" in result.stdout  # failed in setup, before the test body ran
    assert "chromium is missing but KOKO_REQUIRE_TOOLS is set" in result.stdout


def test_an_unknown_tool_name_fails(tmp_path: Path) -> None:
    (tmp_path / "test_typo.py").write_text(
        'import pytest\n\n@pytest.mark.requires_tool("chromum")\ndef test_x():\n    pass\n'
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "koko_shared.testing.tools", "-q",
         "-p", "no:cacheprovider", "-c", "/dev/null", str(tmp_path / "test_typo.py")],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert (
        result.returncode == 1
        and "1 error" in result.stdout
        and "unknown tool 'chromum'" in result.stdout
    )

"""The guard the services' tests run over their service modules finds a dict of values in a
public function's parameters, alone or with None, and leaves private helpers alone."""

from __future__ import annotations

from pathlib import Path

from koko_shared.testing.service_inputs import dict_parameters


def test_the_guard_finds_a_dict_parameter(tmp_path: Path) -> None:
    # given a service that takes a dict of values, one of optional conditions and a private
    # helper that takes one
    (tmp_path / "thing").mkdir()
    (tmp_path / "thing" / "service.py").write_text(
        "from typing import Any\n"
        "async def update(session, *, values: dict[str, Any]) -> None: ...\n"
        "async def define(session, *, numerator: dict[str, Any] | None) -> None: ...\n"
        "def _merge(values: dict[str, Any]) -> None: ...\n"
    )
    # when / then
    assert dict_parameters(tmp_path) == [
        ("thing", "update", "values"),
        ("thing", "define", "numerator"),
    ]

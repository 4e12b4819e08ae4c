"""The guard the services' tests run over their service modules finds a mapping of values in the
parameters of any function, public or private: `dict[str, Any]` alone or with None, `Mapping`
and `object` values; typed parameters and other mappings pass."""

from __future__ import annotations

from pathlib import Path

from koko_shared.testing.service_inputs import dict_parameters


def test_the_guard_finds_a_dict_parameter(tmp_path: Path) -> None:
    # given a service that takes a dict of values, one of optional conditions and private
    # helpers that take one, beside typed parameters and a mapping of counts
    (tmp_path / "thing").mkdir()
    (tmp_path / "thing" / "service.py").write_text(
        "from collections import abc\n"
        "from typing import Any, Mapping\n"
        "async def update(session, *, values: dict[str, Any]) -> None: ...\n"
        "async def define(session, *, numerator: dict[str, Any] | None) -> None: ...\n"
        "def _merge(values: dict[str, Any]) -> None: ...\n"
        "def _check(problems, merged: Mapping[str, object]) -> None: ...\n"
        "def _places(session, values: None | abc.Mapping[str, Any]) -> None: ...\n"
        "def _typed(after: 'RunValues', counts: dict[str, int], ids: list[str]) -> None: ...\n"
    )
    # when / then
    assert dict_parameters(tmp_path) == [
        ("thing", "update", "values"),
        ("thing", "define", "numerator"),
        ("thing", "_merge", "values"),
        ("thing", "_check", "merged"),
        ("thing", "_places", "values"),
    ]

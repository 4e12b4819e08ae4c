"""Survey services take typed inputs, never `dict[str, Any]`: a guard over every service
module's functions, and the typed inputs `indicatorDefine` and `tablePlanDefine` build."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from strawberry.scalars import JSON

import koko_surveys
from koko_shared.errors import InvalidInput
from koko_surveys.analytics.results import Dimension
from koko_surveys.indicator.inputs import IndicatorDefineInput
from koko_surveys.indicator.service import NewIndicator
from koko_surveys.plan.mutations import TablePlanDefineInput
from koko_surveys.plan.service import NewTablePlan

# The audit log's detail: a JSON document a service writes, not an input handed over to it.
DOCUMENTS = {("audit", "record", "detail")}


def dict_parameters(package: Path) -> list[tuple[str, str, str]]:
    """(domain, function, parameter) of every public function of a `<domain>/service.py` with a
    parameter annotated `dict[str, Any]` (alone or with None)."""
    found = []
    for path in sorted(package.glob("*/service.py")):
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if node.name.startswith("_"):
                continue
            arguments = node.args
            for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
                annotation = ast.unparse(argument.annotation) if argument.annotation else ""
                if annotation.replace(" ", "") in ("dict[str,Any]", "dict[str,Any]|None"):
                    found.append((path.parent.name, node.name, argument.arg))
    return found


def test_no_service_function_takes_a_dict_of_values() -> None:
    # given every service module of the surveys subgraph
    package = Path(koko_surveys.__file__).parent
    # when
    found = set(dict_parameters(package))
    # then: only the audit log's own documents
    assert found - DOCUMENTS == set()


def test_the_guard_finds_a_dict_parameter(tmp_path: Path) -> None:
    # given a service that takes a dict of conditions
    (tmp_path / "thing").mkdir()
    (tmp_path / "thing" / "service.py").write_text(
        "from typing import Any\n"
        "async def define(session, *, numerator: dict[str, Any] | None) -> None: ...\n"
    )
    # when / then
    assert dict_parameters(tmp_path) == [("thing", "define", "numerator")]


def test_indicator_input_becomes_its_typed_input() -> None:
    # given
    source = IndicatorDefineInput(
        study_id="x",
        code="training_rate",
        label=JSON({"de": "Anteil in Ausbildung"}),
        numerator=JSON({"question": "destination", "equals": "training"}),
        denominator=JSON({}),
    )
    # when
    new = source.to_create()
    # then
    assert new == NewIndicator(
        code="training_rate",
        label={"de": "Anteil in Ausbildung"},
        numerator={"question": "destination", "equals": "training"},
        denominator={},
        public=False,
    )


def test_an_indicator_condition_that_is_no_object_is_refused_by_field() -> None:
    # given
    source = IndicatorDefineInput(
        study_id="x", code="c", label=JSON({"de": "c"}), numerator=JSON([1]), denominator=JSON({})
    )
    # when
    with pytest.raises(InvalidInput) as refused:
        source.to_create()
    # then
    assert refused.value.field == "numerator"


def test_table_plan_input_becomes_its_typed_input_with_dimension_values() -> None:
    # given
    indicators = [{"code": "destination", "question": "destination"}]
    source = TablePlanDefineInput(
        study_id="x",
        indicators=JSON(indicators),
        breakdowns=[[Dimension.AREA], [Dimension.COHORT, Dimension.SEX]],
        code_lists=JSON({"area": ["nord"]}),
    )
    # when
    new = source.to_create()
    # then
    assert new == NewTablePlan(
        indicators=indicators,
        breakdowns=[["area"], ["cohort", "sex"]],
        code_lists={"area": ["nord"]},
    )

"""Survey services take typed inputs, never `dict[str, Any]`: a guard over every service
module's functions (private helpers too), and the typed inputs `indicatorDefine` and
`tablePlanDefine` build."""

from __future__ import annotations

from pathlib import Path

import pytest
from strawberry.scalars import JSON

import koko_surveys
from koko_shared.errors import InvalidInput
from koko_shared.testing.service_inputs import dict_parameters
from koko_surveys.analytics.results import Dimension
from koko_surveys.indicator.inputs import IndicatorDefineInput
from koko_surveys.indicator.service import NewIndicator
from koko_surveys.plan.mutations import TablePlanDefineInput
from koko_surveys.plan.service import NewTablePlan

# JSON documents a service writes, not inputs handed over to it: the audit log's detail and
# the disclosure report stored with a microdata export.
DOCUMENTS = {("audit", "record", "detail"), ("export", "_store", "report")}


def test_no_service_function_takes_a_dict_of_values() -> None:
    # given every service module of the surveys subgraph
    package = Path(koko_surveys.__file__).parent
    # when
    found = set(dict_parameters(package))
    # then: only the documents the services write
    assert found - DOCUMENTS == set()


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

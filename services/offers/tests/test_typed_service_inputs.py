"""Services take typed inputs, never `dict[str, Any]`: a guard over every service module's
functions (private helpers too), how a Strawberry input becomes the typed input of a create or
an update (left out = unchanged, null = clear, codes case-insensitive, a required field refused
as null), and the typed values of a row after a change that the rules across fields read."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

import koko_offers
from koko_offers.changes import UNSET, columns, merged, values_of
from koko_offers.course_run.service import CourseRunChange, NewCourseRun, RunValues, SeatsChange
from koko_offers.errors import CatalogueInvalid
from koko_offers.provider.inputs import ProviderCreateInput, ProviderUpdateInput
from koko_offers.provider.service import NewProvider, ProviderChange
from koko_offers.working_group.inputs import WorkingGroupUpdateInput
from koko_shared.graphql.ids import to_global_id
from koko_shared.testing.service_inputs import dict_parameters

# JSON documents written by services, not inputs handed over by a resolver or REST handler.
DOCUMENTS = {
    ("change_log", "record", "changes"),
    ("change_log", "diff", "before"),
    ("change_log", "diff", "after"),
}


def test_no_service_function_takes_a_dict_of_values() -> None:
    # given every service module of the offers subgraph
    package = Path(koko_offers.__file__).parent
    # when
    found = set(dict_parameters(package))
    # then: only the change log's own documents
    assert found - DOCUMENTS == set()


def test_a_create_input_becomes_its_typed_input_with_codes_in_lower_case() -> None:
    # given
    source = ProviderCreateInput(region_ars="150030000000", name="VHS", kind="VHS")
    # when
    new = source.to_create()
    # then
    assert new == NewProvider(name="VHS", kind="vhs")
    assert columns(new)["kind"] == "vhs" and columns(new)["website"] is None


def test_an_update_keeps_left_out_fields_apart_from_cleared_ones() -> None:
    # given: the description cleared, the website left out
    source = ProviderUpdateInput(id="x", expected_version=1, name="VHS Magdeburg", description=None)
    # when
    change = source.to_change()
    # then
    assert change == ProviderChange(name="VHS Magdeburg", description=None)
    assert change.website is UNSET
    assert columns(change) == {"name": "VHS Magdeburg", "description": None}


def test_null_for_a_required_field_is_refused_by_name() -> None:
    # given
    source = ProviderUpdateInput(id="x", expected_version=1, name=None)
    # when
    with pytest.raises(CatalogueInvalid) as refused:
        source.to_change()
    # then
    assert [(v.field, v.key) for v in refused.value.violations] == [("name", "required")]


def test_global_ids_become_uuids_and_a_wrong_type_is_refused() -> None:
    # given
    group = to_global_id("WorkingGroup", "0b6f6c2e-8e1e-4a36-9f54-3d8a4c3f1e11")
    offer = to_global_id("Offer", "0b6f6c2e-8e1e-4a36-9f54-3d8a4c3f1e11")
    # when
    change = WorkingGroupUpdateInput(
        id="x", expected_version=1, parent_group_id=group, valid_from=date(2026, 1, 1)
    ).to_change()
    # then
    assert str(change.parent_group_id) == "0b6f6c2e-8e1e-4a36-9f54-3d8a4c3f1e11"
    assert change.convenor_actor_id is UNSET
    with pytest.raises(CatalogueInvalid) as refused:
        WorkingGroupUpdateInput(id="x", expected_version=1, parent_group_id=offer).to_change()
    assert [v.field for v in refused.value.violations] == ["parentGroupId"]


def test_a_change_replaces_given_values_and_keeps_left_out_ones() -> None:
    # given a stored run and a change that moves the end, clears the deadline and leaves the
    # start out
    stored = SimpleNamespace(
        start_date=date(2026, 3, 2),
        end_date=date(2026, 6, 30),
        registration_deadline=date(2026, 2, 20),
        rolling_entry=False,
        schedule_rrule="FREQ=WEEKLY;BYDAY=MO",
        capacity_max=12,
        seats_booked=4,
        waitlist_length=0,
        status="open",
    )
    change = CourseRunChange(end_date=date(2026, 7, 31), registration_deadline=None, status="full")
    # when
    after = merged(RunValues, stored, change)
    # then: given values replace, None clears, left-out and unrelated fields stay
    assert after == RunValues(
        start_date=date(2026, 3, 2),
        end_date=date(2026, 7, 31),
        registration_deadline=None,
        rolling_entry=False,
        schedule_rrule="FREQ=WEEKLY;BYDAY=MO",
        capacity_max=12,
        seats_booked=4,
        waitlist_length=0,
    )
    assert merged(RunValues, stored, SeatsChange(capacity_max=None)).capacity_max is None
    assert merged(RunValues, stored, SeatsChange()) == values_of(RunValues, stored)


def test_a_new_input_gives_every_value_it_defaults() -> None:
    # given
    new = NewCourseRun(start_date=date(2026, 3, 2), seats_booked=3)
    # when
    values = values_of(RunValues, new)
    # then
    assert values.start_date == date(2026, 3, 2) and values.end_date is None
    assert (values.seats_booked, values.waitlist_length, values.rolling_entry) == (3, 0, False)

"""Services take typed inputs, never `dict[str, Any]`: a guard over every service module's
functions, and how a Strawberry input becomes the typed input of a create or an update (left
out = unchanged, null = clear, codes case-insensitive, a required field refused as null)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import koko_offers
from koko_offers.changes import UNSET, columns
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

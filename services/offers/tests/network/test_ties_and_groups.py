"""tieCreate/tieUpdate and workingGroupCreate/Update: ties stay inside one region's network, a
provider records only its own ties, groups never nest in a circle, and refusals change nothing."""

from __future__ import annotations

from koko_offers.actor.models import Actor
from koko_offers.tie.models import Tie
from koko_offers.working_group.models import WorkingGroup
from koko_shared.demo_regions import MAGDEBURG

from .conftest import Api, Net, gid

TIE = "tie { id kind directed published version validTo source { name } target { name } }"


def _referral(source: Actor, target: Actor, **values: object) -> dict[str, object]:
    return {
        "kind": "REFERRAL",
        "sourceActorId": gid("Actor", source.id),
        "targetActorId": gid("Actor", target.id),
        "validFrom": "2024-01-01",
        **values,
    }


async def test_coordinator_records_a_referral_and_ends_it(api: Api, net: Net) -> None:
    # when
    created = await api.mutate(
        "tieCreate",
        _referral(net.jobcenter, net.vhs_actor, published=True),
        api.coordinator(),
        TIE,
    )
    # then
    assert created["errors"] == []
    tie = created["tie"]
    assert (tie["kind"], tie["directed"], tie["published"]) == ("REFERRAL", True, True)
    assert tie["source"]["name"] == "Jobcenter Magdeburg"
    assert tie["target"]["name"] == "Volkshochschule Magdeburg"
    # when it ends
    ended = await api.mutate(
        "tieUpdate",
        {"id": tie["id"], "expectedVersion": 1, "validTo": "2025-12-31"},
        api.coordinator(),
        TIE,
    )
    # then
    assert ended["errors"] == []
    assert (ended["tie"]["validTo"], ended["tie"]["version"]) == ("2025-12-31", 2)


async def test_a_provider_records_its_own_ties_but_not_others(api: Api, net: Net) -> None:
    # when the VHS records that it refers to the Jobcenter, and a tie between two others
    own = await api.mutate(
        "tieCreate", _referral(net.vhs_actor, net.jobcenter), api.provider(net.vhs), TIE
    )
    before = await api.snapshot("tie")
    foreign = await api.mutate(
        "tieCreate", _referral(net.jobcenter, net.school_actor), api.provider(net.free), TIE
    )
    public = await api.mutate("tieCreate", _referral(net.jobcenter, net.vhs_actor), {}, TIE)
    # then
    assert own["errors"] == [] and own["tie"]["published"] is False
    # the school's entry is unpublished: another provider cannot even see it
    assert [(e["field"], e["code"]) for e in foreign["errors"]] == [("targetActorId", "NOT_FOUND")]
    assert [e["code"] for e in public["errors"]] == ["FORBIDDEN"]
    assert await api.snapshot("tie") == before


async def test_ties_never_reach_into_another_regions_network(api: Api, net: Net) -> None:
    # given
    before = await api.count(Tie)
    # when Magdeburg's VHS is tied to Börde's, by an admin who may write in both regions
    payload = await api.mutate(
        "tieCreate", _referral(net.vhs_actor, net.boerde_actor), api.admin(), TIE
    )
    membership = await api.mutate(
        "tieCreate",
        {
            "kind": "MEMBERSHIP",
            "sourceActorId": gid("Actor", net.boerde_actor.id),
            "workingGroupId": gid("WorkingGroup", net.group.id),
            "validFrom": "2024-01-01",
        },
        api.admin(),
        TIE,
    )
    # then
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("targetActorId", "BAD_USER_INPUT")
    ]
    assert [(e["field"], e["code"]) for e in membership["errors"]] == [
        ("workingGroupId", "BAD_USER_INPUT")
    ]
    assert await api.count(Tie) == before


async def test_malformed_ties_are_refused(api: Api, net: Net) -> None:
    # given a referral that exists
    first = await api.mutate(
        "tieCreate", _referral(net.jobcenter, net.vhs_actor), api.coordinator(), TIE
    )
    assert first["errors"] == []
    before = await api.count(Tie)
    group = gid("WorkingGroup", net.group.id)
    cases = [
        (_referral(net.jobcenter, net.jobcenter), "targetActorId"),  # to itself
        (_referral(net.jobcenter, net.vhs_actor, validFrom="2025-06-01"), "validFrom"),  # twice
        (_referral(net.jobcenter, net.vhs_actor, validTo="2020-01-01"), "validTo"),
        (_referral(net.jobcenter, net.vhs_actor, kind="FRIENDSHIP"), "kind"),
        (
            {
                "kind": "MEMBERSHIP",
                "sourceActorId": gid("Actor", net.jobcenter.id),
                "validFrom": "2024-01-01",
            },
            "workingGroupId",
        ),
        ({**_referral(net.jobcenter, net.vhs_actor), "workingGroupId": group}, "targetActorId"),
        (_referral(net.jobcenter, net.vhs_actor, membershipRole="CHAIR"), "membershipRole"),
        (_referral(net.jobcenter, net.vhs_actor, note="n" * 1001), "note"),
        ({**_referral(net.jobcenter, net.vhs_actor), "targetActorId": "bm9wZQ=="}, "targetActorId"),
    ]
    for input, field in cases:
        # when
        payload = await api.mutate("tieCreate", input, api.coordinator(), TIE)
        # then
        assert field in [e["field"] for e in payload["errors"]], (input, payload)
    # a referral back (B refers to A) is another tie, and cooperation is mutual
    back = await api.mutate(
        "tieCreate", _referral(net.vhs_actor, net.jobcenter), api.coordinator(), TIE
    )
    assert back["errors"] == []
    mutual = [
        await api.mutate(
            "tieCreate", _referral(a, b, kind="COOPERATION_AGREEMENT"), api.coordinator(), TIE
        )
        for a, b in ((net.jobcenter, net.vhs_actor), (net.vhs_actor, net.jobcenter))
    ]
    assert mutual[0]["errors"] == []
    assert [e["field"] for e in mutual[1]["errors"]] == ["validFrom"]
    assert await api.count(Tie) == before + 2


async def test_working_groups_never_nest_in_a_circle(api: Api, net: Net) -> None:
    # given a network with the AG inside it
    network = await api.mutate(
        "workingGroupCreate",
        {
            "regionArs": MAGDEBURG,
            "kind": "NETWORK",
            "name": "Netzwerk Integration",
            "fieldsOfAction": ["participation"],
        },
        api.coordinator(),
        "workingGroup { id version }",
    )
    network_id = network["workingGroup"]["id"]
    inside = await api.mutate(
        "workingGroupUpdate",
        {
            "id": gid("WorkingGroup", net.group.id),
            "expectedVersion": 1,
            "parentGroupId": network_id,
        },
        api.coordinator(),
        "workingGroup { id version }",
    )
    assert inside["errors"] == []
    # when the network is put inside the AG, or inside itself
    cycles = [
        await api.mutate(
            "workingGroupUpdate",
            {"id": network_id, "expectedVersion": 1, "parentGroupId": parent},
            api.coordinator(),
            "workingGroup { id }",
        )
        for parent in (gid("WorkingGroup", net.group.id), network_id)
    ]
    # then
    for payload in cycles:
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [
            ("parentGroupId", "BAD_USER_INPUT")
        ]
    stored = await api.fresh(WorkingGroup, net.group.id)
    assert stored is not None and stored.parent_group_id is not None


async def test_only_coordinators_write_working_groups(api: Api, net: Net) -> None:
    # given
    before = await api.snapshot("working_group")
    # when
    payloads = [
        await api.mutate(
            "workingGroupCreate",
            {"regionArs": MAGDEBURG, "kind": "ROUND_TABLE", "name": "Runder Tisch"},
            headers,
            "workingGroup { id }",
        )
        for headers in ({}, api.provider(net.vhs))
    ]
    # then
    for payload in payloads:
        assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]
    assert await api.snapshot("working_group") == before

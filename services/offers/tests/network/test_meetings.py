"""Meetings and follow-ups: coordinators keep the minutes, member organizations read them, the
public never does; a follow-up's owner moves its status and nothing else."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from koko_offers.meeting.models import FollowUp
from koko_offers.tie.models import Tie
from koko_shared.demo_regions import MAGDEBURG
from koko_shared.graphql.ids import from_global_id

from .conftest import Api, Net, gid

MEETINGS = """query($id: ID!) { workingGroup(id: $id) { name
  meetings { edges { node { title topics decisions minutes participants { name }
    followUps { description status overdue owner { name } } } } } } }"""


async def _meeting_with_follow_up(api: Api, net: Net) -> tuple[str, str]:
    meeting = await api.mutate(
        "meetingCreate",
        {
            "workingGroupId": gid("WorkingGroup", net.group.id),
            "meetingDate": "2026-03-04",
            "title": "Runder Tisch",
            "participantActorIds": [gid("Actor", net.vhs_actor.id), gid("Actor", net.jobcenter.id)],
            "topics": ["Wartelisten"],
            "decisions": ["Kursstarts abstimmen"],
            "minutes": "Vertraulich: Wartelisten je Träger.",
        },
        api.coordinator(),
        "meeting { id }",
    )
    assert meeting["errors"] == []
    follow_up = await api.mutate(
        "followUpCreate",
        {
            "meetingId": meeting["meeting"]["id"],
            "description": "Wartelisten melden",
            "ownerActorId": gid("Actor", net.vhs_actor.id),
            "dueDate": "2026-01-01",
        },
        api.coordinator(),
        "followUp { id status overdue }",
    )
    assert follow_up["errors"] == []
    assert follow_up["followUp"]["overdue"] is True
    return meeting["meeting"]["id"], follow_up["followUp"]["id"]


async def test_minutes_are_for_coordinators_and_members_only(api: Api, net: Net) -> None:
    # given a meeting, and the VHS a member of the group
    await _meeting_with_follow_up(api, net)
    api.session.add(
        Tie(
            region_ars=MAGDEBURG,
            kind="membership",
            source_actor_id=net.vhs_actor.id,
            working_group_id=net.group.id,
            membership_role="member",
            valid_from=date(2020, 1, 1),
        )
    )
    await api.session.flush()
    variables = {"id": gid("WorkingGroup", net.group.id)}
    # when
    coordinator = await api.graphql(MEETINGS, variables, api.coordinator())
    member = await api.graphql(MEETINGS, variables, api.provider(net.vhs))
    outsider = await api.graphql(MEETINGS, variables, api.provider(net.free))
    public = await api.graphql(MEETINGS, variables)
    # then
    meeting = coordinator["workingGroup"]["meetings"]["edges"][0]["node"]
    assert meeting["minutes"] == "Vertraulich: Wartelisten je Träger."
    assert [p["name"] for p in meeting["participants"]] == [
        "Volkshochschule Magdeburg",
        "Jobcenter Magdeburg",
    ]
    assert meeting["followUps"][0]["owner"]["name"] == "Volkshochschule Magdeburg"
    assert member["workingGroup"]["meetings"]["edges"][0]["node"]["title"] == "Runder Tisch"
    assert outsider["workingGroup"]["meetings"] is None
    assert public["workingGroup"] == {"name": "AG Sprache", "meetings": None}


async def test_the_owner_moves_the_status_and_nothing_else(api: Api, net: Net) -> None:
    # given
    _, follow_up_id = await _meeting_with_follow_up(api, net)
    selection = "followUp { status version }"
    # when the VHS (owner) reports progress, then tries to move the due date
    progress = await api.mutate(
        "followUpUpdate",
        {"id": follow_up_id, "expectedVersion": 1, "status": "IN_PROGRESS"},
        api.provider(net.vhs),
        selection,
    )
    due = await api.mutate(
        "followUpUpdate",
        {"id": follow_up_id, "expectedVersion": 2, "dueDate": "2027-01-01"},
        api.provider(net.vhs),
        selection,
    )
    stranger = await api.mutate(
        "followUpUpdate",
        {"id": follow_up_id, "expectedVersion": 2, "status": "DONE"},
        api.provider(net.free),
        selection,
    )
    stale = await api.mutate(
        "followUpUpdate",
        {"id": follow_up_id, "expectedVersion": 1, "status": "DONE"},
        api.coordinator(),
        selection,
    )
    # then
    assert progress["errors"] == [] and progress["followUp"] == {
        "status": "IN_PROGRESS",
        "version": 2,
    }
    assert [(e["field"], e["code"]) for e in due["errors"]] == [("dueDate", "FORBIDDEN")]
    assert [e["code"] for e in stranger["errors"]] == ["FORBIDDEN"]
    assert [e["code"] for e in stale["errors"]] == ["CONFLICT"]
    stored = await api.fresh(FollowUp, _id(follow_up_id))
    assert stored is not None and (stored.status, stored.due_date) == (
        "in_progress",
        date(2026, 1, 1),
    )


async def test_follow_ups_are_never_public(api: Api, net: Net) -> None:
    # given
    await _meeting_with_follow_up(api, net)
    query = f'{{ followUps(regionArs: "{MAGDEBURG}") {{ edges {{ node {{ description }} }} }} }}'
    # when
    response = await api.client.post("/graphql", json={"query": query})
    owner = await api.graphql(query, headers=api.provider(net.vhs))
    other = await api.graphql(query, headers=api.provider(net.free))
    # then
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert [e["node"]["description"] for e in owner["followUps"]["edges"]] == ["Wartelisten melden"]
    assert other["followUps"]["edges"] == []


async def test_meeting_input_is_checked(api: Api, net: Net) -> None:
    # given
    group = gid("WorkingGroup", net.group.id)
    base = {"workingGroupId": group, "meetingDate": "2026-03-04", "title": "Sitzung"}
    cases = [
        ({**base, "topics": ["t" * 1001]}, "topics.0", "TOO_LONG"),
        ({**base, "decisions": ["   "]}, "decisions.0", "BAD_USER_INPUT"),
        (
            {**base, "participantActorIds": [gid("Actor", net.boerde_actor.id)]},
            "participantActorIds",
            "BAD_USER_INPUT",
        ),
        ({**base, "minutes": "m" * 20001}, "minutes", "TOO_LONG"),
        ({**base, "topics": [f"t{i}" for i in range(51)]}, "topics", "BAD_USER_INPUT"),
    ]
    for input, field, code in cases:
        # when
        payload = await api.mutate("meetingCreate", input, api.coordinator(), "meeting { id }")
        # then
        assert (field, code) in [(e["field"], e["code"]) for e in payload["errors"]], payload
    refused = await api.mutate("meetingCreate", base, api.provider(net.vhs), "meeting { id }")
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]


def _id(global_id: str) -> UUID:
    return from_global_id(global_id)[1]

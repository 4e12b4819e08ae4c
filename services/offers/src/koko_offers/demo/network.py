"""Loading the demo network of Magdeburg and the Landkreis Börde: actors (linked to the demo
providers where they run offers), working groups with their members, ties and meetings with
follow-ups. Fixed ids, so loading again adds only what is missing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlmodel import SQLModel

from koko_offers.actor.models import Actor
from koko_offers.demo.network_boerde import BOERDE_NETWORK
from koko_offers.demo.network_entries import NetworkEntry
from koko_offers.demo.network_magdeburg import MAGDEBURG_NETWORK
from koko_offers.meeting.models import FollowUp, Meeting
from koko_offers.tie.models import Tie
from koko_offers.working_group.models import WorkingGroup

NETWORKS = (MAGDEBURG_NETWORK, BOERDE_NETWORK)
Add = Callable[..., Awaitable[bool]]
DemoId = Callable[[str, str], UUID]


async def load_networks(add: Add, demo_id: DemoId, today: date) -> None:
    for network in NETWORKS:
        await _load(network, add, demo_id, today)


async def _load(network: NetworkEntry, add: Add, demo_id: DemoId, today: date) -> None:
    region = network.region_ars

    def actor_id(slug: str) -> UUID:
        return demo_id("actor", f"{region}:{slug}")

    def group_id(slug: str) -> UUID:
        return demo_id("working_group", f"{region}:{slug}")

    async def put(row: SQLModel, entity: str) -> None:
        await add(row, key=row.id, entity=entity, region_ars=region)  # type: ignore[attr-defined]

    for entry in network.actors:
        domain = f"{entry.provider or entry.slug}.example.org"
        await put(
            Actor(
                id=actor_id(entry.slug),
                region_ars=region,
                provider_id=demo_id("provider", entry.provider) if entry.provider else None,
                name=None if entry.provider else entry.name,
                kind=entry.kind,
                fields_of_action=list(entry.fields),
                target_groups=list(entry.targets),
                area_codes=[a for a in entry.areas if len(a) < 12],
                municipality_ars=[a for a in entry.areas if len(a) == 12],
                contact_role=entry.role,
                contact_email=f"{entry.mailbox}@{domain}" if entry.mailbox else None,
                published=entry.published,
                valid_from=entry.valid_from,
                valid_to=entry.valid_to,
            ),
            "actor",
        )
    # Parents first: a working group points at its network.
    for group in sorted(network.groups, key=lambda g: g.parent is not None):
        await put(
            WorkingGroup(
                id=group_id(group.slug),
                region_ars=region,
                kind=group.kind,
                name=group.name,
                purpose=group.purpose,
                fields_of_action=list(group.fields),
                parent_group_id=group_id(group.parent) if group.parent else None,
                convenor_actor_id=actor_id(group.convenor) if group.convenor else None,
                published=group.published,
                valid_from=group.since,
            ),
            "working_group",
        )
        for member, role in group.members:
            await put(
                Tie(
                    id=demo_id("tie", f"{region}:{group.slug}:{member}"),
                    region_ars=region,
                    kind="membership",
                    source_actor_id=actor_id(member),
                    working_group_id=group_id(group.slug),
                    membership_role=role,
                    published=group.published,
                    valid_from=group.since,
                ),
                "tie",
            )
    for tie in network.ties:
        since = today - timedelta(days=tie.recent_days) if tie.recent_days else tie.since
        await put(
            Tie(
                id=demo_id("tie", f"{region}:{tie.kind}:{tie.source}:{tie.target}"),
                region_ars=region,
                kind=tie.kind,
                source_actor_id=actor_id(tie.source),
                target_actor_id=actor_id(tie.target),
                note=tie.note,
                published=tie.published,
                valid_from=since,
                valid_to=tie.until,
            ),
            "tie",
        )
    for meeting in network.meetings:
        meeting_id = demo_id("meeting", f"{region}:{meeting.slug}")
        held = today - timedelta(days=meeting.days_ago)
        values: dict[str, Any] = {
            "id": meeting_id,
            "working_group_id": group_id(meeting.group),
            "region_ars": region,
            "meeting_date": held,
            "title": meeting.title,
            "participant_actor_ids": [actor_id(p) for p in meeting.participants],
            "topics": list(meeting.topics),
            "decisions": list(meeting.decisions),
            "minutes": meeting.minutes,
        }
        await put(Meeting(**values), "meeting")
        for index, follow_up in enumerate(meeting.follow_ups):
            await put(
                FollowUp(
                    id=demo_id("follow_up", f"{region}:{meeting.slug}:{index}"),
                    meeting_id=meeting_id,
                    region_ars=region,
                    description=follow_up.description,
                    owner_actor_id=actor_id(follow_up.owner),
                    due_date=today + timedelta(days=follow_up.due_in_days),
                    status=follow_up.status,
                ),
                "follow_up",
            )
